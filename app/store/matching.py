"""What the matching engine needs for one need, gathered from the database.

Reads go to the session's connection, past the ORM's row handling: callers flush first.
"""

import json
import typing
import uuid
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from datetime import date
from functools import cache, lru_cache
from typing import Any, TypedDict

from sqlalchemy import Row, Select, String, bindparam, cast, type_coerce
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.db.spatial import SpatialSQL, spatial_sql
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
from app.store.need_source import NeedSource
from app.taxonomy import Taxonomy

# The search box is drawn on the sphere, the engine measures in RD New metres: search a little wider.
SEARCH_MARGIN = 1.01
VOLUNTEER_SEARCH_M = 5000.0  # visiting volunteers are looked for this far, then judged by their own reach
PUBLISHED = PublicationStatus.published


# Statements built once: building one costs more than SQLite takes to answer it. Values are bound.
GIFTS = sa_select(col(Volunteer.themes)).where(
    col(Volunteer.person_ref) == bindparam("person_ref"), col(Volunteer.status) == VolunteerStatus.active
)


def need_for_engine(session: Session, row: NeedSource) -> Need:
    """The need as the engine sees it: metric position, constraints, and the resident's own gifts."""
    x, y = to_metric(row.min_x, row.min_y)
    constraints = row.constraints or {}
    gifts = session.connection().execute(GIFTS, {"person_ref": row.person_ref}).scalars().all()
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
    row: NeedSource,
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
    if refused:
        sketches = [sketch for sketch in sketches if uuid.UUID(str(sketch.id)) not in refused]
    return propose_lazily(
        need,
        present,
        sketches,
        lambda offer_ids: _offer_candidates(session, need, _offers_by_id(session, offer_ids)),
        today=today,
        settings=settings,
        labels={code: theme.label_nl for code, theme in taxonomy.themes.items()},
        limit=limit,
    )


# Only what the engine reads: whole rows would cost a geometry and timestamps to decode each. JSON
# comes as text: the same themes, schedules and facets recur from offer to offer, each decoded once.
OFFER_COLUMNS: tuple[Any, ...] = (
    col(Offer.id).label("offer_id"),
    cast(col(Offer.themes), String).label("themes"),
    cast(col(Offer.schedule), String).label("offer_schedule"),
    cast(col(Offer.facets), String).label("offer_facets"),
    col(Offer.capacity),
    col(Offer.valid_until),
    col(Offer.last_confirmed).label("offer_confirmed"),
    col(Asset.id).label("asset_id"),
    col(Asset.name),
    col(Asset.support_level),
    col(Asset.min_x).label("lon"),
    col(Asset.min_y).label("lat"),
    cast(col(Asset.schedule), String).label("asset_schedule"),
    cast(col(Asset.facets), String).label("asset_facets"),
    col(Asset.last_confirmed).label("asset_confirmed"),
)


def _search_box(row: NeedSource, radius_m: float) -> BBox:
    """The box around the need that holds its reach; the engine measures each candidate exactly."""
    return radius_envelope(row.min_x, row.min_y, radius_m * SEARCH_MARGIN)


# The index's columns as the driver gives them: a need's box holds a hundred offers or more, and
# decoding ids and JSON for each through the ORM's types cost more than the query itself.
SKETCH_COLUMNS: tuple[Any, ...] = (
    cast(col(OfferPlace.offer_id), String).label("offer_id"),
    cast(col(OfferPlace.asset_id), String).label("asset_id"),
    cast(col(OfferPlace.themes), String).label("themes"),
    type_coerce(col(OfferPlace.support_level), String).label("support_level"),
    col(OfferPlace.lon),
    col(OfferPlace.lat),
)


SKETCHES = sa_select(*SKETCH_COLUMNS).where(
    col(OfferPlace.domain).in_(bindparam("domains", expanding=True)),
    col(OfferPlace.lat).between(bindparam("south"), bindparam("north")),
    col(OfferPlace.lon).between(bindparam("west"), bindparam("east")),
)


def _offer_sketches(session: Session, row: NeedSource, domains: list[str], radius_m: float) -> list[Sketch]:
    """Sketches of the offers in the need's box and life domains; ids as text (see `_offers_by_id`)."""
    west, south, east, north = _search_box(row, radius_m)
    box = {"domains": domains, "west": west, "south": south, "east": east, "north": north}
    # An offer in two of the need's domains has a row in each.
    rows = list({row[0]: row for row in session.connection().execute(SKETCHES, box).all()}.values())
    positions = to_metric_many([row[4] for row in rows], [row[5] for row in rows])
    return [
        Sketch(offer_id, asset_id, x, y, level, _themes(themes))
        for (offer_id, asset_id, themes, level, _, _), (x, y) in zip(rows, positions, strict=True)
    ]


@lru_cache(maxsize=4096)
def _themes(stored: str) -> frozenset[str]:
    """A stored JSON list of theme codes; few lists recur over and over, so each is read once."""
    return frozenset(json.loads(stored))


@lru_cache(maxsize=4096)
def _decoded(stored: str | None) -> Any:
    """A stored JSON value (shared between callers: never changed), or None for none."""
    return None if stored is None else json.loads(stored)


def _offers_by_id(session: Session, offer_ids: list[Hashable]) -> list[Row]:
    """The offers in full, by the ids sketches carry (text)."""
    if not offer_ids:
        return []
    ids = [uuid.UUID(str(offer_id)) for offer_id in offer_ids]
    # Offers hidden for want of confirmation are left out here, where rows are read by id, so that the
    # index search above stays as it is: their sketches simply load nothing.
    shown_since = freshness.window_of(session).shown_since(freshness.today())
    return list(session.connection().execute(_offers_statement(shown_since), {"ids": ids}).all())


@lru_cache(maxsize=8)  # one a day, per freshness window
def _offers_statement(shown_since: date) -> Select:
    """Published offers at published places, shown since `shown_since`, by the ids bound as `ids`."""
    return (
        sa_select(*OFFER_COLUMNS)
        .join(Asset, col(Offer.asset_id) == col(Asset.id))
        .where(col(Offer.status) == PUBLISHED, col(Asset.status) == PUBLISHED, freshness.confirmed_since(shown_since))
        .where(col(Offer.id).in_(bindparam("ids", expanding=True)))
    )


def _volunteers_near(session: Session, row: NeedSource, codes: list[str], radius_m: float) -> list[Volunteer]:
    west, south, east, north = _search_box(row, radius_m)
    values = {"person_ref": row.person_ref, "west": west, "south": south, "east": east, "north": north}
    return list(session.exec(_volunteers_statement(spatial_sql(session), tuple(codes)), params=values).all())


@lru_cache(maxsize=256)  # one per backend and set of life domains asked for
def _volunteers_statement(spatial: SpatialSQL, codes: tuple[str, ...]) -> SelectOfScalar[Volunteer]:
    """Active volunteers other than the resident (`person_ref`) in the bound box, with one of `codes`."""
    box = typing.cast(BBox, tuple(bindparam(side) for side in ("west", "south", "east", "north")))
    return select(Volunteer).where(
        Volunteer.status == VolunteerStatus.active,
        Volunteer.person_ref != bindparam("person_ref"),
        spatial.box_overlaps(Volunteer, box),
        spatial.json_contains_any(col(Volunteer.themes), list(codes)),
    )


def _offer_candidates(session: Session, need: Need, rows: list[Row]) -> list[Candidate]:
    if not rows:
        return []
    taken, misses = _history(session, col(Match.offer_id), [row.offer_id for row in rows])
    wants = _offered_at(session, [row.asset_id for row in rows]) if need.gifts else {}
    positions = to_metric_many([row.lon for row in rows], [row.lat for row in rows])
    return [_offer_candidate(row, xy, taken, misses, wants) for row, xy in zip(rows, positions, strict=True)]


def _offer_candidate(row: Row, xy: tuple[float, float], taken: Counter, misses: dict, wants: dict) -> Candidate:
    offer_facets = _decoded(row.offer_facets) or {}
    facets = {**(_decoded(row.asset_facets) or {}), **{key: value for key, value in offer_facets.items() if value}}
    x, y = xy
    return Candidate(
        id=row.offer_id,
        kind="offer",
        x=x,
        y=y,
        themes=_themes(row.themes),
        support_level=row.support_level,
        asset_id=row.asset_id,
        place_name=row.name,
        slots=slots_of(_decoded(row.offer_schedule) or _decoded(row.asset_schedule) or ()),
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
    rows = session.connection().execute(_history_statement(column.key), {"ids": ids}).all()
    taken: Counter = Counter()
    misses: dict[uuid.UUID, Counter] = defaultdict(Counter)
    for candidate_id, status, themes in rows:
        if status == MatchStatus.did_not_fit:
            misses[candidate_id].update(themes)
        else:
            taken[candidate_id] += 1
    return taken, misses


@cache
def _history_statement(key: str) -> Select:
    """The matches under way or that did not fit, of the offers or volunteers (`key`) bound as `ids`."""
    column = Match.__table__.c[key]
    return (
        sa_select(column, col(Match.status), col(NeedRow.themes))
        .join(NeedRow, col(Match.need_id) == col(NeedRow.id))
        .where(column.in_(bindparam("ids", expanding=True)), col(Match.status).in_([*ACTIVE, MatchStatus.did_not_fit]))
    )


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
