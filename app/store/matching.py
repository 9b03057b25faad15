"""What the matching engine needs for one need, gathered from the database."""

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any, TypedDict

from sqlalchemy import Row
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from app.db.spatial import spatial_sql
from app.geo import to_metric, to_metric_many
from app.matching import Candidate, MatchSettings, Need
from app.matching.constraints import domain_of, reach_m
from app.matching.schedule import slots_of
from app.models import Asset, Match, Offer, Volunteer
from app.models import Need as NeedRow
from app.models.base import PublicationStatus
from app.models.match import ACTIVE, MatchStatus
from app.models.need import NeedStatus
from app.models.volunteer import VolunteerStatus
from app.taxonomy import Taxonomy

# The database measures on the sphere, the engine in RD New metres: search a little wider.
SEARCH_MARGIN = 1.01
VOLUNTEER_SEARCH_M = 5000.0  # visiting volunteers are looked for this far, then judged by their own reach
PUBLISHED = PublicationStatus.published


def need_for_engine(session: Session, row: NeedRow) -> Need:
    """The need as the engine sees it: metric position, constraints, and the resident's own gifts."""
    x, y = to_metric(row.geom.x, row.geom.y)
    constraints = row.constraints or {}
    gifts = session.exec(
        select(Volunteer.themes).where(Volunteer.person_ref == row.person_ref, Volunteer.status == "active")
    ).all()
    return Need(
        id=row.id,
        x=x,
        y=y,
        themes=frozenset(row.themes),
        mode=row.mode,
        radius_m=row.radius_m,
        when=frozenset((slot["day"], slot["part"]) for slot in row.when),
        accessibility=frozenset(constraints.get("accessibility", [])),
        languages=frozenset(constraints.get("languages", [])),
        target_groups=frozenset(constraints.get("target_groups", [])),
        max_cost=constraints.get("cost"),
        gifts=frozenset(theme for themes in gifts for theme in themes),
    )


def candidates_for(
    session: Session, row: NeedRow, need: Need, *, settings: MatchSettings, taxonomy: Taxonomy
) -> list[Candidate]:
    """Published offers and active volunteers near the need in its life domains, not yet refused."""
    codes = sorted({code for theme in need.themes for code in taxonomy.expand(domain_of(theme), "themes")})
    refused = _refused_for(session, row.id)
    offers = [] if need.mode == "home" else _offers_near(session, row, codes, reach_m(need, settings))
    volunteers = _volunteers_near(session, row, codes, max(reach_m(need, settings), VOLUNTEER_SEARCH_M))
    candidates = _offer_candidates(session, offers) + _volunteer_candidates(session, volunteers)
    return [candidate for candidate in candidates if candidate.id not in refused]


def _refused_for(session: Session, need_id: uuid.UUID) -> set[uuid.UUID]:
    rows = session.exec(
        select(Match.offer_id, Match.volunteer_id).where(
            Match.need_id == need_id, Match.status == MatchStatus.did_not_fit
        )
    ).all()
    return {candidate_id for pair in rows for candidate_id in pair if candidate_id is not None}


# Only what the engine reads: whole rows would cost a geometry and timestamps to decode each.
OFFER_COLUMNS: tuple[Any, ...] = (
    col(Offer.id).label("offer_id"),
    col(Offer.themes),
    col(Offer.schedule).label("offer_schedule"),
    col(Offer.facets).label("offer_facets"),
    col(Offer.capacity),
    col(Offer.valid_until),
    col(Offer.last_confirmed).label("offer_confirmed"),
    col(Asset.id).label("asset_id"),
    col(Asset.name),
    col(Asset.support_level),
    col(Asset.min_x).label("lon"),
    col(Asset.min_y).label("lat"),
    col(Asset.schedule).label("asset_schedule"),
    col(Asset.facets).label("asset_facets"),
    col(Asset.last_confirmed).label("asset_confirmed"),
)


def _offers_near(session: Session, row: NeedRow, codes: list[str], radius_m: float) -> list[Row]:
    spatial = spatial_sql(session)
    statement = (
        sa_select(*OFFER_COLUMNS)
        .join(Asset, col(Offer.asset_id) == col(Asset.id))
        .where(col(Offer.status) == PUBLISHED, col(Asset.status) == PUBLISHED)
        .where(spatial.within_m(Asset, row.geom.x, row.geom.y, radius_m * SEARCH_MARGIN))
        .where(spatial.json_contains_any(col(Offer.themes), codes))
    )
    return list(session.execute(statement).all())


def _volunteers_near(session: Session, row: NeedRow, codes: list[str], radius_m: float) -> list[Volunteer]:
    spatial = spatial_sql(session)
    statement = select(Volunteer).where(
        Volunteer.status == VolunteerStatus.active,
        Volunteer.person_ref != row.person_ref,
        spatial.within_m(Volunteer, row.geom.x, row.geom.y, radius_m * SEARCH_MARGIN),
        spatial.json_contains_any(col(Volunteer.themes), codes),
    )
    return list(session.exec(statement).all())


def _offer_candidates(session: Session, rows: list[Row]) -> list[Candidate]:
    if not rows:
        return []
    offer_ids = [row.offer_id for row in rows]
    taken = _active_counts(session, offer_ids)
    misses = _did_not_fit(session, col(Match.offer_id), offer_ids)
    wants = _themes_by(
        session, col(Offer.asset_id), col(Offer.themes), [row.asset_id for row in rows], Offer.status == PUBLISHED
    )
    positions = to_metric_many([row.lon for row in rows], [row.lat for row in rows])
    return [_offer_candidate(row, xy, taken, misses, wants) for row, xy in zip(rows, positions, strict=True)]


def _offer_candidate(row: Row, xy: tuple[float, float], taken: Counter, misses: dict, wants: dict) -> Candidate:
    facets = {**row.asset_facets, **{key: value for key, value in row.offer_facets.items() if value}}
    x, y = xy
    return Candidate(
        id=row.offer_id,
        kind="offer",
        x=x,
        y=y,
        themes=frozenset(row.themes),
        support_level=row.support_level,
        asset_id=row.asset_id,
        place_name=row.name,
        slots=slots_of(row.offer_schedule or row.asset_schedule),
        cost=facets.get("cost"),
        capacity_left=None if row.capacity is None else row.capacity - taken[row.offer_id],
        valid_until=row.valid_until,
        last_confirmed=row.offer_confirmed or row.asset_confirmed,
        wants=frozenset(wants.get(row.asset_id, ())),
        did_not_fit=misses.get(row.offer_id, {}),
        **_requirements(facets),
    )


def _volunteer_candidates(session: Session, rows: list[Volunteer]) -> list[Candidate]:
    if not rows:
        return []
    misses = _did_not_fit(session, col(Match.volunteer_id), [volunteer.id for volunteer in rows])
    open_needs = NeedRow.status == NeedStatus.open
    wants = _themes_by(session, col(NeedRow.person_ref), col(NeedRow.themes), [v.person_ref for v in rows], open_needs)
    positions = to_metric_many([v.geom.x for v in rows], [v.geom.y for v in rows])
    return [_volunteer_candidate(v, xy, misses, wants) for v, xy in zip(rows, positions, strict=True)]


def _volunteer_candidate(volunteer: Volunteer, xy: tuple[float, float], misses: dict, wants: dict) -> Candidate:
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


def _active_counts(session: Session, offer_ids: list[uuid.UUID]) -> Counter:
    rows = session.exec(
        select(Match.offer_id, func.count())
        .where(col(Match.offer_id).in_(offer_ids), col(Match.status).in_(list(ACTIVE)))
        .group_by(col(Match.offer_id))
    ).all()
    return Counter({offer_id: count for offer_id, count in rows})


def _did_not_fit(session: Session, column, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, int]]:
    rows = session.exec(
        select(column, NeedRow.themes)
        .join(NeedRow, col(Match.need_id) == col(NeedRow.id))
        .where(column.in_(ids), Match.status == MatchStatus.did_not_fit)
    ).all()
    misses: dict[uuid.UUID, Counter] = defaultdict(Counter)
    for candidate_id, themes in rows:
        misses[candidate_id].update(themes)
    return {candidate_id: dict(counts) for candidate_id, counts in misses.items()}


def _themes_by(session: Session, key, themes, keys: Iterable, condition) -> dict:
    found: dict = defaultdict(set)
    for owner, owned in session.exec(select(key, themes).where(key.in_(list(set(keys))), condition)).all():
        found[owner] |= set(owned)
    return found
