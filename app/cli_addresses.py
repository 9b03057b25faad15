"""`nabij import addresses FILE`: BAG address points for the local postcode lookup. The readers load
when the command runs, not with every `nabij` command (app.cli_imports says why)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from app.config import Settings
from app.db import Database
from app.errors import InvalidInput

if TYPE_CHECKING:
    from app.importers.addresses import AddressReport

MAX_EXAMPLES_SHOWN = 50


def import_addresses_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    layer: Annotated[str | None, typer.Option(help="Layer of a GeoPackage; default the first")] = None,
    crs: Annotated[
        str | None, typer.Option(help="CRS of a file that names none, or of a CSV's x/y: EPSG:28992 or EPSG:4326")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Source name; default addresses:<file name>")] = None,
) -> None:
    """BAG address points (GeoPackage, GeoJSON or CSV; RD New or WGS84), stored by address; run again to update."""
    from pyogrio.errors import DataSourceError
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress

    from app.importers.address_files import open_addresses
    from app.importers.addresses import import_addresses

    settings = Settings()
    try:
        addresses = open_addresses(file, layer=layer, crs=_crs(crs))
        database = Database(settings.database_url)
        columns = (*Progress.get_default_columns(), MofNCompleteColumn())
        with database, Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task(f"Storing {file.name}", total=addresses.total)
            report = import_addresses(
                database,
                addresses,
                source=source or f"addresses:{file.name.split('.')[0]}"[:100],
                region=settings.region_bbox,
                advance=lambda steps: progress.advance(task, steps),
            )
    except (ValueError, OSError, DataSourceError) as error:
        typer.echo(f"error: {file.name}: {error}", err=True)
        raise typer.Exit(2) from error
    _print_report(report)


def _crs(value: str | None) -> str | None:
    from app.geo import parse_crs

    if value is None:
        return None
    try:
        return parse_crs(value, "--crs")
    except InvalidInput as error:
        raise typer.BadParameter(error.invalid_params[0].reason, param_hint="--crs") from error


def _print_report(report: "AddressReport") -> None:
    typer.echo(report.summary())
    for reason, count in report.skipped.most_common():
        typer.echo(f"  skipped: {count} x {reason}")
    for problem in report.examples[:MAX_EXAMPLES_SHOWN]:
        typer.echo(f"  {problem}", err=True)
    if sum(report.skipped.values()) > MAX_EXAMPLES_SHOWN:
        typer.echo(f"  ... the first {MAX_EXAMPLES_SHOWN} skipped rows are shown", err=True)
