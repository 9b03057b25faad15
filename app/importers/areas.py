"""CBS gemeenten, wijken and buurten from GeoJSON, TopoJSON, GeoPackage or Shapefile (WGS84 or RD New)."""

import re
from pathlib import Path

import pyogrio
from shapely import make_valid
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from app.geo import RD_NEW, RD_NEW_BOUNDS, WGS84
from app.importers.records import Problem, Reading, Record
from app.models.area import CBS_CODE, level_of

# Header names seen in CBS, PDOK and municipal files, lower case; the first one present wins.
CODE_COLUMNS = ("statcode", "cbscode", "cbs_code", "code", "bu_code", "wk_code", "gm_code", "buurtcode", "wijkcode")
NAME_COLUMNS = ("statnaam", "naam", "name", "bu_naam", "wk_naam", "gm_naam", "buurtnaam", "wijknaam", "gemeentenaam")
PARENT_PREFIX = {"BU": ("WK", 8), "WK": ("GM", 6)}  # a parent's code: its prefix and the child's first digits


class UnreadableFile(ValueError):
    """The file as a whole cannot be read: no such layer, no code column, no known CRS."""


def read_areas(path: Path, *, gemeente: str | None = None, crs: str | None = None) -> Reading:
    """Every area in the file, or only those of one gemeente (`GM0363`); problems by feature number."""
    frame = pyogrio.read_dataframe(_gdal_path(path))
    code_column = _column(frame.columns, CODE_COLUMNS, "code")
    name_column = _column(frame.columns, NAME_COLUMNS, "name")
    frame = frame.set_crs(crs or frame.crs or guess_crs(frame.total_bounds), allow_override=True).to_crs(4326)
    reading = Reading()
    for number, (code, name, geometry) in enumerate(
        zip(frame[code_column], frame[name_column], frame.geometry, strict=True), start=1
    ):
        code = str(code or "").strip().upper()
        if gemeente and code[2:6] != gemeente[2:6]:
            reading.left_out[f"outside {gemeente}"] += 1
            continue
        row = f"{number} ({code or 'no code'})"
        problem = _problem(code, name, geometry)
        if problem:
            reading.problems.append(Problem(row, *problem))
            continue
        values = {"code": code, "name": str(name).strip(), "level": level_of(code), "parent_code": parent_of(code)}
        reading.records.append(Record(code, values, _polygonal(geometry)))
    return reading


def parent_of(code: str) -> str | None:
    """The wijk of a buurt, the gemeente of a wijk: CBS codes nest by their characters."""
    if code[:2] not in PARENT_PREFIX:
        return None
    prefix, length = PARENT_PREFIX[code[:2]]
    return prefix + code[2:length]


def _problem(code: str, name, geometry: BaseGeometry | None) -> tuple[str, str] | None:
    if not re.match(CBS_CODE, code):
        return "code", f"{code!r} is not a CBS code such as GM0363, WK036300 or BU03630000"
    if not name or not str(name).strip():
        return "name", "the area has no name"
    if geometry is None or geometry.is_empty:
        return "geometry", "the area has no geometry"
    if _polygonal(geometry).is_empty:
        return "geometry", f"a {geometry.geom_type} is not an area (Polygon or MultiPolygon)"
    return None


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """A valid (Multi)Polygon: invalid shapes repaired, lines and points left after repair dropped."""
    valid = geometry if geometry.is_valid else make_valid(geometry)
    parts = [part for part in getattr(valid, "geoms", [valid]) if isinstance(part, Polygon | MultiPolygon)]
    polygons = [polygon for part in parts for polygon in getattr(part, "geoms", [part])]
    if not polygons:
        return Polygon()
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def _gdal_path(path: Path) -> str:
    # GDAL does not recognise TopoJSON by its extension.
    return f"TopoJSON:{path}" if path.suffix.lower() == ".topojson" else str(path)


def _column(columns, names: tuple[str, ...], what: str) -> str:
    by_lower = {str(column).lower(): column for column in columns}
    for name in names:
        if name in by_lower:
            return by_lower[name]
    raise UnreadableFile(f"no {what} column: expected one of {', '.join(names)}; the file has {', '.join(columns)}")


def guess_crs(bounds) -> str:
    """WGS84 when the coordinates are degrees in range, RD New when they are metres in its range."""
    west, south, east, north = bounds
    if -180 <= west <= east <= 180 and -90 <= south <= north <= 90:
        return WGS84
    rd_west, rd_south, rd_east, rd_north = RD_NEW_BOUNDS
    if rd_west <= west <= east <= rd_east and rd_south <= south <= north <= rd_north:
        return RD_NEW
    raise UnreadableFile(
        f"the file names no CRS and its bounds {tuple(bounds)} are neither WGS84 nor RD New: give --crs"
    )
