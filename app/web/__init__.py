"""Server-rendered pages: the maps (and, later, the forms community builders use)."""
