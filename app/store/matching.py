"""What the matching engine needs for one need, gathered from the database.

Reads go to the session's connection, past the ORM's row handling: callers flush first.
"""

import typing
import uuid
from collections.abc import Hashable
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.db.driver import DriverStatement, as_text
from app.db.one_of import one_of
from app.db.spatial import SpatialSQL, spatial_sql
from app.geo import BBox, radius_envelope, to_metric, to_metric_many
from app.matching import MatchSettings, Need, Proposals
from app.matching.constraints import domain_of, reach_m
from app.matching.lazy import Sketch, propose_lazily
from app.models import Asset, Offer, OfferPlace, Volunteer
from app.models.base import PublicationStatus
from app.models.offer import band_of
from app.models.volunteer import VolunteerStatus
from app.store import freshness
from app.store.candidates import OfferRow, VolunteerRow, offer_candidates, volunteer_candidates
from app.store.need_source import NeedToMatch
from app.store.stored_json import decoded, themes_of
from app.taxonomy import Taxonomy

# The search box is drawn on the sphere, the engine measures in RD New metres: search a little wider.
SEARCH_MARGIN = 1.01
VOLUNTEER_SEARCH_M = 5000.0  # visiting volunteers are looked for this far, then judged by their own reach
PUBLISHED = PublicationStatus.published


# Statements built once: building one costs more than SQLite takes to answer it. Values are bound.
GIFTS = DriverStatement(
    sa_select(as_text(col(Volunteer.themes))).where(
        col(Volunteer.person_ref) == bindparam("person_ref"), col(Volunteer.status) == VolunteerStatus.active
    )
)


def need_for_engine(session: Session, row: NeedToMatch) -> Need:
    """The need as the engine sees it: metric position, constraints, and the resident's own gifts."""
    x, y = to_metric(row.min_x, row.min_y)
    constraints = row.constraints or {}
    gifts = GIFTS.rows(session.connection(), {"person_ref": row.person_ref}) if row.gives else []
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
        gifts=frozenset(theme for (themes,) in gifts for theme in themes_of(themes)),
    )


def proposals_for(
    session: Session,
    row: NeedToMatch,
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
    present = [v for v in volunteer_candidates(session, need, volunteers) if v.id not in refused]
    sketches = [] if need.mode == "home" else _offer_sketches(session, row, domains, reach_m(need, settings))
    if refused:
        sketches = [sketch for sketch in sketches if uuid.UUID(str(sketch.id)) not in refused]
    return propose_lazily(
        need,
        present,
        sketches,
        lambda offer_ids: offer_candidates(session, need, _offers_by_id(session, offer_ids)),
        today=today,
        settings=settings,
        labels={code: theme.label_nl for code, theme in taxonomy.themes.items()},
        limit=limit,
    )


# Only what the engine reads: whole rows would cost a geometry and timestamps to decode each. JSON
# comes as text: the same themes, schedules and facets recur from offer to offer, each decoded once.
OFFER_COLUMNS: tuple[Any, ...] = (
    as_text(col(Offer.id)),
    as_text(col(Offer.themes)),
    as_text(col(Offer.schedule)),
    as_text(col(Offer.facets)),
    col(Offer.capacity),
    as_text(col(Offer.valid_until)),
    as_text(col(Offer.last_confirmed)),
    as_text(col(Asset.id)),
    col(Asset.name),
    col(Asset.support_level),
    col(Asset.min_x),
    col(Asset.min_y),
    as_text(col(Asset.schedule)),
    as_text(col(Asset.facets)),
    as_text(col(Asset.last_confirmed)),
)


def _offer_row(raw: tuple) -> OfferRow:
    """An offer row as the driver gives `OFFER_COLUMNS`: ids and dates from text."""
    offer_id, themes, schedule, facets, capacity, until, confirmed, asset_id, name, level, lon, lat, *asset = raw
    asset_schedule, asset_facets, asset_confirmed = asset
    return OfferRow(
        uuid.UUID(offer_id), themes, schedule, facets, capacity, _day(until), _day(confirmed), uuid.UUID(asset_id),
        name, level, lon, lat, asset_schedule, asset_facets, _day(asset_confirmed),
    )  # fmt: skip


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _search_box(row: NeedToMatch, radius_m: float) -> BBox:
    """The box around the need that holds its reach; the engine measures each candidate exactly."""
    return radius_envelope(row.min_x, row.min_y, radius_m * SEARCH_MARGIN)


# Read from the index alone (see `OfferPlace`), as the driver gives the columns: a need's box holds a
# hundred offers or more, and decoding ids and JSON for each through the ORM's types cost more than the query.
SKETCHES = DriverStatement(
    sa_select(
        as_text(col(OfferPlace.offer_id)), as_text(col(OfferPlace.asset_id)), col(OfferPlace.themes),
        col(OfferPlace.support_level), col(OfferPlace.lon), col(OfferPlace.lat),
    ).where(
        one_of(col(OfferPlace.domain), "domains"),
        one_of(col(OfferPlace.band), "bands"),
        col(OfferPlace.lat).between(bindparam("south"), bindparam("north")),
        col(OfferPlace.lon).between(bindparam("west"), bindparam("east")),
    )
)  # fmt: skip


def _offer_sketches(session: Session, row: NeedToMatch, domains: list[str], radius_m: float) -> list[Sketch]:
    """Sketches of the offers in the need's box and life domains; ids as text (see `_offers_by_id`)."""
    west, south, east, north = _search_box(row, radius_m)
    bands = list(range(band_of(west), band_of(east) + 1))
    box = {"domains": domains, "bands": bands, "west": west, "south": south, "east": east, "north": north}
    # An offer in two of the need's domains has a row in each.
    rows = list({row[0]: row for row in SKETCHES.rows(session.connection(), box)}.values())
    positions = to_metric_many([row[4] for row in rows], [row[5] for row in rows])
    return [
        Sketch(offer_id, asset_id, x, y, level, themes_of(themes))
        for (offer_id, asset_id, themes, level, _, _), (x, y) in zip(rows, positions, strict=True)
    ]


def _offers_by_id(session: Session, offer_ids: list[Hashable]) -> list[OfferRow]:
    """The offers in full, by the ids sketches carry (text)."""
    if not offer_ids:
        return []
    ids = [uuid.UUID(str(offer_id)) for offer_id in offer_ids]
    # Offers hidden for want of confirmation are left out here, where rows are read by id, so that the
    # index search above stays as it is: their sketches simply load nothing.
    shown_since = freshness.window_of(session).shown_since(freshness.today())
    return [_offer_row(raw) for raw in _offers_statement(shown_since).rows(session.connection(), {"ids": ids})]


@lru_cache(maxsize=8)  # one a day, per freshness window
def _offers_statement(shown_since: date) -> DriverStatement:
    """Published offers at published places, shown since `shown_since`, by the ids bound as `ids`."""
    return DriverStatement(
        sa_select(*OFFER_COLUMNS)
        .join(Asset, col(Offer.asset_id) == col(Asset.id))
        .where(col(Offer.status) == PUBLISHED, col(Asset.status) == PUBLISHED, freshness.confirmed_since(shown_since))
        .where(one_of(col(Offer.id), "ids"))
    )


VOLUNTEER_COLUMNS: tuple[Any, ...] = (
    as_text(col(Volunteer.id)), col(Volunteer.person_ref), col(Volunteer.min_x), col(Volunteer.min_y),
    as_text(col(Volunteer.themes)), col(Volunteer.mode), col(Volunteer.reach_m), as_text(col(Volunteer.availability)),
    as_text(col(Volunteer.facets)),
)  # fmt: skip


def _volunteers_near(session: Session, row: NeedToMatch, codes: list[str], radius_m: float) -> list[VolunteerRow]:
    west, south, east, north = _search_box(row, radius_m)
    values = {"person_ref": row.person_ref, "west": west, "south": south, "east": east, "north": north}
    statement = _volunteers_statement(spatial_sql(session), tuple(codes))
    rows = statement.rows(session.connection(), values)
    return [
        VolunteerRow(uuid.UUID(id_), ref, lon, lat, decoded(themes), mode, reach, decoded(slots), decoded(facets))
        for id_, ref, lon, lat, themes, mode, reach, slots, facets in rows
    ]


@lru_cache(maxsize=256)  # one per backend and set of life domains asked for
def _volunteers_statement(spatial: SpatialSQL, codes: tuple[str, ...]) -> DriverStatement:
    """Active volunteers other than the resident (`person_ref`) in the bound box, with one of `codes`."""
    box = typing.cast(BBox, tuple(bindparam(side) for side in ("west", "south", "east", "north")))
    return DriverStatement(
        sa_select(*VOLUNTEER_COLUMNS).where(
            col(Volunteer.status) == VolunteerStatus.active,
            col(Volunteer.person_ref) != bindparam("person_ref"),
            spatial.box_overlaps(Volunteer, box),
            spatial.json_contains_any(col(Volunteer.themes), list(codes)),
        )
    )
