"""Needs: what a resident asks help with, registered by a community builder with consent."""

from datetime import datetime
from enum import StrEnum

from pydantic import Field as PydanticField
from sqlalchemy import Integer, Text
from sqlmodel import Field

from app.db.types import UTCDateTime
from app.models.base import (
    Facets,
    LongText,
    TimeSlot,
    enum_column,
    json_column,
)
from app.models.people import PersonalPatch, PersonalProperties, PersonalRecord

RadiusMetres = PydanticField(default=None, gt=0, le=100_000, description="Reach in metres; else the mode's default")


class NeedStatus(StrEnum):
    open = "open"
    in_progress = "in_progress"
    closed = "closed"


class Need(PersonalRecord, table=True):
    __tablename__ = "needs"
    themes: list[str] = json_column(default_factory=list)
    description: str = Field(default="", sa_type=Text)
    radius_m: int | None = Field(default=None, sa_type=Integer)
    when: list[dict] = json_column(default_factory=list)
    constraints: dict = json_column(default_factory=dict)
    status: str = enum_column(NeedStatus, NeedStatus.open)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    anonymised_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class NeedProperties(PersonalProperties):
    themes: list[str] = PydanticField(min_length=1)
    description: LongText = ""
    radius_m: int | None = RadiusMetres
    when: list[TimeSlot] = []
    constraints: Facets = Facets()
    status: NeedStatus = NeedStatus.open


class NeedPatch(PersonalPatch):
    nullable = frozenset({"radius_m"})
    themes: list[str] | None = PydanticField(default=None, min_length=1)
    description: LongText | None = None
    radius_m: int | None = RadiusMetres
    when: list[TimeSlot] | None = None
    constraints: Facets | None = None
    status: NeedStatus | None = None
