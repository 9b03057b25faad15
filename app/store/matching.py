"""What the matching engine needs for one need, gathered from the database.

Reads go to the session's connection, past the ORM's row handling: callers flush first.
"""

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any, TypedDict

from sqlalchemy import Row, Select
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.db.spatial import spatial_sql
from app.geo import BBox, radius_envelope, to_metric, to_metric_many
from app.matching import Candidate, MatchSettings, Need, Proposals
from app.matching.constraints import domain_of, reach_m
from app.matching.lazy import Sketch, propose_lazily
from app.matching.schedule import slots_of
from app.models import Asset, Match, Offer, OfferPlace, Volunteer
from app.models import Need as NeedRow
from app.models.base import PublicationStatus
from app.models.match import ACTIVE, MatchStatus
from app.models.need import NeedStatus
from app.models.volunteer import VolunteerStatus
from app.store import freshness
from app.taxonomy import Taxonomy

# The search box is drawn on the sphere, the engine measures in RD New metres: search a little wider.
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


def proposals_for(
    session: Session,
    row: NeedRow,
    need: Need,
    *,
    refused: set[uuid.UUID],
    settings: MatchSettings,
    taxonomy: Taxonomy,
    today: date,
    limit: int,
) -> Proposals:
    """Rank published offers and active volunteers near the need in its life domains, bar the refused.

    Offers come from the offer places index as sketches; only those that could still rank
    are read in full (see `app.matching.lazy`).
    """
    domains = sorted({domain_of(theme) for theme in need.themes})
    codes = sorted({code for domain in domains for code in taxonomy.expand(domain, "themes")})
    volunteers = _volunteers_near(session, row, codes, max(reach_m(need, settings), VOLUNTEER_SEARCH_M))
    present = [v for v in _volunteer_candidates(session, need, volunteers) if v.id not in refused]
    sketches = [] if need.mode == "home" else _offer_sketches(session, row, domains, reach_m(need, settings))
    return propose_lazily(
        need,
        present,
        [sketch for sketch in sketches if sketch.id not in refused],
        lambda offer_ids: _offer_candidates(session, need, _offers_by_id(session, offer_ids)),
        today=today,
        settings=settings,
        labels={code: theme.label_nl for code, theme in taxonomy.themes.items()},
        limit=limit,
    )


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


def _search_box(row: NeedRow, radius_m: float) -> BBox:
    """The box around the need that holds its reach; the engine measures each candidate exactly."""
    return radius_envelope(row.geom.x, row.geom.y, radius_m * SEARCH_MARGIN)


def _offer_sketches(session: Session, row: NeedRow, domains: list[str], radius_m: float) -> list[Sketch]:
    west, south, east, north = _search_box(row, radius_m)
    statement = sa_select(
        col(OfferPlace.offer_id),
        col(OfferPlace.asset_id),
        col(OfferPlace.themes),
        col(OfferPlace.support_level),
        col(OfferPlace.lon),
        col(OfferPlace.lat),
    ).where(
        col(OfferPlace.domain).in_(domains),
        col(OfferPlace.lat).between(south, north),
        col(OfferPlace.lon).between(west, east),
    )
    # An offer in two of the need's domains has a row in each.
    rows = list({row.offer_id: row for row in session.connection().execute(statement)}.values())
    positions = to_metric_many([row.lon for row in rows], [row.lat for row in rows])
    return [
        Sketch(row.offer_id, row.asset_id, x, y, row.support_level, frozenset(row.themes))
        for row, (x, y) in zip(rows, positions, strict=True)
    ]


def _offers_by_id(session: Session, offer_ids: list[uuid.UUID]) -> list[Row]:
    if not offer_ids:
        return []
    # Offers hidden for want of confirmation are left out here, where rows are read by id, so that the
    # index search above stays as it is: their sketches simply load nothing.
    statement = _published_offers(*OFFER_COLUMNS).where(col(Offer.id).in_(offer_ids), freshness.shown(session))
    return list(session.connection().execute(statement).all())


def _published_offers(*columns: Any) -> Select:
    return (
        sa_select(*columns)
        .join(Asset, col(Offer.asset_id) == col(Asset.id))
        .where(col(Offer.status) == PUBLISHED, col(Asset.status) == PUBLISHED)
    )


def _volunteers_near(session: Session, row: NeedRow, codes: list[str], radius_m: float) -> list[Volunteer]:
    spatial = spatial_sql(session)
    statement = select(Volunteer).where(
        Volunteer.status == VolunteerStatus.active,
        Volunteer.person_ref != row.person_ref,
        spatial.box_overlaps(Volunteer, _search_box(row, radius_m)),
        spatial.json_contains_any(col(Volunteer.themes), codes),
    )
    return list(session.exec(statement).all())


def _offer_candidates(session: Session, need: Need, rows: list[Row]) -> list[Candidate]:
    if not rows:
        return []
    taken, misses = _history(session, col(Match.offer_id), [row.offer_id for row in rows])
    wants = _offered_at(session, [row.asset_id for row in rows]) if need.gifts else {}
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


def _volunteer_candidates(session: Session, need: Need, rows: list[Volunteer]) -> list[Candidate]:
    if not rows:
        return []
    _, misses = _history(session, col(Match.volunteer_id), [volunteer.id for volunteer in rows])
    wants = _asked_by(session, [volunteer.person_ref for volunteer in rows]) if need.gifts else {}
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


def _history(session: Session, column, ids: list[uuid.UUID]) -> tuple[Counter, dict[uuid.UUID, Counter]]:
    """Per candidate: how many matches are under way, and how often it did not fit, per theme."""
    rows = (
        session.connection()
        .execute(
            sa_select(column, col(Match.status), col(NeedRow.themes))
            .join(NeedRow, col(Match.need_id) == col(NeedRow.id))
            .where(column.in_(ids), col(Match.status).in_([*ACTIVE, MatchStatus.did_not_fit]))
        )
        .all()
    )
    taken: Counter = Counter()
    misses: dict[uuid.UUID, Counter] = defaultdict(Counter)
    for candidate_id, status, themes in rows:
        if status == MatchStatus.did_not_fit:
            misses[candidate_id].update(themes)
        else:
            taken[candidate_id] += 1
    return taken, misses


def _offered_at(session: Session, asset_ids: list[uuid.UUID]) -> dict:
    """The themes each place offers: what it would welcome help with."""
    return _themes_by(session, col(Offer.asset_id), col(Offer.themes), asset_ids, Offer.status == PUBLISHED)


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
