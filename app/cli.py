"""The `nabij` command: migrate, serve, tokens and demo data."""

import uuid
from pathlib import Path
from typing import Annotated

import typer

from app import demo, migrate
from app.config import Settings
from app.db import Database
from app.errors import NabijError
from app.models.token import Role
from app.store.auth import create_token

cli = typer.Typer(help="Nabij: asset-based community mapping.", no_args_is_help=True)
token_cli = typer.Typer(help="API tokens.", no_args_is_help=True)
demo_cli = typer.Typer(help="The demo neighbourhood.", no_args_is_help=True)
cli.add_typer(token_cli, name="token")
cli.add_typer(demo_cli, name="demo")


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
    typer.echo("Demo data: " + (", ".join(f"{n} {k}" for k, n in counts.items()) or "already present, left as is"))


def main() -> None:
    cli()
