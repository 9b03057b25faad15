"""Dependencies the routes share: the session, the caller, and what the app was built with."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.config import Settings
from app.db import Database
from app.store.auth import Principal
from app.taxonomy import Taxonomy


def _session(request: Request) -> Iterator[Session]:
    database: Database = request.app.state.database
    with database.session() as session:
        yield session


# Committed when the route returns, before the response is sent: a 2xx means stored.
SessionDep = Annotated[Session, Depends(_session, scope="function")]


# Async because they never block: a plain function would cost a hop to the thread pool per request.
async def _principal(request: Request) -> Principal:
    """The caller, as `app.api.authentication` found them before routing."""
    return request.state.principal


async def _settings(request: Request) -> Settings:
    return request.app.state.settings


async def _taxonomy(request: Request) -> Taxonomy:
    return request.app.state.taxonomy


PrincipalDep = Annotated[Principal, Depends(_principal)]
SettingsDep = Annotated[Settings, Depends(_settings)]
TaxonomyDep = Annotated[Taxonomy, Depends(_taxonomy)]
