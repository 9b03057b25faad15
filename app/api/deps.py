"""Dependencies the routes share: the session, the caller, and what the app was built with."""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.config import Settings
from app.db import Database
from app.models.audit import AuditAction
from app.store import audit
from app.store.auth import Principal
from app.taxonomy import Taxonomy


async def _session(request: Request) -> AsyncIterator[Session]:
    """The request's session, opened without a hop to the thread pool and closed with one.

    Opening takes no connection yet (the first query does, in the route's own thread); committing
    or rolling back is I/O, done in the thread pool. A plain generator would cost two hops.
    """
    database: Database = request.app.state.database
    opened = database.session()
    session = opened.__enter__()
    try:
        yield session
    except BaseException as error:
        await run_in_threadpool(opened.__exit__, type(error), error, error.__traceback__)
        raise
    await run_in_threadpool(opened.__exit__, None, None, None)


# Committed when the route returns, before the response is sent: a 2xx means stored.
SessionDep = Annotated[Session, Depends(_session, scope="function")]


# Async because they never block: a plain function would cost a hop to the thread pool per request.
async def _principal(request: Request) -> Principal:
    """The caller, as `app.api.authentication` found them before routing."""
    return request.state.principal


async def _database(request: Request) -> Database:
    return request.app.state.database


async def _settings(request: Request) -> Settings:
    return request.app.state.settings


async def _taxonomy(request: Request) -> Taxonomy:
    return request.app.state.taxonomy


PrincipalDep = Annotated[Principal, Depends(_principal)]
DatabaseDep = Annotated[Database, Depends(_database)]
SettingsDep = Annotated[Settings, Depends(_settings)]
TaxonomyDep = Annotated[Taxonomy, Depends(_taxonomy)]


Purpose = Annotated[
    str | None,
    Header(
        alias="X-Purpose",
        max_length=200,
        description="Why personal data is read or changed, kept in the access log; never personal data itself",
    ),
]


@dataclass(frozen=True)
class Auditor:
    """Writes this request's access-log entries: the caller, and the purpose they gave if any."""

    session: Session
    principal: Principal
    purpose: str | None

    def __call__(
        self, action: AuditAction, resource: str, record_id: uuid.UUID | None = None, *, count: int = 1,
        purpose: str | None = None,
    ) -> None:  # fmt: skip
        """Log `action` on a record (or on `count` records); the request's purpose before the record's."""
        audit.record(self.session, action, resource, by=self.principal, record_id=record_id, count=count,
                     purpose=self.purpose or purpose)  # fmt: skip


async def _auditor(session: SessionDep, principal: PrincipalDep, purpose: Purpose = None) -> Auditor:
    return Auditor(session, principal, purpose)


AuditDep = Annotated[Auditor, Depends(_auditor)]
