"""A need as matching reads it: a few columns of its row, not the row as an object."""

import uuid
from typing import Protocol

from sqlalchemy import Row, bindparam
from sqlalchemy import select as sa_select
from sqlmodel import Session

from app.models import Need as NeedRow


class NeedSource(Protocol):
    """What matching reads of a need; a `Need` row is one, and so is a row of `NEED_TO_MATCH`.

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


# Asked on every look at a need's matches: reading these columns costs a tenth of loading the row as
# an object (its geometry, timestamps and identity map).
COLUMNS = ("id", "person_ref", "themes", "mode", "radius_m", "when", "constraints", "purpose", "min_x", "min_y")
TABLE = NeedRow.__table__
NEED_TO_MATCH = sa_select(*(TABLE.c[name] for name in COLUMNS)).where(TABLE.c.id == bindparam("need_id"))


def need_to_match(session: Session, need_id: uuid.UUID) -> Row | None:
    """The need's columns matching reads, or None if there is no such need."""
    return session.connection().execute(NEED_TO_MATCH, {"need_id": need_id}).first()
