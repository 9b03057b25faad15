"""Offers read in full for ranking, by id: their columns, their place's, and their matches, in one statement."""

import uuid
from collections import Counter
from collections.abc import Hashable, Iterable
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import and_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.db.driver import DriverStatement, as_text
from app.db.one_of import one_of
from app.models import Asset, Match, Offer
from app.models import Need as NeedRow
from app.models.base import PublicationStatus
from app.models.match import ACTIVE, MatchStatus
from app.store import freshness
from app.store.stored_json import decoded

HISTORY_STATUSES = (*ACTIVE, MatchStatus.did_not_fit)  # matches that weigh in ranking: under way, or did not fit
PUBLISHED = PublicationStatus.published


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
# A row per match under way or that did not fit (one with none when it has none).
HISTORY_COLUMNS = (col(Match.status), as_text(col(NeedRow.themes)))


def offers_by_id(session: Session, offer_ids: list[Hashable]) -> list[OfferRow]:
    """The published offers with these ids (as the driver gives them: text) that are shown."""
    if not offer_ids:
        return []
    ids = [uuid.UUID(str(offer_id)) for offer_id in offer_ids]
    # Offers hidden for want of confirmation are left out here, where rows are read by id, so that the
    # index search stays as it is: their sketches simply load nothing.
    shown_since = freshness.window_of(session).shown_since(freshness.today())
    rows = _offers_statement(shown_since).rows(session.connection(), {"ids": ids})
    offers: dict[str, tuple[tuple, list[tuple]]] = {}  # by id: the offer's columns, its matches' (status, themes)
    for row in rows:
        _, matches = offers.setdefault(row[0], (row[: len(OFFER_COLUMNS)], []))
        matches.append(row[len(OFFER_COLUMNS) :])
    return [_offer_row(offer, matches) for offer, matches in offers.values()]


def _offer_row(offer: tuple, matches: list[tuple]) -> OfferRow:
    """An offer as the driver gives `OFFER_COLUMNS` (ids and dates as text), with its matches' (status, themes)."""
    offer_id, themes, schedule, facets, capacity, until, confirmed, asset_id, name, level, lon, lat, *asset = offer
    asset_schedule, asset_facets, asset_confirmed = asset
    taken = sum(status in ACTIVE for status, _ in matches)
    return OfferRow(
        uuid.UUID(offer_id), themes, schedule, facets, capacity, _day(until), _day(confirmed), uuid.UUID(asset_id),
        name, level, lon, lat, asset_schedule, asset_facets, _day(asset_confirmed), taken, misses_of(matches),
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


@lru_cache(maxsize=8)  # one a day, per freshness window
def _offers_statement(shown_since: date) -> DriverStatement:
    """Published offers at published places, shown since `shown_since`, by the ids bound as `ids`, with their
    matches that weigh in ranking."""
    weighing = and_(
        col(Match.offer_id) == col(Offer.id), one_of(col(Match.status), "statuses", [s.value for s in HISTORY_STATUSES])
    )
    return DriverStatement(
        sa_select(*OFFER_COLUMNS, *HISTORY_COLUMNS)
        .select_from(Offer)
        .join(Asset, col(Offer.asset_id) == col(Asset.id))
        .outerjoin(Match, weighing)
        .outerjoin(NeedRow, col(Match.need_id) == col(NeedRow.id))
        .where(col(Offer.status) == PUBLISHED, col(Asset.status) == PUBLISHED, freshness.confirmed_since(shown_since))
        .where(one_of(col(Offer.id), "ids"))
    )
