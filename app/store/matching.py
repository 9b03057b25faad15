"""What the matching engine needs for one need, gathered from the database.

Reads go to the session's connection, past the ORM's row handling: callers flush first.
"""

import typing
import uuid
from collections import defaultdict
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.db.driver import DriverStatement, as_text, rows_together
from app.db.spatial import SpatialSQL, spatial_sql
from app.geo import BBox, radius_envelope, to_metric
from app.matching import Candidate, MatchSettings, Need, Proposals
from app.matching.constraints import domain_of, reach_m
from app.matching.lazy import propose_lazily
from app.models import Volunteer
from app.models.volunteer import VolunteerStatus
from app.store import freshness
from app.store.candidates import VolunteerRow, offer_candidate, volunteer_candidates
from app.store.catalogue import Catalogue, Listed, catalogue_of
from app.store.need_source import NeedToMatch
from app.store.offer_rows import offer_history, with_history
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

    Offers come from the worker's catalogue as sketches; only those that could still rank are
    assessed in full (see `app.matching.lazy`), with their matches read from the database.
    """
    domains = sorted({domain_of(theme) for theme in need.themes})
    codes = sorted({code for domain in domains for code in taxonomy.expand(domain, "themes")})
    reach = reach_m(need, settings)
    catalogue = catalogue_of(session.get_bind().engine)
    catalogue.catch_up(session.connection(), row.offers_changed)
    offers = [] if need.mode == "home" else _offers_near(session, catalogue, row, domains, reach)
    if refused:
        offers = [offer for offer in offers if offer.row.offer_id not in refused]
    asked = [_volunteers_near(session, row, codes, max(reach, VOLUNTEER_SEARCH_M))]
    if offers:
        asked.append(offer_history([offer.text_id for offer in offers]))
    volunteers, *history = rows_together(session.connection(), asked)  # one round trip on PostgreSQL
    present = [v for v in volunteer_candidates(session, need, _volunteer_rows(volunteers)) if v.id not in refused]
    listed = {offer.row.offer_id: offer for offer in offers}
    matches = _by_offer(history[0] if history else [])
    wants = catalogue.themes_at(offer.row.asset_id for offer in offers) if need.gifts else {}

    def load(offer_ids: list[uuid.UUID]) -> list[Candidate]:
        chosen = [listed[offer_id] for offer_id in offer_ids]
        return [offer_candidate(with_history(o.row, matches.get(o.text_id, [])), o.sketch, wants) for o in chosen]

    return propose_lazily(
        need,
        present,
        [offer.sketch for offer in offers],
        load,
        today=today,
        settings=settings,
        labels={code: theme.label_nl for code, theme in taxonomy.themes.items()},
        limit=limit,
    )


def _offers_near(
    session: Session, catalogue: Catalogue, row: NeedToMatch, domains: list[str], reach: float
) -> list[Listed]:
    """The offers shown today within the need's reach (and a little more) in its life domains."""
    shown_since = freshness.window_of(session).shown_since(freshness.today())
    return catalogue.near(_search_box(row.min_x, row.min_y, reach), domains, shown_since)


def _by_offer(history: list[tuple]) -> dict[str, list[tuple]]:
    """The (status, need's themes) of each offer's matches that weigh in ranking, by offer id as text."""
    matches: dict[str, list[tuple]] = defaultdict(list)
    for offer_id, status, themes in history:
        matches[offer_id].append((status, themes))
    return matches


def _search_box(lon: float, lat: float, radius_m: float) -> BBox:
    """The box around a need's position that holds its reach; the engine measures each candidate exactly."""
    return radius_envelope(lon, lat, radius_m * SEARCH_MARGIN)


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
