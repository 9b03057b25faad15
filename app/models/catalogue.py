"""What changed in the offer catalogue, so that every worker's copy of it can catch up.

Triggers (migration 0014) write a row here on every write to an offer or a place, whatever code
makes it. A worker whose copy has caught up to `seq` N reads the rows after N and reads those offers
again (app.store.catalogue). `seq` grows in commit order: SQLite has one writer at a time, and on
PostgreSQL a writing transaction holds a lock from its first change to its commit, so that whoever
sees change N sees every change before it.
"""

import uuid

from sqlalchemy import BigInteger, Integer
from sqlmodel import Field, SQLModel


class OfferChange(SQLModel, table=True):
    """An offer (`offer_id`) or a place with all its offers (`asset_id`) written; the oldest are pruned."""

    __tablename__ = "offer_changes"
    __table_args__ = {"sqlite_autoincrement": True}  # never reuse a number, even after pruning
    # SQLite numbers rows itself only in a column declared exactly INTEGER PRIMARY KEY.
    seq: int | None = Field(default=None, primary_key=True, sa_type=BigInteger().with_variant(Integer, "sqlite"))
    offer_id: uuid.UUID | None = None
    asset_id: uuid.UUID | None = None
