"""What the matching engine needs for one need, gathered from the database.

Reads go to the session's connection, past the ORM's row handling: callers flush first.
"""

import typing
import uuid
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col

from app.db.driver import DriverStatement, as_text, rows_together
from app.db.one_of import one_of
from app.db.spatial import SpatialSQL, spatial_sql
from app.geo import BBox, radius_envelope, to_metric, to_metric_many
from app.matching import MatchSettings, Need, Proposals
from app.matching.constraints import domain_of, reach_m
from app.matching.lazy import Sketch, propose_lazily
from app.models import OfferPlace, Volunteer
from app.models.offer import band_of
from app.models.volunteer import VolunteerStatus
from app.store.candidates import VolunteerRow, offer_candidates, volunteer_candidates
from app.store.need_source import NeedToMatch
from app.store.offer_rows import offers_by_id
from app.store.stored_json import decoded, themes_of
from app.taxonomy import Taxonomy

# The search box is drawn on the sphere, the engine measures in RD New metres: search a little wider.
SEARCH_MARGIN = 1.01
VOLUNTEER_SEARCH_M = 5000.0  # visiting volunteers are looked for this far, then judged by their own reach


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
    reach = reach_m(need, settings)
    asked = [_volunteers_near(session, row, codes, max(reach, VOLUNTEER_SEARCH_M))]
    if need.mode != "home":
        asked.append(offers_near(row.min_x, row.min_y, domains, reach))
    volunteers, *offers = rows_together(session.connection(), asked)  # one round trip on PostgreSQL
    present = [v for v in volunteer_candidates(session, need, _volunteer_rows(volunteers)) if v.id not in refused]
    sketches = _sketches(offers[0]) if offers else []
    if refused:
        sketches = [sketch for sketch in sketches if uuid.UUID(str(sketch.id)) not in refused]
    return propose_lazily(
        need,
        present,
        sketches,
        lambda offer_ids: offer_candidates(session, need, offers_by_id(session, offer_ids)),
        today=today,
        settings=settings,
        labels={code: theme.label_nl for code, theme in taxonomy.themes.items()},
        limit=limit,
    )


def _search_box(lon: float, lat: float, radius_m: float) -> BBox:
    """The box around a need's position that holds its reach; the engine measures each candidate exactly."""
    return radius_envelope(lon, lat, radius_m * SEARCH_MARGIN)


def _in_ellipse() -> ColumnElement[bool]:
    """Within the ellipse the search box holds (centre `lon0`, `lat0`; `lon_k`, `lat_k` one over its half-sides
    squared): the reach is round, and a box's corners hold a fifth of its offers, all out of reach."""
    east_west, north_south = col(OfferPlace.lon) - bindparam("lon0"), col(OfferPlace.lat) - bindparam("lat0")
    return east_west * east_west * bindparam("lon_k") + north_south * north_south * bindparam("lat_k") <= 1


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
        _in_ellipse(),
    )
)  # fmt: skip


def offers_near(lon: float, lat: float, domains: list[str], radius_m: float) -> tuple[DriverStatement, dict]:
    """The question for the offers within `radius_m` (and a little more) of a position, in these life domains."""
    west, south, east, north = _search_box(lon, lat, radius_m)
    bands = list(range(band_of(west), band_of(east) + 1))
    half_width, half_height = (east - west) / 2, (north - south) / 2
    ellipse = {
        "lon0": west + half_width,
        "lat0": south + half_height,
        "lon_k": half_width**-2,
        "lat_k": half_height**-2,
    }
    box = {"west": west, "south": south, "east": east, "north": north}
    return SKETCHES, {"domains": domains, "bands": bands, **box, **ellipse}


def _sketches(found: list[tuple]) -> list[Sketch]:
    """Sketches of the offers found; ids as text (see `offers_by_id`)."""
    # An offer in two of the need's domains has a row in each.
    rows = list({row[0]: row for row in found}.values())
    positions = to_metric_many([row[4] for row in rows], [row[5] for row in rows])
    return [
        Sketch(offer_id, asset_id, x, y, level, themes_of(themes))
        for (offer_id, asset_id, themes, level, _, _), (x, y) in zip(rows, positions, strict=True)
    ]


VOLUNTEER_COLUMNS: tuple[Any, ...] = (
    as_text(col(Volunteer.id)), col(Volunteer.person_ref), col(Volunteer.min_x), col(Volunteer.min_y),
    as_text(col(Volunteer.themes)), col(Volunteer.mode), col(Volunteer.reach_m), as_text(col(Volunteer.availability)),
    as_text(col(Volunteer.facets)),
)  # fmt: skip


def _volunteers_near(
    session: Session, row: NeedToMatch, codes: list[str], radius_m: float
) -> tuple[DriverStatement, dict]:
    """The question for the active volunteers near the need, other than its resident, with one of `codes`."""
    west, south, east, north = _search_box(row.min_x, row.min_y, radius_m)
    values = {"person_ref": row.person_ref, "west": west, "south": south, "east": east, "north": north}
    return _volunteers_statement(spatial_sql(session), tuple(codes)), values


def _volunteer_rows(rows: list[tuple]) -> list[VolunteerRow]:
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
