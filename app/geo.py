"""GeoJSON geometries in and out: validation with messages a caller understands, CRS handling.

Geometries are stored in WGS84 (EPSG:4326, longitude then latitude, as RFC 7946 says).
Callers may send Dutch RD New (EPSG:28992) where the request says so. Distances are metres on
the sphere of mean Earth radius, the same model PostGIS uses for geography with use_spheroid=false.
"""

import math
from collections.abc import Iterator, Sequence
from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from app.errors import InvalidInput

WGS84 = "EPSG:4326"
RD_NEW = "EPSG:28992"
SUPPORTED_CRS = {WGS84, RD_NEW}
EARTH_RADIUS_M = 6371008.7714
# The area where EPSG:28992 is defined, in its own metres.
RD_NEW_BOUNDS = (-7000.0, 289000.0, 300000.0, 629000.0)

# Grid sizes for output coordinates: 7 decimals of a degree (about 1 cm), a millimetre in RD New.
PRECISION = {WGS84: 1e-7, RD_NEW: 1e-3}

BBox = tuple[float, float, float, float]


def parse_crs(value: str | None, field: str) -> str:
    """Normalise a CRS name (EPSG:28992, or its OGC URI) or reject it naming the field."""
    if value is None or value == "":
        return WGS84
    code = value.rstrip("/").rsplit("/", 1)[-1] if value.startswith("http") else value
    code = code.upper().replace("EPSG::", "EPSG:")
    if code.isdigit():
        code = f"EPSG:{code}"
    if code in ("CRS84", "OGC:CRS84"):
        code = WGS84
    if code not in SUPPORTED_CRS:
        raise InvalidInput.field(field, f"unsupported CRS {value!r}; use EPSG:4326 or EPSG:28992")
    return code


@lru_cache(maxsize=4)
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def to_wgs84(x: float, y: float, crs: str) -> tuple[float, float]:
    """A position in `crs` as WGS84 longitude, latitude."""
    if crs == WGS84:
        return x, y
    return _transformer(crs, WGS84).transform(x, y)


def to_wgs84_many(xs: np.ndarray, ys: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """`to_wgs84` for arrays of positions in one call."""
    if crs == WGS84:
        return xs, ys
    return _transformer(crs, WGS84).transform(xs, ys)


def from_wgs84(geometry: BaseGeometry, crs: str) -> BaseGeometry:
    """A WGS84 geometry in `crs`."""
    if crs == WGS84:
        return geometry
    return shapely.transform(geometry, _transformer(WGS84, crs).transform, interleaved=False)


def geometry_from_geojson(value: object, *, field: str, allowed: Sequence[str], crs: str, region: BBox) -> BaseGeometry:
    """Validate a GeoJSON geometry object and return it as a WGS84 shapely geometry."""
    if not isinstance(value, dict):
        raise InvalidInput.field(field, "must be a GeoJSON geometry object")
    kind = value.get("type")
    if not isinstance(kind, str) or kind not in allowed:
        raise InvalidInput.field(f"{field}.type", f"must be one of {', '.join(allowed)}, not {kind!r}")
    coordinates = value.get("coordinates")
    positions = _positions(coordinates, kind, f"{field}.coordinates")
    assert isinstance(coordinates, list)  # _positions accepts nested lists alone
    converted = [_checked_position(p, crs, region, f"{field}.coordinates") for p in positions]
    rebuilt = _rebuild(coordinates, iter(converted))
    geometry = shape({"type": kind, "coordinates": rebuilt})
    if not geometry.is_valid:
        raise InvalidInput.field(field, f"invalid {kind}: {explain_validity(geometry)}")
    if geometry.is_empty:
        raise InvalidInput.field(field, f"empty {kind}")
    return geometry


def point_from_position(x: float, y: float, *, field: str, crs: str, region: BBox) -> BaseGeometry:
    """One position from a query string, validated like a body's Point."""
    return geometry_from_geojson(
        {"type": "Point", "coordinates": [x, y]}, field=field, allowed=("Point",), crs=crs, region=region
    )


def geometry_to_geojson(geometry: BaseGeometry | None, crs: str = WGS84) -> dict | None:
    """A WGS84 shapely geometry as a GeoJSON geometry object in `crs`, rounded to about 1 cm (WGS84)
    or 1 mm (RD New)."""
    if geometry is None:
        return None
    return mapping(shapely.set_precision(from_wgs84(geometry, crs), PRECISION[crs]))


_DEPTH = {"Point": 0, "LineString": 1, "MultiPoint": 1, "Polygon": 2, "MultiLineString": 2, "MultiPolygon": 3}


def _positions(coordinates: object, kind: str, field: str) -> list[Sequence[float]]:
    depth = _DEPTH[kind]
    found: list[Sequence[float]] = []
    _collect(coordinates, depth, field, found)
    assert isinstance(coordinates, list)  # _collect accepts nested lists alone
    if kind in ("Polygon", "MultiPolygon"):
        _check_rings(coordinates if kind == "MultiPolygon" else [coordinates], field)
    return found


def _collect(node: object, depth: int, field: str, found: list) -> None:
    if not isinstance(node, list):
        raise InvalidInput.field(field, "must be nested arrays of positions as GeoJSON says")
    if depth == 0:
        found.append(node)
        return
    if not node:
        raise InvalidInput.field(field, "must not be empty")
    for child in node:
        _collect(child, depth - 1, field, found)


def _check_rings(polygons: list, field: str) -> None:
    for polygon in polygons:
        for ring in polygon:
            if len(ring) < 4:
                raise InvalidInput.field(field, "a polygon ring needs at least 4 positions")
            if ring[0] != ring[-1]:
                raise InvalidInput.field(field, "a polygon ring must end where it starts (closed ring)")


def position_to_wgs84(x: float, y: float, *, field: str, crs: str) -> tuple[float, float]:
    """A query-string position checked for range (anywhere, not only in the region), in WGS84."""
    return _checked_position([x, y], crs, None, field)


def _checked_position(position: Sequence, crs: str, region: BBox | None, field: str) -> tuple[float, float]:
    if len(position) not in (2, 3) or not all(_is_number(v) for v in position):
        raise InvalidInput.field(field, f"a position is 2 or 3 numbers, not {position!r}")
    x, y = float(position[0]), float(position[1])
    if not (math.isfinite(x) and math.isfinite(y)):
        raise InvalidInput.field(field, "coordinates must be finite numbers (no NaN or Infinity)")
    if crs == RD_NEW:
        return _checked_rd(x, y, region, field)
    if not (-180 <= x <= 180 and -90 <= y <= 90):
        raise InvalidInput.field(field, f"[{x}, {y}] is out of range: longitude -180..180, latitude -90..90")
    _check_in_region(x, y, region, field)
    return x, y


def _checked_rd(x: float, y: float, region: BBox | None, field: str) -> tuple[float, float]:
    west, south, east, north = RD_NEW_BOUNDS
    if not (west <= x <= east and south <= y <= north):
        raise InvalidInput.field(field, f"[{x}, {y}] is outside the area of EPSG:28992 (RD New)")
    lon, lat = to_wgs84(x, y, RD_NEW)
    _check_in_region(lon, lat, region, field)
    return lon, lat


def _check_in_region(lon: float, lat: float, region: BBox | None, field: str) -> None:
    if region is None or bbox_contains(region, lon, lat):
        return
    if bbox_contains(region, lat, lon):
        raise InvalidInput.field(
            field, f"[{lon}, {lat}] looks like latitude and longitude swapped: GeoJSON wants [longitude, latitude]"
        )
    raise InvalidInput.field(field, f"[{lon}, {lat}] is outside the configured region {list(region)}")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _rebuild(node: list, converted: Iterator[tuple[float, float]]) -> list:
    if node and not isinstance(node[0], list):
        return list(next(converted))
    return [_rebuild(child, converted) for child in node]


def bbox_contains(bbox: BBox, x: float, y: float) -> bool:
    west, south, east, north = bbox
    return west <= x <= east and south <= y <= north


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres between two WGS84 positions (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def radius_envelope(lon: float, lat: float, radius_m: float) -> BBox:
    """A WGS84 box that surely contains every point within `radius_m` metres of (lon, lat)."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M) * 1.001
    coslat = max(math.cos(math.radians(min(89.0, abs(lat) + dlat))), 1e-6)
    dlon = min(180.0, dlat / coslat)
    return lon - dlon, lat - dlat, lon + dlon, lat + dlat


def to_metric(lon: float, lat: float) -> tuple[float, float]:
    """WGS84 to metres east and north in RD New (EPSG:28992), the metric CRS distances use."""
    return _transformer(WGS84, RD_NEW).transform(lon, lat)


def to_metric_many(lons: list[float], lats: list[float]) -> list[tuple[float, float]]:
    """`to_metric` for many positions in one call."""
    xs, ys = _transformer(WGS84, RD_NEW).transform(lons, lats)
    return list(zip(xs, ys, strict=True))


def extent_of(geometries: Sequence[BaseGeometry]) -> BBox | None:
    """The WGS84 box around all the geometries, or None when there are none."""
    if not geometries:
        return None
    west, south, east, north = (float(value) for value in shapely.total_bounds(list(geometries)))
    return west, south, east, north
