"""Volunteers: residents with gifts (head, heart, hands), their availability and reach."""

from enum import StrEnum

from pydantic import Field as PydanticField
from sqlalchemy import Integer, Text
from sqlmodel import Field

from app.models.base import (
    Facets,
    LongText,
    TimeSlot,
    enum_column,
    json_column,
)
from app.models.people import PersonalPatch, PersonalProperties, PersonalRecord

ReachMetres = PydanticField(default=None, gt=0, le=100_000, description="How far the volunteer goes, metres")


class VolunteerStatus(StrEnum):
    active = "active"
    inactive = "inactive"


class Volunteer(PersonalRecord, table=True):
    __tablename__ = "volunteers"
    themes: list[str] = json_column(default_factory=list)
    description: str = Field(default="", sa_type=Text)
    availability: list[dict] = json_column(default_factory=list)
    reach_m: int | None = Field(default=None, sa_type=Integer)
    facets: dict = json_column(default_factory=dict)
    status: str = enum_column(VolunteerStatus, VolunteerStatus.active)


class VolunteerProperties(PersonalProperties):
    themes: list[str] = PydanticField(min_length=1)
    description: LongText = ""
    availability: list[TimeSlot] = []
    reach_m: int | None = ReachMetres
    facets: Facets = Facets()
    status: VolunteerStatus = VolunteerStatus.active


class VolunteerPatch(PersonalPatch):
    nullable = frozenset({"reach_m"})
    themes: list[str] | None = PydanticField(default=None, min_length=1)
    description: LongText | None = None
    availability: list[TimeSlot] | None = None
    reach_m: int | None = ReachMetres
    facets: Facets | None = None
    status: VolunteerStatus | None = None
