"""A person's data as a whole: everything held under one pseudonymous reference, read or erased."""

from dataclasses import dataclass
from typing import cast

from sqlalchemy import ColumnElement, CursorResult, Delete, delete, or_
from sqlmodel import Session, col, select

from app.db import scrub_after_commit
from app.errors import NotFound
from app.models import AccessLogEntry, Match, Need, Volunteer
from app.models.audit import AuditAction
from app.store import audit
from app.store.access import EDITORS, require_role
from app.store.auth import Principal

# Where a person's data lives; the erase clears each and scrubs them from the files.
TABLES = ("matches", "needs", "volunteers")


@dataclass(frozen=True)
class PersonData:
    """What is held about one person: their records, the matches that involve them, who saw them."""

    person_ref: str
    needs: list[Need]
    volunteers: list[Volunteer]
    matches: list[Match]
    access_log: list[AccessLogEntry]


def person_data(session: Session, principal: Principal, person_ref: str, *, purpose: str | None) -> PersonData:
    """Everything held about `person_ref` (an access request), logged; 404 when nothing is held."""
    require_role(principal, EDITORS, "personal data")
    needs, volunteers = _records(session, person_ref)
    matches = list(session.exec(select(Match).where(_involving(needs, volunteers)).order_by(col(Match.created_at))))
    record_ids = [row.id for row in (*needs, *volunteers, *matches)]
    log = audit.about(session, record_ids)
    audit.record(session, AuditAction.read, "people", by=principal, count=len(record_ids), purpose=purpose)
    return PersonData(person_ref, needs, volunteers, matches, log)


def erase(session: Session, principal: Principal, person_ref: str, *, purpose: str | None) -> int:
    """Remove `person_ref`'s needs, volunteer records and every match involving them; how many rows went.

    In the caller's transaction; once it commits, the rows are scrubbed from the database files.
    """
    require_role(principal, EDITORS, "personal data")
    needs, volunteers = _records(session, person_ref)
    removed = _deleted(session, delete(Match).where(_involving(needs, volunteers)))
    for model in (Need, Volunteer):
        removed += _deleted(session, delete(model).where(col(model.person_ref) == person_ref))
    scrub_after_commit(session, *TABLES)
    audit.record(session, AuditAction.erase, "people", by=principal, count=removed, purpose=purpose)
    return removed


def _records(session: Session, person_ref: str) -> tuple[list[Need], list[Volunteer]]:
    """The person's needs and volunteer records, oldest first; 404 when there are none."""
    needs = session.exec(select(Need).where(Need.person_ref == person_ref).order_by(col(Need.created_at)))
    volunteers = session.exec(
        select(Volunteer).where(Volunteer.person_ref == person_ref).order_by(col(Volunteer.created_at))
    )
    found = (list(needs), list(volunteers))
    if not any(found):
        raise NotFound("no data is held under this person reference")
    return found


def _deleted(session: Session, statement: Delete) -> int:
    return cast(CursorResult, session.execute(statement)).rowcount


def _involving(needs: list[Need], volunteers: list[Volunteer]) -> ColumnElement[bool]:
    return or_(
        col(Match.need_id).in_([row.id for row in needs]),
        col(Match.volunteer_id).in_([row.id for row in volunteers]),
    )
