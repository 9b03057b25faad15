"""SQL functions registered on each SQLite connection, standing in for what PostGIS offers."""

import math
import sqlite3
from collections.abc import Callable
from functools import lru_cache

import shapely
from shapely.geometry.base import BaseGeometry

# Distances are computed in SQL with these; SQLite has them built in from 3.35 when enabled.
MATH: dict[str, tuple[Callable[..., float], int]] = {
    "radians": (math.radians, 1),
    "sin": (math.sin, 1),
    "cos": (math.cos, 1),
    "asin": (math.asin, 1),
    "sqrt": (math.sqrt, 1),
    "pow": (math.pow, 2),
}


@lru_cache(maxsize=64)
def _prepared(wkb: bytes) -> BaseGeometry:
    geometry = shapely.from_wkb(wkb)
    shapely.prepare(geometry)
    return geometry


def _intersects(stored: bytes | None, query: bytes | None) -> int | None:
    if stored is None or query is None:
        return None
    return int(_prepared(query).intersects(shapely.from_wkb(stored)))


def _null_safe(function: Callable[..., float]) -> Callable[..., float | None]:
    def call(*args: float | None) -> float | None:
        return None if None in args else function(*args)

    return call


def _has_math(connection: sqlite3.Connection) -> bool:
    try:
        connection.execute("SELECT sin(0)")
    except sqlite3.OperationalError:
        return False
    return True


def register_functions(connection: sqlite3.Connection) -> None:
    """Add nabij_intersects(wkb, wkb), and the math functions where this SQLite lacks them."""
    connection.create_function("nabij_intersects", 2, _intersects, deterministic=True)
    if not _has_math(connection):
        for name, (function, arity) in MATH.items():
            connection.create_function(name, arity, _null_safe(function), deterministic=True)
