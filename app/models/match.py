"""Matches: a need paired with an offer or a volunteer, with score, reasons and a lifecycle."""

import uuid
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import JSON, CheckConstraint, ColumnElement, Float, Index, String, Text, literal_column
from sqlmodel import Field

from app.models.base import LongText, Strict, TimestampedTable, enum_column, json_column


class MatchStatus(StrEnum):
    proposed = "proposed"
    introduced = "introduced"
    met = "met"
    continuing = "continuing"
    did_not_fit = "did_not_fit"


ACTIVE = frozenset({MatchStatus.introduced, MatchStatus.met, MatchStatus.continuing})
# Where a match may go next; "did not fit" may follow any step and ends the match.
NEXT = {
    MatchStatus.proposed: {MatchStatus.introduced, MatchStatus.did_not_fit},
    MatchStatus.introduced: {MatchStatus.met, MatchStatus.did_not_fit},
    MatchStatus.met: {MatchStatus.continuing, MatchStatus.did_not_fit},
    MatchStatus.continuing: {MatchStatus.did_not_fit},
    MatchStatus.did_not_fit: set(),
}


# Matching reads, on every look, the matches that weigh in ranking of the candidates near the need;
# most matches are only proposed, so partial indexes on just these rows answer that from a few entries.
WEIGHING = (MatchStatus.introduced, MatchStatus.met, MatchStatus.continuing, MatchStatus.did_not_fit)
REFUSED = (MatchStatus.did_not_fit,)


def status_among(status: Any, statuses: tuple[MatchStatus, ...]) -> ColumnElement[bool]:
    """`status` is one of these, written out in the SQL (not bound) as the partial indexes say it: so both
    backends see that a query asking it can use them."""
    return status.in_([literal_column(f"'{value}'") for value in statuses])


def _partial_index(name: str, column: str, statuses: tuple[MatchStatus, ...]) -> Index:
    where = status_among(literal_column("status"), statuses)
    return Index(name, column, postgresql_where=where, sqlite_where=where)


class Match(TimestampedTable, table=True):
    __tablename__ = "matches"
    __table_args__ = (
        CheckConstraint("(offer_id IS NULL) <> (volunteer_id IS NULL)", name="offer_or_volunteer"),
        _partial_index("ix_matches_offer_weighing", "offer_id", WEIGHING),
        _partial_index("ix_matches_volunteer_refused", "volunteer_id", REFUSED),
    )
    need_id: uuid.UUID = Field(foreign_key="needs.id", ondelete="CASCADE", index=True)
    offer_id: uuid.UUID | None = Field(default=None, foreign_key="offers.id", ondelete="CASCADE", index=True)
    volunteer_id: uuid.UUID | None = Field(default=None, foreign_key="volunteers.id", ondelete="CASCADE", index=True)
    rank: int | None = None
    score: float = Field(sa_type=Float)
    distance_m: float = Field(sa_type=Float)
    reasons: list[str] = json_column(default_factory=list)
    status: str = enum_column(MatchStatus, MatchStatus.proposed)
    note: str = Field(default="", sa_type=Text)


class MatchStatusChange(BaseModel):
    model_config = Strict
    status: MatchStatus
    note: LongText = ""


class MatchRun(TimestampedTable, table=True):
    """One batch run over the open needs of an area or a box, with what it found."""

    __tablename__ = "match_runs"
    area_code: str | None = Field(default=None, sa_type=String(10))
    bbox: list[float] | None = Field(default=None, sa_type=JSON)
    requested_by: uuid.UUID | None = Field(default=None, foreign_key="api_tokens.id", ondelete="SET NULL")
    needs: int = 0
    matched: int = 0
    unmatched: int = 0
    per_theme: dict = json_column(default_factory=dict)
