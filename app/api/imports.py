"""`POST /api/v1/imports`: the `nabij import` commands over HTTP, for admins, with the same rules."""

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from pyogrio.errors import DataSourceError

from app.api.deps import PrincipalDep, SessionDep, TaxonomyDep
from app.errors import Forbidden, InvalidInput, InvalidParam, NotAuthenticated
from app.importers.run import ImportRefused, Kind, Options, column_map_of, read, source_of, store
from app.models.area import AreaCode
from app.models.base import PublicationStatus
from app.models.token import Role

router = APIRouter(tags=["imports"])
SUFFIXES = (".osm.pbf", ".pbf", ".topojson", ".geojson", ".json", ".gpkg", ".csv", ".zip")


@router.post("/imports", summary="Import OpenStreetMap places, CBS areas or a spreadsheet (admins)")
def import_file(
    session: SessionDep,
    principal: PrincipalDep,
    taxonomy: TaxonomyDep,
    file: Annotated[UploadFile, File(description="The file, as `nabij import` reads it")],
    kind: Annotated[Kind, Form(description="osm, areas or csv")],
    source: Annotated[str | None, Form(max_length=100)] = None,
    dry_run: Annotated[bool, Form()] = False,
    skip_errors: Annotated[bool, Form()] = False,
    status: Annotated[PublicationStatus, Form()] = PublicationStatus.published,
    gemeente: Annotated[AreaCode | None, Form()] = None,
    crs: Annotated[str | None, Form(pattern=r"^EPSG:\d{4,5}$")] = None,
    map: Annotated[list[str], Form(description="COLUMN=field, for csv headers not recognised")] = [],  # noqa: B006
) -> dict:
    """Stored whole or not at all: rows with problems answer 422 listing each, unless `skip_errors`."""
    if principal.role is None:
        raise NotAuthenticated("imports need a bearer token")
    if principal.role != Role.admin:
        raise Forbidden("imports are for admins")
    try:
        column_map = column_map_of(map)
    except ValueError as error:
        raise InvalidInput.field("map", str(error)) from error
    options = Options(source, dry_run, skip_errors, status, gemeente, crs, column_map)
    name = Path(file.filename or "upload").name
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (name if name.lower().endswith(SUFFIXES) else f"{name}.{kind}")
        path.write_bytes(file.file.read())
        try:
            reading = read(kind, path, options, taxonomy)
        except (ValueError, OSError, DataSourceError) as error:
            raise InvalidInput.field("file", str(error)) from error
    try:
        report = store(session, kind, source_of(kind, name, options), reading, options)
    except ImportRefused as refused:
        problems = [InvalidParam(f"file: row {p.row}" + (f": {p.field}" if p.field else ""), p.message)
                    for p in refused.report.problems]  # fmt: skip
        raise InvalidInput(f"file: {refused}; fix the rows or send skip_errors", problems) from refused
    return report.as_dict()
