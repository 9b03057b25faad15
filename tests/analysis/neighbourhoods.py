"""Small neighbourhoods with known answers, laid out in RD New metres around a corner of Ede."""

import itertools
from datetime import UTC, datetime

import geopandas as gpd
import pandas as pd
from pyproj import Transformer
from shapely import box

from app.analysis.data import Neighbourhood, empty_table

ORIGIN = (175_000.0, 450_000.0)
_to_wgs84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True).transform

# One gemeente of 2 x 1 km: wijk 01 in the west (two buurten of 500 m), wijk 02 in the east (one buurt).
AREAS = (
    ("GM0228", "Ede", None, (0, 2000)),
    ("WK022801", "West", "GM0228", (0, 1000)),
    ("WK022802", "Oost", "GM0228", (1000, 2000)),
    ("BU02280101", "West-1", "WK022801", (0, 500)),
    ("BU02280102", "West-2", "WK022801", (500, 1000)),
    ("BU02280201", "Oost-1", "WK022802", (1000, 2000)),
)
LEVELS = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
TODAY = datetime(2026, 11, 30, 12, tzinfo=UTC)
_residents = itertools.count(1)


def lonlat(x: float, y: float) -> tuple[float, float]:
    """A point x, y metres east and north of the origin, in WGS84."""
    return _to_wgs84(ORIGIN[0] + x, ORIGIN[1] + y)


def areas() -> gpd.GeoDataFrame:
    rows = [
        {"code": code, "name": name, "level": LEVELS[code[:2]], "parent_code": parent,
         "geometry": box(ORIGIN[0] + west, ORIGIN[1], ORIGIN[0] + east, ORIGIN[1] + 1000)}
        for code, name, parent, (west, east) in AREAS
    ]  # fmt: skip
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:28992").to_crs("EPSG:4326")


def table(kind: str, rows: list[dict]) -> pd.DataFrame:
    """Rows given with x, y in metres from the origin, as the analysis reads them (lon, lat)."""
    if not rows:
        return empty_table(kind)
    placed = [{**row, **dict(zip(("lon", "lat"), lonlat(row["x"], row["y"]), strict=True))} for row in rows]
    return pd.DataFrame(placed)


def need(x: float, y: float, *themes: str, open: bool = True, matched: bool = False, reach_m: float = 1000.0, **more):
    """A need at x, y; `person_ref` and `created_at` may be given, else a new resident, registered today."""
    return {
        "x": x, "y": y, "themes": list(themes), "open": open, "matched": matched, "reach_m": reach_m,
        "person_ref": more.get("person_ref", f"r-{next(_residents)}"), "created_at": more.get("created_at", TODAY),
    }  # fmt: skip


def neighbourhood(*, assets=(), offers=(), volunteers=(), needs=()) -> Neighbourhood:
    return Neighbourhood(
        areas=areas(), assets=table("assets", list(assets)), offers=table("offers", list(offers)),
        volunteers=table("volunteers", list(volunteers)), needs=table("needs", list(needs)),
    )  # fmt: skip
