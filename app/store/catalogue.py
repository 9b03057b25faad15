"""The published offers, kept in memory by each worker for matching and caught up on every look.

A look at a need's matches asked the database for the offers near the need, then for those it ranks:
two round trips and a few hundred rows to read, most of a look's time on PostgreSQL. Each worker now
reads the published offers at published places once, and each look compares the newest change
number (read with the need, app.store.need_source) with its copy's: when offers or places changed
(app.models.catalogue), the copy reads only those again, from what is committed. What changes with
every look, an offer's matches, is still read from the database.

The copy catches up on the look's own connection, so that a look never waits for a second one.
It therefore also sees what the look's transaction wrote itself: write offers and places in a
transaction of their own, not in one that then matches (none does), or a copy could keep a change
that was rolled back.
"""

import logging
import math
import threading
import uuid
import weakref
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

import numpy as np
from sqlalchemy import Connection, Engine, bindparam, func
from sqlalchemy import select as sa_select
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col

from app.db import Database
from app.db.driver import DriverStatement, as_text
from app.geo import BBox, to_metric_many
from app.matching.constraints import domain_of
from app.matching.lazy import Sketch
from app.models import OfferChange
from app.store.offer_rows import OfferRow, Published, published_offers
from app.store.stored_json import themes_of


class Listed(NamedTuple):
    """An offer in the catalogue: its sketch for the first ranking and its row, before its matches."""

    sketch: Sketch
    row: OfferRow
    counts_from: date  # for freshness: its last confirmation, else the day it was made
    text_id: str  # as `as_text` reads it


BANDS_PER_DEGREE = 50  # of longitude: 0.02 degrees, about 1.4 km wide in the Netherlands


def band_of(lon: float) -> int:
    """The band of longitude a place lies in."""
    return math.floor((lon + 180) * BANDS_PER_DEGREE)


class Cell(NamedTuple):
    """The offers of one life domain in one band of longitude, in order of latitude, with their positions
    and the days they count from (as ordinals) in arrays: a look searches a few hundred at once."""

    lats: np.ndarray
    lons: np.ndarray
    days: np.ndarray
    offers: list[Listed]


logger = logging.getLogger(__name__)


class Catalogue:
    """One worker's copy of the published offers, in cells of one life domain and one band of longitude.

    Looks read it from many threads: a change builds new cells and puts them in place, so that a
    reader sees each cell whole, before or after. Catching up takes a lock; reading takes none, and
    only looks keys up.
    """

    def __init__(self) -> None:
        self.seq: int | None = None  # the newest change the copy holds; None before it is read
        self._offers: dict[uuid.UUID, Listed] = {}
        self._at_place: dict[uuid.UUID, tuple[uuid.UUID, ...]] = {}
        self._cells: dict[tuple[str, int], Cell] = {}
        self._lock = threading.Lock()

    def near(self, box: BBox, domains: list[str], shown_since: date) -> list[Listed]:
        """The offers in these life domains within the ellipse `box` holds, confirmed on `shown_since` or later.

        The ellipse, as the reach is round: a box's corners hold a fifth of its offers, all out of reach.
        """
        west, south, east, north = box
        lon0, lat0 = (west + east) / 2, (south + north) / 2
        lon_k, lat_k = ((east - west) / 2) ** -2, ((north - south) / 2) ** -2
        since = shown_since.toordinal()
        found: list[Listed] = []
        for domain in domains:
            for band in range(band_of(west), band_of(east) + 1):
                if (cell := self._cells.get((domain, band))) is None:
                    continue
                start, end = np.searchsorted(cell.lats, south, "left"), np.searchsorted(cell.lats, north, "right")
                east_west, north_south = cell.lons[start:end] - lon0, cell.lats[start:end] - lat0
                inside = (east_west * east_west * lon_k + north_south * north_south * lat_k <= 1) & (
                    cell.days[start:end] >= since
                )
                found += [cell.offers[start + index] for index in np.flatnonzero(inside)]
        # An offer in two of the domains is in a cell of each.
        return list({offer.row.offer_id: offer for offer in found}.values()) if len(domains) > 1 else found

    def themes_at(self, asset_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, set[str]]:
        """The themes each place offers (published offers, shown or not): what it would welcome help with."""
        offered: dict[uuid.UUID, set[str]] = defaultdict(set)
        for asset_id in set(asset_ids):
            for offer_id in self._at_place.get(asset_id, ()):
                if (listed := self._offers.get(offer_id)) is not None:
                    offered[asset_id] |= listed.sketch.themes
        return offered

    def read(self, connection: Connection) -> None:
        """Read the offers now, unless they were read already."""
        with self._lock:
            if self.seq is None:
                self._read(connection)

    def catch_up(self, connection: Connection, seq: int) -> None:
        """Hold every change up to `seq`, the newest the look sees, reading on `connection` if the copy differs."""
        if seq == self.seq:
            return
        with self._lock:
            if seq != self.seq:  # else another thread caught up meanwhile
                self._read(connection)

    def _read(self, connection: Connection) -> None:
        """Read what changed since the copy's change number; everything when the changes kept no longer reach
        back that far or went back (their table emptied). The number is read first: the offers read after it
        are at least as new."""
        newest, oldest = CHANGE_RANGE.rows(connection)[0]
        newest = newest or 0
        if self.seq is None or newest < self.seq or (oldest is not None and oldest > self.seq + 1):
            self._replace(published_offers(connection, every=True), everything=True)
        elif newest > self.seq:
            changed = CHANGES.rows(connection, {"after": self.seq})
            offer_ids = {uuid.UUID(offer_id) for offer_id, _ in changed if offer_id}
            asset_ids = {uuid.UUID(asset_id) for _, asset_id in changed if asset_id}
            gone = offer_ids | {offer for place in asset_ids for offer in self._at_place.get(place, ())}
            self._replace(published_offers(connection, offer_ids, asset_ids), gone=gone)
        self.seq = newest

    def _replace(self, read: list[Published], *, gone: Iterable[uuid.UUID] = (), everything: bool = False) -> None:
        """Put the offers read in place of those `gone` (or of every offer), rebuilding the cells they touch."""
        fresh = _listed(read)
        if everything:
            self._offers, self._cells, self._at_place = fresh, _cells({}, fresh.values()), _places({}, fresh.values())
            return
        # Only the cells and places the offers leave or enter are built again, and put in place one by one:
        # readers only look keys up, and copying every offer's entry would cost more than the change.
        replaced = set(gone) | fresh.keys()
        old = [self._offers[offer_id] for offer_id in replaced if offer_id in self._offers]
        touched = {key for listed in (*old, *fresh.values()) for key in _keys(listed)}
        places = {listed.row.asset_id for listed in (*old, *fresh.values())}
        kept_cells = {key: _without(self._cells.get(key), replaced) for key in touched}
        kept_places = {place: tuple(o for o in self._at_place.get(place, ()) if o not in replaced) for place in places}
        _put(self._cells, touched, _cells(kept_cells, fresh.values()))
        _put(self._at_place, places, _places(kept_places, fresh.values()))
        self._offers.update(fresh)
        for offer_id in replaced - fresh.keys():
            self._offers.pop(offer_id, None)


def _put(into: dict, keys: Iterable, built: dict) -> None:
    """`into` with each of `keys` set to what was `built` for it, or removed where nothing was."""
    for key in keys:
        if key in built:
            into[key] = built[key]
        else:
            into.pop(key, None)


def catalogue_of(engine: Engine) -> Catalogue:
    """The catalogue of the engine's database, one per engine and worker."""
    if (catalogue := CATALOGUES.get(engine)) is None:
        catalogue = CATALOGUES.setdefault(engine, Catalogue())
    return catalogue


CATALOGUES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def read_catalogue(database: Database) -> None:
    """Read the database's catalogue at a worker's start, so that its first look need not (seconds for
    100,000 offers). If the database cannot answer yet, the first look reads it instead."""
    try:
        with database.reading() as connection:
            catalogue_of(database.engine).read(connection)
    except SQLAlchemyError:
        logger.warning("the offer catalogue was not read at start-up; the first look will read it", exc_info=True)


def _listed(read: list[Published]) -> dict[uuid.UUID, Listed]:
    positions = to_metric_many([offer.row.lon for offer in read], [offer.row.lat for offer in read])
    return {
        row.offer_id: Listed(
            Sketch(row.offer_id, row.asset_id, x, y, row.support_level, themes_of(row.themes)), row, day, text_id
        )
        for (row, day, text_id), (x, y) in zip(read, positions, strict=True)
    }


def _keys(listed: Listed) -> set[tuple[str, int]]:
    """The cells an offer lies in: one per life domain of its themes."""
    band = band_of(listed.row.lon)
    return {(domain_of(theme), band) for theme in listed.sketch.themes}


def _without(cell: Cell | None, offer_ids: set[uuid.UUID]) -> list[Listed]:
    return [offer for offer in cell.offers if offer.row.offer_id not in offer_ids] if cell else []


def _cells(kept: dict[tuple[str, int], list[Listed]], added: Iterable[Listed]) -> dict[tuple[str, int], Cell]:
    """Cells of the offers `kept` in them and those `added`; empty cells left out."""
    grouped: dict[tuple[str, int], list[Listed]] = defaultdict(list)
    for key, offers in kept.items():
        grouped[key] += offers
    for listed in added:
        for key in _keys(listed):
            grouped[key].append(listed)
    return {key: _cell(offers) for key, offers in grouped.items() if offers}


def _cell(offers: list[Listed]) -> Cell:
    ordered = sorted(offers, key=lambda offer: offer.row.lat)
    lats, lons = [offer.row.lat for offer in ordered], [offer.row.lon for offer in ordered]
    return Cell(np.array(lats), np.array(lons), np.array([offer.counts_from.toordinal() for offer in ordered]), ordered)


def _places(at_place: dict[uuid.UUID, tuple[uuid.UUID, ...]], added: Iterable[Listed]) -> dict:
    """The places of `at_place` and of the offers `added`, with those offers put in; places without offers
    left out."""
    grouped: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for listed in added:
        grouped[listed.row.asset_id].append(listed.row.offer_id)
    merged = {**at_place, **{place: (*at_place.get(place, ()), *ids) for place, ids in grouped.items()}}
    return {place: ids for place, ids in merged.items() if ids}


# The newest and the oldest change kept: asked only when a look finds the copy behind.
CHANGE_RANGE = DriverStatement(sa_select(func.max(col(OfferChange.seq)), func.min(col(OfferChange.seq))))
CHANGES = DriverStatement(
    sa_select(as_text(col(OfferChange.offer_id)), as_text(col(OfferChange.asset_id))).where(
        col(OfferChange.seq) > bindparam("after")
    )
)
