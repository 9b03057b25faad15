"""The core's storage work: who may see and change what, filtered lists, create/read/update/delete."""
