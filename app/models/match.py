"""Matches: a need paired with an offer or a volunteer, with score, reasons and a lifecycle."""

import uuid
from enum import StrEnum

from sqlalchemy import CheckConstraint, Float, Text
from sqlmodel import Field

from app.models.base import TimestampedTable, enum_column, json_column


class MatchStatus(StrEnum):
    proposed = "proposed"
    introduced = "introduced"
    met = "met"
    continuing = "continuing"
    did_not_fit = "did_not_fit"


class Match(TimestampedTable, table=True):
    __tablename__ = "matches"
    __table_args__ = (CheckConstraint("(offer_id IS NULL) <> (volunteer_id IS NULL)", name="offer_or_volunteer"),)
    need_id: uuid.UUID = Field(foreign_key="needs.id", ondelete="CASCADE", index=True)
    offer_id: uuid.UUID | None = Field(default=None, foreign_key="offers.id", ondelete="CASCADE", index=True)
    volunteer_id: uuid.UUID | None = Field(default=None, foreign_key="volunteers.id", ondelete="CASCADE", index=True)
    score: float = Field(sa_type=Float)
    distance_m: float = Field(sa_type=Float)
    reasons: list[str] = json_column(default_factory=list)
    status: str = enum_column(MatchStatus, MatchStatus.proposed)
    note: str = Field(default="", sa_type=Text)
