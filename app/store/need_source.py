"""A need as matching reads it: a few columns of its row, not the row as an object."""

import uuid
from typing import NamedTuple, Protocol

from sqlalchemy import Connection, bindparam, exists
from sqlalchemy import select as sa_select

from app.db.driver import DriverStatement, as_text
from app.models import Need as NeedRow
from app.models import Volunteer
from app.models.volunteer import VolunteerStatus
from app.store.stored_json import decoded


class NeedSource(Protocol):
    """What matching reads of a need; a `Need` row is one, and so is a `NeedToMatch`.

    A need is a point, so `min_x` and `min_y` (its bounds) are its longitude and latitude.
    """

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def person_ref(self) -> str: ...
    @property
    def themes(self) -> list[str]: ...
    @property
    def mode(self) -> str: ...
    @property
    def radius_m(self) -> int | None: ...
    @property
    def when(self) -> list[dict]: ...
    @property
    def constraints(self) -> dict: ...
    @property
    def purpose(self) -> str: ...
    @property
    def min_x(self) -> float: ...
    @property
    def min_y(self) -> float: ...


class NeedToMatch(NamedTuple):
    """The columns of a need that matching reads, and whether its resident has gifts to give."""

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


# Asked on every look at a need's matches: these columns cost a tenth of loading the row as an object
# (its geometry, timestamps and identity map). JSON values are shared: never change them.
TABLE = NeedRow.__table__
VOLUNTEERS = Volunteer.__table__
NEED_TO_MATCH = DriverStatement(
    sa_select(
        as_text(TABLE.c.id), TABLE.c.person_ref, as_text(TABLE.c.themes), TABLE.c.mode, TABLE.c.radius_m,
        as_text(TABLE.c.when), as_text(TABLE.c.constraints), TABLE.c.purpose, TABLE.c.min_x, TABLE.c.min_y,
        exists().where(
            VOLUNTEERS.c.person_ref == TABLE.c.person_ref, VOLUNTEERS.c.status == VolunteerStatus.active
        ),
    ).where(TABLE.c.id == bindparam("need_id"))
)  # fmt: skip


def need_to_match(connection: Connection, need_id: uuid.UUID) -> NeedToMatch | None:
    """The need's columns matching reads, or None if there is no such need."""
    rows = NEED_TO_MATCH.rows(connection, {"need_id": need_id})
    if not rows:
        return None
    id_, person_ref, themes, mode, radius_m, when, constraints, purpose, lon, lat, gives = rows[0]
    return NeedToMatch(
        uuid.UUID(id_), person_ref, decoded(themes), mode, radius_m, decoded(when), decoded(constraints), purpose,
        lon, lat, bool(gives),
    )  # fmt: skip
