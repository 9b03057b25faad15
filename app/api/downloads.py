"""Every list and aggregate as a download: `f=csv` or `f=gpkg` beside the default `f=json`."""

from collections.abc import Sequence
from dataclasses import asdict, fields, is_dataclass
from typing import Any, Literal

from fastapi import Response
from shapely.geometry.base import BaseGeometry

from app.export import MEDIA_TYPES, as_file

Format = Literal["json", "csv", "gpkg"]
FORMAT_HELP = "json, or a download: csv (geometry as WKT) or gpkg (GeoPackage, WGS84)"
# For the OpenAPI document: what a 200 may hold besides JSON.
DOWNLOADS: dict[int | str, dict] = {200: {"content": {media_type: {} for media_type in MEDIA_TYPES.values()}}}


def download(
    records: Sequence[dict],
    file_format: str,
    *,
    name: str,
    geometries: Sequence[BaseGeometry | None] | None = None,
    columns: Sequence[str] = ("id",),
) -> Response:
    """The records as a file to save, named `name` with the format's extension."""
    body = as_file(records, file_format, layer=name, geometries=geometries, columns=columns)
    disposition = f'attachment; filename="{name}.{file_format}"'
    return Response(body, media_type=MEDIA_TYPES[file_format], headers={"Content-Disposition": disposition})


def download_rows(
    rows: Sequence, row_type: Any, file_format: str, *, name: str, geometries: Sequence[BaseGeometry | None]
) -> Response:
    """Dataclass or pydantic rows of `row_type` as a download, one geometry each."""
    if is_dataclass(row_type):
        records, columns = [asdict(row) for row in rows], [field.name for field in fields(row_type)]
    else:
        records, columns = [row.model_dump(mode="json") for row in rows], list(row_type.model_fields)
    return download(records, file_format, name=name, geometries=geometries, columns=columns)
