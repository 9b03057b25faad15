"""Retention: a closed need is anonymised once its retention period has passed.

What stays is what the figures need: themes, times, constraints, mode, status and dates, and a
place no finer than the buurt (its representative point, so that counts per buurt do not change).
What goes: the person reference (a fresh random one instead), the description, the exact place,
and in the need's matches the notes, reasons and exact distances (they would point back at the home).
"""

import math
import secrets
from datetime import datetime, timedelta

from shapely import STRtree, total_bounds
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
                             closed_at < closed_before)  # fmt: skip
    # Batches of neighbouring needs, so that each reads the buurten of a small area.
    batch = due.order_by(col(Need.min_y), col(Need.min_x)).limit(BATCH)
    done = 0
    while rows := list(session.exec(batch)):
        for row, place in zip(rows, coarse_places(session, [row.geom for row in rows]), strict=True):
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


def coarse_places(session: Session, points: list[Point]) -> list[Point]:
    """For each point (WGS84): the representative point of the buurt holding it (the lowest code on a
    border, as the figures count), else the centre of its grid cell."""
    near = spatial_sql(session).box_overlaps(Area, tuple(total_bounds(points)))
    buurten = session.exec(select(Area.geom).where(Area.level == "buurt", near).order_by(col(Area.code))).all()
    tree = STRtree(buurten)
    centres: dict[int, Point] = {}
    places = []
    for point in points:
        holding = tree.query(point, predicate="intersects")
        if len(holding):
            first = int(holding.min())
            places.append(centres.setdefault(first, buurten[first].representative_point()))
        else:
            places.append(Point(*((math.floor(v / GRID_DEGREES) + 0.5) * GRID_DEGREES for v in (point.x, point.y))))
    return places


def _anonymise_matches(session: Session, need_ids: list, now: datetime) -> None:
    """Proposals nobody acted on go; the rest keep their status, which ranking learns from."""
    of_needs = col(Match.need_id).in_(need_ids)
    session.execute(delete(Match).where(of_needs, col(Match.status) == MatchStatus.proposed))
    for match in session.exec(select(Match).where(of_needs)):
        distance = round(match.distance_m / DISTANCE_STEP_M) * DISTANCE_STEP_M
        match.sqlmodel_update({"note": "", "reasons": [], "distance_m": distance, "updated_at": now})
        session.add(match)
