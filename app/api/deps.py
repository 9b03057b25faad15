"""Dependencies the routes share: the session, the caller, and what the app was built with."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from app.config import Settings
from app.db import Database
from app.store import logins
from app.store.auth import ANONYMOUS, Principal, principal_for
from app.taxonomy import Taxonomy

_bearer = HTTPBearer(auto_error=False, description="A token made with `nabij token create`")


def _session(request: Request) -> Iterator[Session]:
    database: Database = request.app.state.database
    with database.session() as session:
        yield session


# Committed when the route returns, before the response is sent: a 2xx means stored.
SessionDep = Annotated[Session, Depends(_session, scope="function")]


# Reading only: a cookie rides along on requests other sites start, so it never authorises a change here.
COOKIE_METHODS = frozenset({"GET", "HEAD"})


def _principal(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The bearer token's caller; else, for reading, the logged-in browser of the web pages; else anonymous."""
    # The request's own session: a second one would wait for the first's SQLite write lock.
    if credentials is not None:
        return principal_for(session, credentials.credentials)
    cookie = request.cookies.get(logins.SESSION_COOKIE)
    if cookie and request.method in COOKIE_METHODS:
        login = logins.resume(session, cookie)
        if login is not None:
            return login.principal
    return ANONYMOUS


# Async because they never block: a plain function would cost a hop to the thread pool per request.
async def _settings(request: Request) -> Settings:
    return request.app.state.settings


async def _taxonomy(request: Request) -> Taxonomy:
    return request.app.state.taxonomy


PrincipalDep = Annotated[Principal, Depends(_principal)]
SettingsDep = Annotated[Settings, Depends(_settings)]
TaxonomyDep = Annotated[Taxonomy, Depends(_taxonomy)]
