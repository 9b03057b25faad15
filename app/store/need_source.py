"""A need as matching reads it: a few columns of its row and its matches, in one statement."""

import uuid
from typing import NamedTuple

from sqlalchemy import Connection, bindparam, exists, func
from sqlalchemy import select as sa_select
from sqlmodel import col

from app.db.driver import DriverStatement, as_text
from app.models import Match, OfferChange, Volunteer
from app.models import Need as NeedRow
from app.models.volunteer import VolunteerStatus
from app.store.stored_json import decoded


class StoredMatch(NamedTuple):
    """A match of the need as a new ranking is compared with it."""

    id: uuid.UUID
    offer_id: uuid.UUID | None
    volunteer_id: uuid.UUID | None
    status: str
    note: str
    rank: int | None
    score: float | None
    distance_m: float | None
    reasons: list[str]


class NeedToMatch(NamedTuple):
    """The columns of a need that matching reads, whether its resident has gifts to give, and its matches.

    A need is a point, so `min_x` and `min_y` (its bounds) are its longitude and latitude.
    """

    id: uuid.UUID
    person_ref: str
    themes: list[str]
    mode: str
    radius_m: int | None
    when: list[dict]
    constraints: dict
    purpose: str
    min_x: float
    min_y: float
    gives: bool  # the resident is an active volunteer too
    offers_changed: int  # the newest change to offers and places (app.store.catalogue)
    matches: list[StoredMatch]  # proposed, acted on or refused


# Asked on every look at a need's matches: a row per match (one with none when it has none), columns as
# text and numbers; loading the row and its matches as objects cost ten times as much. JSON values are
# shared between needs: never change them.
NEEDS, MATCHES, VOLUNTEERS = NeedRow.__table__, Match.__table__, Volunteer.__table__
NEED_COLUMNS = (
    as_text(NEEDS.c.id), NEEDS.c.person_ref, as_text(NEEDS.c.themes), NEEDS.c.mode, NEEDS.c.radius_m,
    as_text(NEEDS.c.when), as_text(NEEDS.c.constraints), NEEDS.c.purpose, NEEDS.c.min_x, NEEDS.c.min_y,
    exists().where(VOLUNTEERS.c.person_ref == NEEDS.c.person_ref, VOLUNTEERS.c.status == VolunteerStatus.active),
    func.coalesce(sa_select(func.max(col(OfferChange.seq))).scalar_subquery(), 0),
)  # fmt: skip
MATCH_COLUMNS = (
    *(as_text(MATCHES.c[name]) for name in ("id", "offer_id", "volunteer_id")), MATCHES.c.status, MATCHES.c.note,
    MATCHES.c.rank, MATCHES.c.score, MATCHES.c.distance_m, as_text(MATCHES.c.reasons),
)  # fmt: skip
NEED_TO_MATCH = DriverStatement(
    sa_select(*NEED_COLUMNS, *MATCH_COLUMNS)
    .select_from(NEEDS.outerjoin(MATCHES, MATCHES.c.need_id == NEEDS.c.id))
    .where(NEEDS.c.id == bindparam("need_id"))
)


def need_to_match(connection: Connection, need_id: uuid.UUID) -> NeedToMatch | None:
    """The need's columns matching reads and its matches, or None if there is no such need."""
    rows = NEED_TO_MATCH.rows(connection, {"need_id": need_id})
    if not rows:
        return None
    id_, person_ref, themes, mode, radius_m, when, constraints, purpose, lon, lat, gives, changed = rows[0][
        : len(NEED_COLUMNS)
    ]
    return NeedToMatch(
        uuid.UUID(id_), person_ref, decoded(themes), mode, radius_m, decoded(when), decoded(constraints), purpose,
        lon, lat, bool(gives), changed, [_stored(row[len(NEED_COLUMNS) :]) for row in rows if row[len(NEED_COLUMNS)]],
    )  # fmt: skip


def _stored(columns: tuple) -> StoredMatch:
    id_, offer_id, volunteer_id, status, note, rank, score, distance_m, reasons = columns
    return StoredMatch(
        uuid.UUID(id_), offer_id and uuid.UUID(offer_id), volunteer_id and uuid.UUID(volunteer_id), status, note,
        rank, score, distance_m, decoded(reasons),
    )  # fmt: skip
