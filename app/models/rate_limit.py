"""Failed attempts per client in fixed time windows, shared by every worker through the database."""

from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import BigInteger, String, Table
from sqlmodel import Field, SQLModel


class RateLimitHit(SQLModel, table=True):
    """How often one client failed in one window of one bucket (`login`, `token`, ...).

    `client` is a keyed hash of the client's address (or whatever the bucket counts by), never the
    address itself; `window_start` is in seconds since the epoch.
    """

    if TYPE_CHECKING:  # what SQLModel sets on every table class
        __table__: ClassVar[Table]

    __tablename__ = "rate_limit_hits"
    bucket: str = Field(sa_type=String(40), primary_key=True)
    client: str = Field(sa_type=String(64), primary_key=True)
    window_start: int = Field(sa_type=BigInteger, primary_key=True)
    hits: int = Field(default=0)
