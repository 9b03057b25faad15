"""Lists and figures as files GIS tools and spreadsheets read: CSV (RFC 4180) and GeoPackage.

Records are flat tables: nested objects become `parent.child` columns, lists of plain values one
`; `-separated cell, lists of objects a JSON cell. Geometries are WGS84; in CSV they come as WKT.
"""

import csv
import io
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

CSV = "csv"
GEOPACKAGE = "gpkg"
MEDIA_TYPES = {CSV: "text/csv; charset=utf-8", GEOPACKAGE: "application/geopackage+sqlite3"}


def flat(record: dict, prefix: str = "") -> dict:
    """One level of columns from nested objects and lists."""
    cells: dict = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            cells |= flat(value, f"{name}.")
        elif isinstance(value, list | tuple):
            plain = all(not isinstance(item, dict | list) for item in value)
            cells[name] = "; ".join(map(str, value)) if plain else json.dumps(value, ensure_ascii=False, default=str)
        else:
            cells[name] = value
    return cells


def as_file(
    records: Sequence[dict],
    file_format: str,
    *,
    layer: str,
    geometries: Sequence[BaseGeometry | None] | None = None,
    columns: Sequence[str] = ("id",),
) -> bytes:
    """The records (and their geometries, if any) as one CSV or GeoPackage file.

    `columns` name the columns of a file without records, so that it still has a table.
    """
    table = pd.DataFrame([flat(record) for record in records])
    if table.columns.empty:
        table = pd.DataFrame(columns=list(columns))
    if file_format == CSV:
        return _csv(table, geometries)
    return _geopackage(table, geometries, layer)


def _csv(table: pd.DataFrame, geometries: Sequence[BaseGeometry | None] | None) -> bytes:
    if geometries is not None:
        table = table.assign(geometry=[None if g is None else g.wkt for g in geometries])
    text = io.StringIO()
    table.to_csv(text, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    return text.getvalue().encode("utf-8")


def _geopackage(table: pd.DataFrame, geometries: Sequence[BaseGeometry | None] | None, layer: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{layer}.gpkg"
        if geometries is None:
            gpd.GeoDataFrame(table).to_file(path, driver="GPKG", layer=layer, engine="pyogrio")
        else:
            frame = gpd.GeoDataFrame(table, geometry=list(geometries), crs="EPSG:4326")
            frame.to_file(path, driver="GPKG", layer=layer, engine="pyogrio")
        return path.read_bytes()
