"""Offers as ranking reads them: published ones with their place's columns (for the catalogue), and the
matches that weigh in ranking (for each look)."""

import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, or_
from sqlalchemy import select as sa_select
from sqlmodel import col

from app.db.driver import DriverStatement, as_text
from app.db.one_of import one_of
from app.models import Asset, Match, Offer
from app.models import Need as NeedRow
from app.models.base import PublicationStatus
from app.models.match import ACTIVE, WEIGHING, MatchStatus, status_among
from app.store.stored_json import decoded

PUBLISHED = PublicationStatus.published
NO_MISSES: Counter = Counter()  # shared by offers before their matches are counted: never change it


class OfferRow(NamedTuple):
    """An offer and its place as ranking reads them; JSON as text. `taken`: its matches under way;
    `misses`: how often it did not fit, per theme of the needs it was proposed for."""

    offer_id: uuid.UUID
    themes: str
    offer_schedule: str | None
    offer_facets: str | None
    capacity: int | None
    valid_until: date | None
    offer_confirmed: date | None
    asset_id: uuid.UUID
    name: str
    support_level: str
    lon: float
    lat: float
    asset_schedule: str | None
    asset_facets: str | None
    asset_confirmed: date | None
    taken: int
    misses: Counter


# Only what the engine reads: whole rows would cost a geometry and timestamps to decode each. JSON
# comes as text: the same themes, schedules and facets recur from offer to offer, each decoded once.
OFFER_COLUMNS: tuple[Any, ...] = (
    as_text(col(Offer.id)), as_text(col(Offer.themes)), as_text(col(Offer.schedule)), as_text(col(Offer.facets)),
    col(Offer.capacity), as_text(col(Offer.valid_until)), as_text(col(Offer.last_confirmed)), as_text(col(Asset.id)),
    col(Asset.name), col(Asset.support_level), col(Asset.min_x), col(Asset.min_y), as_text(col(Asset.schedule)),
    as_text(col(Asset.facets)), as_text(col(Asset.last_confirmed)),
)  # fmt: skip


class Published(NamedTuple):
    """A published offer at a published place as read for the catalogue: no matches yet (`taken` 0), the
    day it counts from for freshness (its last confirmation, else the day it was made), and its id as
    `as_text` reads it (to ask for its matches with)."""

    row: OfferRow
    counts_from: date
    text_id: str


def published_offers(
    connection: Connection, offer_ids: Iterable[uuid.UUID] = (), asset_ids: Iterable[uuid.UUID] = (), *, every=False
) -> list[Published]:
    """The published offers at published places with these ids or at these places; `every` one of them."""
    if every:
        rows = EVERY_PUBLISHED.rows(connection)
    else:
        rows = PUBLISHED_BY_ID.rows(connection, {"offer_ids": list(offer_ids), "asset_ids": list(asset_ids)})
    shared: dict[Any, Any] = {}  # JSON, names and dates recur from offer to offer: kept once
    offers = [(_offer_row(tuple(shared.setdefault(v, v) for v in row[:-1])), row[-1], row[0]) for row in rows]
    return [Published(offer, offer.offer_confirmed or _day_made(made), text) for offer, made, text in offers]


def offer_history(offer_ids: list[str]) -> tuple[DriverStatement, dict]:
    """The question for the offers' matches that weigh in ranking, by their ids as text: (offer id as text,
    status, the need's themes)."""
    return HISTORY, {"ids": offer_ids}


def with_history(row: OfferRow, matches: list[tuple]) -> OfferRow:
    """The offer with its matches under way counted and its misses per theme, from (status, themes) pairs."""
    return row._replace(taken=sum(status in ACTIVE for status, _ in matches), misses=misses_of(matches))


def _offer_row(offer: tuple) -> OfferRow:
    """An offer as the driver gives `OFFER_COLUMNS` (ids and dates as text), before its matches are counted."""
    offer_id, themes, schedule, facets, capacity, until, confirmed, asset_id, name, level, lon, lat, *asset = offer
    asset_schedule, asset_facets, asset_confirmed = asset
    return OfferRow(
        uuid.UUID(offer_id), themes, schedule, facets, capacity, _day(until), _day(confirmed), uuid.UUID(asset_id),
        name, level, lon, lat, asset_schedule, asset_facets, _day(asset_confirmed), 0, NO_MISSES,
    )  # fmt: skip


def misses_of(matches: Iterable[tuple[str | None, str | None]]) -> Counter:
    """How often a candidate did not fit, per theme, from its matches' (status, the need's themes as text)."""
    misses: Counter = Counter()
    for status, need_themes in matches:
        if status == MatchStatus.did_not_fit:
            misses.update(decoded(need_themes))
    return misses


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _day_made(created_at: str | datetime) -> date:
    """The day in UTC of a time an offer was made: SQLite gives it as UTC text, PostgreSQL as an aware datetime."""
    if isinstance(created_at, str):
        return date.fromisoformat(created_at[:10])
    return created_at.astimezone(UTC).date()


PUBLISHED_OFFERS = (
    sa_select(*OFFER_COLUMNS, col(Offer.created_at))
    .join(Asset, col(Offer.asset_id) == col(Asset.id))
    .where(col(Offer.status) == PUBLISHED, col(Asset.status) == PUBLISHED)
)
EVERY_PUBLISHED = DriverStatement(PUBLISHED_OFFERS)
PUBLISHED_BY_ID = DriverStatement(
    PUBLISHED_OFFERS.where(or_(one_of(col(Offer.id), "offer_ids"), one_of(col(Offer.asset_id), "asset_ids")))
)
HISTORY = DriverStatement(
    sa_select(as_text(col(Match.offer_id)), col(Match.status), as_text(col(NeedRow.themes)))
    .join(NeedRow, col(Match.need_id) == col(NeedRow.id))
    .where(one_of(col(Match.offer_id), "ids", texts=True), status_among(col(Match.status), WEIGHING))
)
