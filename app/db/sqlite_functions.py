"""SQL functions registered on each SQLite connection, standing in for what PostGIS offers."""

import sqlite3
from functools import lru_cache

import shapely
from shapely.geometry.base import BaseGeometry

from app.geo import distance_m


@lru_cache(maxsize=64)
def _prepared(wkb: bytes) -> BaseGeometry:
    geometry = shapely.from_wkb(wkb)
    shapely.prepare(geometry)
    return geometry


def _intersects(stored: bytes | None, query: bytes | None) -> int | None:
    if stored is None or query is None:
        return None
    return int(_prepared(query).intersects(shapely.from_wkb(stored)))


def _distance(lon1: float, lat1: float, lon2: float, lat2: float) -> float | None:
    if None in (lon1, lat1, lon2, lat2):
        return None
    return distance_m(lon1, lat1, lon2, lat2)


def register_functions(connection: sqlite3.Connection) -> None:
    """Add nabij_intersects(wkb, wkb) and nabij_distance_m(lon, lat, lon, lat) to a connection."""
    connection.create_function("nabij_intersects", 2, _intersects, deterministic=True)
    connection.create_function("nabij_distance_m", 4, _distance, deterministic=True)
