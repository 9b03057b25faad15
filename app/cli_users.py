"""`nabij user`: accounts for the web pages; passwords come from a prompt or stdin, never from options."""

import sys
import uuid
from typing import Annotated

import typer
from sqlmodel import col, select

from app.config import Settings
from app.db import Database
from app.errors import NabijError
from app.models import User
from app.models.base import utcnow
from app.models.token import Role
from app.store import accounts

user_cli = typer.Typer(help="Accounts for the web pages (associations, builders, admins).", no_args_is_help=True)
PasswordStdin = Annotated[bool, typer.Option(help="Read the password from the first line of stdin")]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@user_cli.command("create")
def user_create(
    email: Annotated[str, typer.Option(help="The e-mail address to log in with")],
    role: Annotated[Role, typer.Option(help="admin, builder, planner or association")],
    organisation: Annotated[uuid.UUID | None, typer.Option(help="Organisation id, for association accounts")] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Make an account; the password is stored only as an Argon2id hash."""
    try:
        with Database(Settings().database_url) as database, database.session() as session:
            user = accounts.create_user(
                session, email=email, password=_password(password_stdin), role=role, organisation_id=organisation
            )
            typer.echo(f"Account {user.email} ({role.value}) made, id {user.id}.")
    except NabijError as error:
        typer.echo(f"error: {error.detail}", err=True)
        raise typer.Exit(2) from error


@user_cli.command("set-password")
def user_set_password(email: str, password_stdin: PasswordStdin = False) -> None:
    """Give an account a new password (its open sessions stay until they end; disable to end them at once)."""
    _change(email, lambda session, user: accounts.set_password(session, user, _password(password_stdin)))
    typer.echo("Password changed.")


@user_cli.command("disable")
def user_disable(email: str) -> None:
    """Stop an account from logging in; its open sessions end at once."""
    _change(email, lambda session, user: setattr(user, "disabled_at", utcnow()))
    typer.echo(f"Account {email} disabled.")


def _change(email: str, change) -> None:
    try:
        with Database(Settings().database_url) as database, database.session() as session:
            user = session.exec(select(User).where(col(User.email) == accounts.normalised_email(email))).first()
            if user is None:
                typer.echo(f"error: no account for {email}", err=True)
                raise typer.Exit(2)
            change(session, user)
            session.add(user)
    except NabijError as error:
        typer.echo(f"error: {error.detail}", err=True)
        raise typer.Exit(2) from error
