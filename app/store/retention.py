"""Retention: a closed need is anonymised once its retention period has passed.

What stays is what the figures need: themes, times, constraints, mode, status and dates, and a
place no finer than the buurt (its representative point, so that counts per buurt do not change).
What goes: the person reference (a fresh random one instead), the description, the exact place,
and in the need's matches the notes, reasons and exact distances (they would point back at the home).
"""

import math
import secrets
from datetime import datetime, timedelta

from shapely.geometry import Point
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from app.db import Database, scrub_after_commit
from app.db.spatial import bounds_of, spatial_sql
from app.models import Area, Match, Need
from app.models.audit import AuditAction
from app.models.match import MatchStatus
from app.models.need import NeedStatus
from app.store import audit
from app.store.jobs import claim

JOB = "retention"
ANONYMOUS_REF = "anon-"  # then random hex: no two anonymised needs share a reference
GRID_DEGREES = 0.01  # outside every buurt: the centre of a cell of about 0.7 by 1.1 km
DISTANCE_STEP_M = 500
BATCH = 500


def run(database: Database, *, days: int, now: datetime, every: timedelta | None = None) -> int | None:
    """Anonymise what has passed `days` of retention; how many needs (None: not due, see `claim`).

    With `every`, only when the job last ran that long ago; without, always.
    """
    with database.session() as session:
        if not claim(session, JOB, every=every or timedelta(0), now=now):
            return None
        return anonymise_closed_needs(session, closed_before=now - timedelta(days=days), now=now)


def anonymise_closed_needs(session: Session, *, closed_before: datetime, now: datetime) -> int:
    """Anonymise every closed need closed before `closed_before` and not yet anonymised; how many."""
    closed_at = func.coalesce(col(Need.closed_at), col(Need.updated_at))  # needs closed before closed_at existed
    due = select(Need).where(Need.status == NeedStatus.closed, col(Need.anonymised_at).is_(None),
                             closed_at < closed_before).limit(BATCH)  # fmt: skip
    done = 0
    while rows := list(session.exec(due)):
        for row in rows:
            place = coarse_place(session, row.geom)
            fresh_ref = ANONYMOUS_REF + secrets.token_hex(8)
            row.sqlmodel_update({"person_ref": fresh_ref, "description": "", "geom": place, **bounds_of(place),
                                 "anonymised_at": now, "updated_at": now})  # fmt: skip
            session.add(row)
        _anonymise_matches(session, [row.id for row in rows], now)
        session.flush()
        done += len(rows)
    if done:
        scrub_after_commit(session, "needs", "matches")
        audit.record(session, AuditAction.anonymise, "needs", by=None, count=done, purpose="retention")
    return done


def coarse_place(session: Session, point: Point) -> Point:
    """The representative point of the buurt holding `point` (WGS84); else its grid cell's centre."""
    holding = select(Area.geom).where(Area.level == "buurt", spatial_sql(session).intersects(Area, point))
    buurt = session.exec(holding.order_by(col(Area.code)).limit(1)).first()
    if buurt is not None:
        return buurt.representative_point()
    return Point(*((math.floor(value / GRID_DEGREES) + 0.5) * GRID_DEGREES for value in (point.x, point.y)))


def _anonymise_matches(session: Session, need_ids: list, now: datetime) -> None:
    """Proposals nobody acted on go; the rest keep their status, which ranking learns from."""
    of_needs = col(Match.need_id).in_(need_ids)
    session.execute(delete(Match).where(of_needs, col(Match.status) == MatchStatus.proposed))
    for match in session.exec(select(Match).where(of_needs)):
        distance = round(match.distance_m / DISTANCE_STEP_M) * DISTANCE_STEP_M
        match.sqlmodel_update({"note": "", "reasons": [], "distance_m": distance, "updated_at": now})
        session.add(match)
