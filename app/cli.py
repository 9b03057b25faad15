"""The `nabij` command: migrate, serve, tokens, accounts, demo data, imports, offers and privacy jobs."""

import csv
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from pyogrio.errors import DataSourceError
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress
from sqlmodel import select

from app import demo, migrate
from app.cli_addresses import import_addresses_command
from app.cli_users import user_cli
from app.config import Settings
from app.db import Database
from app.errors import NabijError
from app.importers.osm import MAPPING_FILE
from app.importers.run import ImportRefused, Kind, Options, column_map_of, read, source_of, store
from app.importers.store import Report
from app.models import User
from app.models.base import PublicationStatus
from app.models.token import Role
from app.store import confirmation, freshness, retention
from app.store.auth import create_token, revoke_token, tokens
from app.taxonomy import load_taxonomy

cli = typer.Typer(help="Nabij: asset-based community mapping.", no_args_is_help=True)
token_cli = typer.Typer(help="API tokens.", no_args_is_help=True)
demo_cli = typer.Typer(help="The demo neighbourhood.", no_args_is_help=True)
cli.add_typer(token_cli, name="token")
cli.add_typer(user_cli, name="user")
import_cli = typer.Typer(help="Import places and areas from files; run again with an updated file to update.")
cli.add_typer(demo_cli, name="demo")
cli.add_typer(import_cli, name="import")
offers_cli = typer.Typer(help="Offers.", no_args_is_help=True)
cli.add_typer(offers_cli, name="offers")
privacy_cli = typer.Typer(help="Privacy jobs.", no_args_is_help=True)
cli.add_typer(privacy_cli, name="privacy")
console = Console(stderr=True)


@cli.command("migrate")
def migrate_command() -> None:
    """Create or upgrade the database schema."""
    settings = Settings()
    migrate.upgrade(settings.database_url)
    typer.echo(f"Schema up to date ({Database(settings.database_url).backend}).")


@cli.command()
def serve(host: str = "127.0.0.1", port: Annotated[int, typer.Option(envvar="PORT")] = 8000, workers: int = 1) -> None:
    """Serve the API with uvicorn."""
    import uvicorn

    uvicorn.run("app.main:create_app", factory=True, host=host, port=port, workers=workers)


@token_cli.command("create")
def token_create(
    role: Annotated[Role, typer.Option(help="admin, builder, planner or association")],
    name: Annotated[str, typer.Option(help="Who or what the token is for")],
    organisation: Annotated[uuid.UUID | None, typer.Option(help="Organisation id, for association tokens")] = None,
) -> None:
    """Make a token and print it once, alone on the last line; only its hash is stored."""
    database = Database(Settings().database_url)
    try:
        with database.session() as session:
            secret = create_token(session, role=role, name=name, organisation_id=organisation)
    except NabijError as error:
        typer.echo(f"error: {error.detail}", err=True)
        raise typer.Exit(2) from error
    typer.echo(f"Token for {name} ({role.value}); it is shown only now:")
    typer.echo(secret)


@token_cli.command("list")
def token_list() -> None:
    """Every token: id, role, name, organisation, made, revoked. Secrets are never stored, so never shown."""
    with Database(Settings().database_url).session() as session:
        for token in tokens(session):
            revoked = f"revoked {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "active"
            organisation = f" organisation {token.organisation_id}" if token.organisation_id else ""
            typer.echo(
                f"{token.id}  {token.role:<11} {token.name}{organisation}  made {token.created_at:%Y-%m-%d}  {revoked}"
            )


@token_cli.command("revoke")
def token_revoke(
    token_id: Annotated[uuid.UUID, typer.Argument(metavar="ID", help="The id `nabij token list` shows")],
) -> None:
    """Revoke a token: every request with it is refused from now on."""
    try:
        with Database(Settings().database_url).session() as session:
            token = revoke_token(session, token_id)
    except NabijError as error:
        typer.echo(f"error: {error.detail}", err=True)
        raise typer.Exit(2) from error
    typer.echo(f"Revoked the token for {token.name} ({token.role}).")


@demo_cli.command("generate")
def demo_generate(output: Path = demo.DEMO_FILE) -> None:
    """Write the demo neighbourhood file (deterministic: the same file every time)."""
    demo.write(output)
    typer.echo(f"Wrote {output}")


@demo_cli.command("load")
def demo_load(
    source: Path = demo.DEMO_FILE,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Only when the database holds no assets")] = False,
) -> None:
    """Load the demo neighbourhood into the database."""
    database = Database(Settings().database_url)
    with database.session() as session:
        counts = demo.load(session, source, only_if_empty=if_empty)
        logins = demo.make_accounts(session) if counts and not _has_accounts(session) else []
    typer.echo("Demo data: " + (", ".join(f"{n} {k}" for k, n in counts.items()) or "already present, left as is"))
    for email, role, password in logins:
        typer.echo(f"Log in at /login as {email} ({role}) with the password {password} (shown only now)")


def _has_accounts(session) -> bool:
    return session.exec(select(User.id)).first() is not None


REMINDER_COLUMNS = ["offer_id", "title", "place", "organisation", "email", "confirmed_on", "freshness", "link",
                    "link_expires_on"]  # fmt: skip


@offers_cli.command("stale")
def offers_stale() -> None:
    """Published offers that are stale or hidden, as CSV for a mail merge, each with a new "still running" link."""
    settings = Settings()
    database = Database(settings.database_url, session_info=freshness.session_info(settings))
    with database.session() as session:
        found = confirmation.reminders(
            session, today=freshness.today(), public_url=settings.public_url, valid_days=settings.confirm_link_days
        )
        rows = [
            [r.offer.id, r.offer.title, r.place.name, r.organisation.name if r.organisation else "", r.email,
             freshness.confirmed_on(r.offer), r.freshness.value, r.link.url, r.link.expires_on]
            for r in found
        ]  # fmt: skip
    writer = csv.writer(sys.stdout)
    writer.writerow(REMINDER_COLUMNS)
    writer.writerows(rows)
    typer.echo(f"{len(rows)} offers to confirm", err=True)


@privacy_cli.command("retention")
def privacy_retention() -> None:
    """Anonymise closed needs older than NABIJ_RETENTION_DAYS; safe to run at any time, from cron too."""
    settings = Settings()
    done = retention.run(Database(settings.database_url), days=settings.retention_days, now=datetime.now(UTC))
    typer.echo(f"Closed needs anonymised: {done} (closed more than {settings.retention_days} days ago).")


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
    options = Options(source=source, status=status, dry_run=dry_run, skip_errors=skip_errors, mapping=mapping)
    _run_import(Kind.osm, file, options)


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
    options = Options(source=source, gemeente=gemeente, crs=crs, dry_run=dry_run, skip_errors=skip_errors)
    _run_import(Kind.areas, file, options)


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
    try:
        column_map = column_map_of(map)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--map") from error
    options = Options(source=source, status=status, dry_run=dry_run, skip_errors=skip_errors, column_map=column_map)
    _run_import(Kind.csv, file, options)


import_cli.command("addresses")(import_addresses_command)


def _run_import(kind: Kind, path: Path, options: Options) -> None:
    settings = Settings()
    taxonomy = load_taxonomy(settings.themes_file)
    try:
        with console.status(f"Reading {path.name}"):
            reading = read(kind, path, options, taxonomy)
    except (ValueError, OSError, DataSourceError) as error:
        typer.echo(f"error: {path.name}: {error}", err=True)
        raise typer.Exit(2) from error
    database = Database(settings.database_url)
    columns = (*Progress.get_default_columns(), MofNCompleteColumn())
    try:
        with Progress(*columns, console=console, transient=True) as progress, database.session() as session:
            task = progress.add_task(f"Storing {path.name}", total=len(reading.records))
            report = store(session, kind, source_of(kind, path.name, options), reading, options,
                           advance=lambda steps: progress.advance(task, steps))  # fmt: skip
    except ImportRefused as refused:
        _print_report(refused.report)
        typer.echo(f"error: {refused}; fix the rows or give --skip-errors", err=True)
        raise typer.Exit(2) from refused
    _print_report(report)


def _print_report(report: Report) -> None:
    typer.echo(report.summary())
    for reason, count in sorted(report.left_out.items()):
        typer.echo(f"  left out: {count} x {reason}")
    for problem in report.problems[:MAX_PROBLEMS_SHOWN]:
        typer.echo(f"  {problem}", err=True)
    if len(report.problems) > MAX_PROBLEMS_SHOWN:
        typer.echo(f"  ... and {len(report.problems) - MAX_PROBLEMS_SHOWN} more", err=True)


def main() -> None:
    cli()
