"""Open Referral HSDS 3.0: our published offers, places, organisations and themes as HSDS records.

Pure mapping from rows to the dicts the HSDS JSON schemas describe; queries live in `app.store.hsds`.
"""
