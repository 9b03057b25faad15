"""`nabij import`: places and areas from files. The readers (GDAL, GeoPandas, osmium) load when a
command runs, not with every `nabij` command: they take longer to import than most commands take to run."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from app.cli_addresses import import_addresses_command
from app.config import MAPPING_FILE, Settings
from app.db import Database
from app.models.base import PublicationStatus

if TYPE_CHECKING:
    from app.importers.store import Report

import_cli = typer.Typer(help="Import places and areas from files; run again with an updated file to update.")
MAX_PROBLEMS_SHOWN = 200
DryRun = Annotated[bool, typer.Option("--dry-run", help="Report what would change; store nothing")]
SkipErrors = Annotated[bool, typer.Option("--skip-errors", help="Store the good rows even when some are bad")]
Source = Annotated[str | None, typer.Option(help="Source name; default <kind>:<file name>. Keep it for updates")]
Status = Annotated[PublicationStatus, typer.Option(help="Status of new assets")]
ExistingFile = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]


@import_cli.command("osm")
def import_osm(
    file: ExistingFile,
    mapping: Annotated[Path, typer.Option(exists=True, help="Tag mapping rules (JSON)")] = MAPPING_FILE,
    source: Source = None,
    status: Status = PublicationStatus.published,
    dry_run: DryRun = False,
    skip_errors: SkipErrors = False,
) -> None:
    """OpenStreetMap places (GeoJSON or .osm.pbf) as assets, mapped by the rules in data/osm_mapping.json."""
    _run_import("osm", file, source=source, status=status, dry_run=dry_run, skip_errors=skip_errors, mapping=mapping)


@import_cli.command("areas")
def import_areas(
    file: ExistingFile,
    gemeente: Annotated[str | None, typer.Option(help="Only this gemeente's areas, e.g. GM0363")] = None,
    crs: Annotated[str | None, typer.Option(help="CRS when the file names none: EPSG:4326 or EPSG:28992")] = None,
    source: Source = None,
    dry_run: DryRun = False,
    skip_errors: SkipErrors = False,
) -> None:
    """CBS gemeenten, wijken and buurten (GeoJSON, TopoJSON, GeoPackage, Shapefile), keyed by CBS code."""
    _run_import("areas", file, source=source, gemeente=gemeente, crs=crs, dry_run=dry_run, skip_errors=skip_errors)


@import_cli.command("csv")
def import_csv(
    file: ExistingFile,
    map: Annotated[list[str], typer.Option("--map", help="COLUMN=field, for headers not recognised")] = [],  # noqa: B006
    source: Source = None,
    status: Status = PublicationStatus.published,
    dry_run: DryRun = False,
    skip_errors: SkipErrors = False,
) -> None:
    """A spreadsheet of places (CSV; Dutch or English headers; lat/lon or RD x/y) as assets."""
    from app.importers.run import column_map_of

    try:
        column_map = column_map_of(map)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--map") from error
    _run_import("csv", file, source=source, status=status, dry_run=dry_run, skip_errors=skip_errors,
                column_map=column_map)  # fmt: skip


import_cli.command("addresses")(import_addresses_command)


def _run_import(kind: str, path: Path, **options: Any) -> None:
    from pyogrio.errors import DataSourceError
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress

    from app.importers.run import ImportRefused, Kind, Options, read, source_of, store
    from app.taxonomy import load_taxonomy

    settings, console = Settings(), Console(stderr=True)
    source_kind, chosen, taxonomy = Kind(kind), Options(**options), load_taxonomy(settings.themes_file)
    try:
        with console.status(f"Reading {path.name}"):
            reading = read(source_kind, path, chosen, taxonomy)
    except (ValueError, OSError, DataSourceError) as error:
        typer.echo(f"error: {path.name}: {error}", err=True)
        raise typer.Exit(2) from error
    database = Database(settings.database_url)
    columns = (*Progress.get_default_columns(), MofNCompleteColumn())
    try:
        with Progress(*columns, console=console, transient=True) as progress, database.session() as session:
            task = progress.add_task(f"Storing {path.name}", total=len(reading.records))
            report = store(session, source_kind, source_of(source_kind, path.name, chosen), reading, chosen,
                           advance=lambda steps: progress.advance(task, steps))  # fmt: skip
    except ImportRefused as refused:
        _print_report(refused.report)
        typer.echo(f"error: {refused}; fix the rows or give --skip-errors", err=True)
        raise typer.Exit(2) from refused
    finally:
        database.dispose()
    _print_report(report)


def _print_report(report: "Report") -> None:
    typer.echo(report.summary())
    for reason, count in sorted(report.left_out.items()):
        typer.echo(f"  left out: {count} x {reason}")
    for problem in report.problems[:MAX_PROBLEMS_SHOWN]:
        typer.echo(f"  {problem}", err=True)
    if len(report.problems) > MAX_PROBLEMS_SHOWN:
        typer.echo(f"  ... and {len(report.problems) - MAX_PROBLEMS_SHOWN} more", err=True)
