"""Jobs on a timer that every worker shares: a row per job says when it last ran."""

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import CursorResult, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from app.models import ScheduledJob


def claim(session: Session, name: str, *, every: timedelta, now: datetime) -> bool:
    """Whether the caller runs job `name` now: it never ran, or last ran `every` or longer ago.

    One conditional UPDATE decides: of workers asking at once, one changes the row and the
    others, waiting on its lock, find it changed. The claim commits or rolls back with the job.
    """
    if session.get(ScheduledJob, name) is None:
        try:
            with session.begin_nested():
                session.add(ScheduledJob(name=name))
        except IntegrityError:  # another worker made the row first
            pass
    last_run = col(ScheduledJob.last_run_at)
    due = or_(last_run.is_(None), last_run <= now - every)
    claim_row = update(ScheduledJob).where(col(ScheduledJob.name) == name, due).values(last_run_at=now)
    return cast(CursorResult, session.execute(claim_row)).rowcount == 1
