"""One import from start to end: read the file, refuse it whole on bad rows, store it by source id."""

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlmodel import Session

from app.config import MAPPING_FILE
from app.importers.areas import read_areas
from app.importers.osm import load_mapping, read_osm
from app.importers.records import Reading
from app.importers.spreadsheet import read_spreadsheet
from app.importers.store import Advance, Report, store_areas, store_assets
from app.models.base import PublicationStatus
from app.taxonomy import Taxonomy


class Kind(StrEnum):
    osm = "osm"
    areas = "areas"
    csv = "csv"


@dataclass(frozen=True)
class Options:
    """How to read and store one file; the defaults suit a first import."""

    source: str | None = None  # default: "<kind>:<file name without extension>"
    dry_run: bool = False
    skip_errors: bool = False  # store the good rows of a file with bad ones
    status: str = PublicationStatus.published
    gemeente: str | None = None  # areas: only this gemeente's
    crs: str | None = None  # areas: when the file names none
    column_map: dict[str, str] = field(default_factory=dict)  # csv: header -> field
    mapping: Path = MAPPING_FILE  # osm: the rules file


class ImportRefused(Exception):
    """Rows had problems and `skip_errors` was not given: nothing was stored."""

    def __init__(self, report: Report):
        super().__init__(f"{len(report.problems)} rows have problems; nothing was imported")
        self.report = report


def column_map_of(pairs: list[str]) -> dict[str, str]:
    """`["Naam vereniging=name"]` as {"Naam vereniging": "name"}; ValueError for a pair without '='."""
    for pair in pairs:
        if "=" not in pair:
            raise ValueError(f"{pair!r}: give each as COLUMN=field")
    return dict(pair.split("=", 1) for pair in pairs)


def source_of(kind: Kind, file_name: str, options: Options) -> str:
    """The given source, else the kind and the file's name without extensions (`osm:amsterdam`)."""
    return options.source or f"{kind}:{Path(file_name).name.split('.')[0]}"[:100]


def read(kind: Kind, path: Path, options: Options, taxonomy: Taxonomy) -> Reading:
    if kind == Kind.osm:
        return read_osm(path, load_mapping(options.mapping, taxonomy=taxonomy))
    if kind == Kind.areas:
        return read_areas(path, gemeente=options.gemeente, crs=options.crs)
    return read_spreadsheet(path, taxonomy=taxonomy, column_map=options.column_map)


def store(
    session: Session, kind: Kind, source: str, reading: Reading, options: Options, advance: Advance | None = None
) -> Report:
    """Store a reading in the session's transaction; refused whole when it has problems, unless skipping."""
    if reading.problems and not options.skip_errors:
        raise ImportRefused(Report(source, True, problems=reading.problems, left_out=dict(reading.left_out)))
    if kind == Kind.areas:
        return store_areas(session, source, reading, dry_run=options.dry_run, advance=advance)
    return store_assets(session, source, reading, status=options.status, dry_run=options.dry_run, advance=advance)
