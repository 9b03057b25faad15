"""Candidates for the engine from stored rows: offers and volunteers with what ranking weighs.

Each candidate carries its constraints (schedule, facets, capacity left), its history (matches under
way, times it did not fit, per theme) and, for two-way matches, what it would welcome help with.
"""

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import NamedTuple, TypedDict

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.db.driver import DriverStatement, as_text
from app.db.one_of import one_of
from app.geo import to_metric_many
from app.matching import Candidate, Need
from app.matching.lazy import Sketch
from app.matching.schedule import slots_of
from app.models import Match
from app.models import Need as NeedRow
from app.models.match import REFUSED, status_among
from app.models.need import NeedStatus
from app.store.offer_rows import OfferRow, misses_of
from app.store.stored_json import decoded, themes_of


def offer_candidate(row: OfferRow, sketch: Sketch, wants: Mapping[uuid.UUID, set[str]]) -> Candidate:
    """An offer read in full as a candidate, at its sketch's position; `wants`: what places offer themselves."""
    offer_facets = decoded(row.offer_facets) or {}
    facets = {**(decoded(row.asset_facets) or {}), **{key: value for key, value in offer_facets.items() if value}}
    return Candidate(
        id=row.offer_id,
        kind="offer",
        x=sketch.x,
        y=sketch.y,
        themes=themes_of(row.themes),
        support_level=row.support_level,
        asset_id=row.asset_id,
        place_name=row.name,
        slots=slots_of(decoded(row.offer_schedule) or decoded(row.asset_schedule) or ()),
        cost=facets.get("cost"),
        capacity_left=None if row.capacity is None else row.capacity - row.taken,
        valid_until=row.valid_until,
        last_confirmed=row.offer_confirmed or row.asset_confirmed,
        wants=frozenset(wants.get(row.asset_id, ())),
        did_not_fit=row.misses,
        **_requirements(facets),
    )


class VolunteerRow(NamedTuple):
    """What ranking reads of a volunteer: a point, so `lon` and `lat` are its bounds' corner."""

    id: uuid.UUID
    person_ref: str
    lon: float
    lat: float
    themes: list[str]
    mode: str
    reach_m: int | None
    availability: list[dict]
    facets: dict


def volunteer_candidates(session: Session, need: Need, rows: list[VolunteerRow]) -> list[Candidate]:
    """Active volunteers as candidates for this need: neighbours, the informal level."""
    if not rows:
        return []
    misses = _misses(session, [volunteer.id for volunteer in rows])
    wants = _asked_by(session, [volunteer.person_ref for volunteer in rows]) if need.gifts else {}
    positions = to_metric_many([v.lon for v in rows], [v.lat for v in rows])
    return [_volunteer_candidate(v, xy, misses, wants) for v, xy in zip(rows, positions, strict=True)]


def _volunteer_candidate(volunteer: VolunteerRow, xy: tuple[float, float], misses: dict, wants: dict) -> Candidate:
    x, y = xy
    return Candidate(
        id=volunteer.id,
        kind="volunteer",
        x=x,
        y=y,
        themes=frozenset(volunteer.themes),
        support_level="sociaal_netwerk",
        comes_by=volunteer.mode == "home",
        reach_m=volunteer.reach_m,
        slots=frozenset((slot["day"], slot["part"]) for slot in volunteer.availability) or None,
        cost="gratis",
        wants=frozenset(wants.get(volunteer.person_ref, ())),
        did_not_fit=misses.get(volunteer.id, {}),
        **_requirements(volunteer.facets),
    )


class Requirements(TypedDict):
    """The facets a need's constraints are checked against."""

    accessibility: frozenset[str]
    languages: frozenset[str]
    target_groups: frozenset[str]


def _requirements(facets: dict) -> Requirements:
    return Requirements(
        accessibility=frozenset(facets.get("accessibility") or ()),
        languages=frozenset(facets.get("languages") or ()),
        target_groups=frozenset(facets.get("target_groups") or ()),
    )


def _misses(session: Session, volunteer_ids: list[uuid.UUID]) -> dict[uuid.UUID, Counter]:
    """Per volunteer: how often they did not fit, per theme."""
    matches: dict[uuid.UUID, list[tuple]] = defaultdict(list)
    for volunteer_id, status, themes in REFUSED_VOLUNTEERS.rows(session.connection(), {"ids": volunteer_ids}):
        matches[uuid.UUID(volunteer_id)].append((status, themes))
    return {volunteer_id: misses_of(refused) for volunteer_id, refused in matches.items()}


REFUSED_VOLUNTEERS = DriverStatement(
    sa_select(as_text(col(Match.volunteer_id)), col(Match.status), as_text(col(NeedRow.themes)))
    .join(NeedRow, col(Match.need_id) == col(NeedRow.id))
    .where(one_of(col(Match.volunteer_id), "ids"), status_among(col(Match.status), REFUSED))
)


def _asked_by(session: Session, person_refs: list[str]) -> dict:
    """The themes each volunteer asks help with themselves."""
    open_needs = NeedRow.status == NeedStatus.open
    return _themes_by(session, col(NeedRow.person_ref), col(NeedRow.themes), person_refs, open_needs)


def _themes_by(session: Session, key, themes, keys: Iterable, condition) -> dict:
    found: dict = defaultdict(set)
    statement = sa_select(key, themes).where(key.in_(list(set(keys))), condition)
    for owner, owned in session.connection().execute(statement).all():
        found[owner] |= set(owned)
    return found
