"""The `nabij` command: migrate, serve, tokens, accounts, demo data, imports, offers and privacy jobs.

Every command pays for what this module imports, so modules that only some commands need (Alembic,
the demo generator, the importers, uvicorn) are imported in those commands.
"""

import csv
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import select

from app.cli_imports import import_cli
from app.cli_users import user_cli
from app.config import DEMO_FILE, Settings
from app.db import Database
from app.errors import NabijError
from app.models import User
from app.models.token import Role
from app.store import confirmation, freshness
from app.store.auth import create_token, revoke_token, tokens

cli = typer.Typer(help="Nabij: asset-based community mapping.", no_args_is_help=True)
token_cli = typer.Typer(help="API tokens.", no_args_is_help=True)
demo_cli = typer.Typer(help="The demo neighbourhood.", no_args_is_help=True)
cli.add_typer(token_cli, name="token")
cli.add_typer(user_cli, name="user")
cli.add_typer(demo_cli, name="demo")
cli.add_typer(import_cli, name="import")
offers_cli = typer.Typer(help="Offers.", no_args_is_help=True)
cli.add_typer(offers_cli, name="offers")
privacy_cli = typer.Typer(help="Privacy jobs.", no_args_is_help=True)
cli.add_typer(privacy_cli, name="privacy")


@cli.command("migrate")
def migrate_command() -> None:
    """Create or upgrade the database schema."""
    from app import migrate

    settings = Settings()
    migrate.upgrade(settings.database_url)
    with Database(settings.database_url) as database:
        typer.echo(f"Schema up to date ({database.backend}).")


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
    try:
        with Database(Settings().database_url) as database, database.session() as session:
            secret = create_token(session, role=role, name=name, organisation_id=organisation)
    except NabijError as error:
        typer.echo(f"error: {error.detail}", err=True)
        raise typer.Exit(2) from error
    typer.echo(f"Token for {name} ({role.value}); it is shown only now:")
    typer.echo(secret)


@token_cli.command("list")
def token_list() -> None:
    """Every token: id, role, name, organisation, made, revoked. Secrets are never stored, so never shown."""
    with Database(Settings().database_url) as database, database.session() as session:
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
        with Database(Settings().database_url) as database, database.session() as session:
            token = revoke_token(session, token_id)
    except NabijError as error:
        typer.echo(f"error: {error.detail}", err=True)
        raise typer.Exit(2) from error
    typer.echo(f"Revoked the token for {token.name} ({token.role}).")


@demo_cli.command("generate")
def demo_generate(output: Path = DEMO_FILE) -> None:
    """Write the demo neighbourhood file (deterministic: the same file every time)."""
    from app import demo

    demo.write(output)
    typer.echo(f"Wrote {output}")


@demo_cli.command("load")
def demo_load(
    source: Path = DEMO_FILE,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Only when the database holds no assets")] = False,
) -> None:
    """Load the demo neighbourhood into the database."""
    from app import demo

    with Database(Settings().database_url) as database, database.session() as session:
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
    with database, database.session() as session:
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
    from app.store import retention

    settings = Settings()
    with Database(settings.database_url) as database:
        done = retention.run(database, days=settings.retention_days, now=datetime.now(UTC))
    typer.echo(f"Closed needs anonymised: {done} (closed more than {settings.retention_days} days ago).")


def main() -> None:
    cli()
