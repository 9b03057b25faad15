"""Spatial and JSON filters, one class per backend; each overrides only what differs.

Every spatial table has a `geom` column (WGS84) and its bounding box in `min_x`, `min_y`,
`max_x`, `max_y`. PostGIS answers from its GiST index on `geom`; SQLite from a B-tree index on
the box columns, then an exact test in a registered function (see sqlite_functions).
"""

import json
import math
from typing import Any, Protocol

from shapely.geometry.base import BaseGeometry
from sqlalchemy import ColumnElement, Float, String, and_, cast, func, literal, or_
from sqlalchemy.orm import Mapped, Session
from sqlmodel import col

from app.db.types import SRID, Geometry
from app.geo import EARTH_RADIUS_M, BBox, radius_envelope


class SpatialColumns(Protocol):
    """A spatial table class: its geometry and its bounding box columns."""

    geom: Any
    min_x: float
    min_y: float
    max_x: float
    max_y: float


class SpatialSQL:
    """Filters as the SQLite backend writes them (with the functions it registers)."""

    def box_overlaps(self, model: type[SpatialColumns], bbox: BBox) -> ColumnElement[bool]:
        """The stored bounding box overlaps `bbox`; uses the index on (min_y, min_x)."""
        west, south, east, north = bbox
        if getattr(model, "__point_geometry__", False):
            return and_(col(model.min_y).between(south, north), col(model.min_x).between(west, east))
        return and_(
            col(model.min_x) <= east, col(model.max_x) >= west, col(model.min_y) <= north, col(model.max_y) >= south
        )

    def intersects(self, model: type[SpatialColumns], geometry: BaseGeometry) -> ColumnElement[bool]:
        """The stored geometry intersects `geometry` (WGS84)."""
        prefilter = self.box_overlaps(model, geometry.bounds)
        return and_(prefilter, func.nabij_intersects(model.geom, literal(geometry, Geometry)) == 1)

    def distance_m(self, model: type[SpatialColumns], lon: float, lat: float) -> ColumnElement[float]:
        """Metres from a stored point to (lon, lat), on the mean-radius sphere (haversine in SQL,
        the same formula as `app.geo.distance_m`, so no Python is called for each row)."""
        phi1, phi2 = func.radians(model.min_y), math.radians(lat)
        half_dphi = (func.radians(model.min_y) - phi2) / 2
        half_dlmb = (func.radians(model.min_x) - math.radians(lon)) / 2
        h = func.pow(func.sin(half_dphi), 2) + func.cos(phi1) * math.cos(phi2) * func.pow(func.sin(half_dlmb), 2)
        return (2 * EARTH_RADIUS_M * func.asin(func.min(1.0, func.sqrt(h)))).cast(Float)

    def within_m(self, model: type[SpatialColumns], lon: float, lat: float, radius_m: float) -> ColumnElement[bool]:
        """Stored points within `radius_m` metres of (lon, lat)."""
        prefilter = self.box_overlaps(model, radius_envelope(lon, lat, radius_m))
        return and_(prefilter, self.distance_m(model, lon, lat) <= radius_m)

    def json_contains_any(self, column: ColumnElement | Mapped, values: list[str]) -> ColumnElement[bool]:
        """The JSON array of codes in `column` holds at least one of `values`.

        Codes are plain strings (no quotes or escapes), so a quoted code in the stored text is
        the code as an element: a text search, far cheaper than unpacking every array.
        """
        text = cast(column, String)
        return or_(*(text.contains(json.dumps(value), autoescape=True) for value in values))


class PostGISSQL(SpatialSQL):
    """The same filters in PostGIS, with its GiST index on `geom`."""

    def box_overlaps(self, model: type[SpatialColumns], bbox: BBox) -> ColumnElement[bool]:
        return col(model.geom).op("&&")(func.ST_MakeEnvelope(*bbox, SRID))

    def intersects(self, model: type[SpatialColumns], geometry: BaseGeometry) -> ColumnElement[bool]:
        return func.ST_Intersects(model.geom, cast(literal(geometry, Geometry), Geometry))

    def distance_m(self, model: type[SpatialColumns], lon: float, lat: float) -> ColumnElement[float]:
        return func.ST_Distance(_geography(model.geom), _geography(_point(lon, lat)), False, type_=Float)

    def within_m(self, model: type[SpatialColumns], lon: float, lat: float, radius_m: float) -> ColumnElement[bool]:
        exact = func.ST_DWithin(_geography(model.geom), _geography(_point(lon, lat)), radius_m, False)
        return and_(self.box_overlaps(model, radius_envelope(lon, lat, radius_m)), exact)


def _point(lon: float, lat: float) -> ColumnElement:
    return func.ST_SetSRID(func.ST_MakePoint(lon, lat), SRID)


def _geography(expression: ColumnElement) -> ColumnElement:
    return func.geography(expression)


_SQLITE, _POSTGIS = SpatialSQL(), PostGISSQL()  # they hold nothing: one each, so callers can key caches on them


def spatial_sql(session: Session) -> SpatialSQL:
    """The filter set for the backend this session talks to."""
    return _POSTGIS if session.get_bind().dialect.name == "postgresql" else _SQLITE


def bounds_of(geometry: BaseGeometry) -> dict[str, float]:
    """The box columns' values for a geometry."""
    min_x, min_y, max_x, max_y = geometry.bounds
    return {"min_x": min_x, "min_y": min_y, "max_x": max_x, "max_y": max_y}
