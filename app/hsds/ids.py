"""Stable HSDS ids: our own UUIDs where a row has one, UUID5 under one fixed namespace for the rest."""

import uuid

# Fixed for good: changing it changes every derived id that referral tools may have stored.
NAMESPACE = uuid.UUID("c35b3615-de94-4bfd-a797-cc43421cf6ef")


def derived_id(kind: str, *key: object) -> str:
    """The id of a record we key by code or by its owner, e.g. `derived_id("taxonomy_term", "huisvesting/tuin")`."""
    return str(uuid.uuid5(NAMESPACE, "/".join((kind, *map(str, key)))))


def term_id(code: str) -> str:
    return derived_id("taxonomy_term", code)


TAXONOMY_ID = derived_id("taxonomy", "nabij-themes")
