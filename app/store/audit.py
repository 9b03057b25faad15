"""The access log: each read or change of personal data, written in the transaction that does it."""

import uuid

from sqlmodel import Session, col, func, select

from app.db.driver import inserting
from app.models import AccessLogEntry
from app.models.audit import SERVICE, AuditAction
from app.models.base import utcnow
from app.store.auth import Principal

# One per personal read: a plain INSERT on the driver's cursor, past the ORM and SQLAlchemy's execution.
INSERT = inserting(
    AccessLogEntry.__table__,
    ("at", "role", "token_id", "user_id", "action", "resource", "record_id", "count", "purpose"),
)


def record(
    session: Session,
    action: AuditAction,
    resource: str,
    *,
    by: Principal | None,
    record_id: uuid.UUID | None = None,
    count: int = 1,
    purpose: str | None = None,
) -> None:
    """Log that `by` (None: the service itself) did `action` on `count` records of `resource`.

    Give a record's id, never its contents; the entry is stored or rolled back with the change.
    """
    role = SERVICE if by is None else (by.role.value if by.role else "anonymous")
    token_id, user_id = (None, None) if by is None else (by.token_id, by.user_id)
    INSERT.run(session.connection(), {"at": utcnow(), "role": role, "token_id": token_id, "user_id": user_id,
                                 "action": action, "resource": resource, "record_id": record_id, "count": count,
                                 "purpose": purpose})  # fmt: skip


def entries(session: Session, *, limit: int, offset: int) -> tuple[list[AccessLogEntry], int]:
    """One page of the log, newest first, and how many entries it holds in all."""
    newest = select(AccessLogEntry).order_by(col(AccessLogEntry.at).desc(), col(AccessLogEntry.id).desc())
    total = session.exec(select(func.count()).select_from(AccessLogEntry)).one()
    return list(session.exec(newest.limit(limit).offset(offset))), total


def about(session: Session, record_ids: list[uuid.UUID]) -> list[AccessLogEntry]:
    """The entries that name one of these records, newest first."""
    if not record_ids:
        return []
    statement = select(AccessLogEntry).where(col(AccessLogEntry.record_id).in_(record_ids))
    return list(session.exec(statement.order_by(col(AccessLogEntry.at).desc(), col(AccessLogEntry.id).desc())))
