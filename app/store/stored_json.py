"""JSON values as stored, read once each: the same few themes, schedules and facets recur row after row."""

import json
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=4096)
def themes_of(stored: str) -> frozenset[str]:
    """A stored JSON list of theme codes."""
    return frozenset(json.loads(stored))


@lru_cache(maxsize=4096)
def decoded(stored: str | None) -> Any:
    """A stored JSON value (shared between callers: never change it), or None for none."""
    return None if stored is None else json.loads(stored)
