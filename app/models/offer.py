"""Offers: what an asset offers, with themes, a weekly schedule, capacity and facets."""

import uuid
from datetime import date

from pydantic import BaseModel, NonNegativeInt
from sqlalchemy import String, Text
from sqlmodel import Field

from app.models.base import (
    Facets,
    LongText,
    Name,
    OpeningPeriod,
    Patch,
    PublicationStatus,
    Strict,
    TimestampedTable,
    enum_column,
    json_column,
)


class Offer(TimestampedTable, table=True):
    __tablename__ = "offers"
    asset_id: uuid.UUID = Field(foreign_key="assets.id", ondelete="CASCADE", index=True)
    title: str = Field(sa_type=String(200))
    description: str = Field(default="", sa_type=Text)
    themes: list[str] = json_column(default_factory=list)
    schedule: list[dict] = json_column(default_factory=list)
    capacity: int | None = None
    facets: dict = json_column(default_factory=dict)
    valid_until: date | None = None
    status: str = enum_column(PublicationStatus, PublicationStatus.draft)
    last_confirmed: date | None = None


class OfferCreate(BaseModel):
    model_config = Strict
    asset_id: uuid.UUID
    title: Name
    description: LongText = ""
    themes: list[str]
    schedule: list[OpeningPeriod] = []
    capacity: NonNegativeInt | None = None
    facets: Facets = Facets()
    valid_until: date | None = None
    status: PublicationStatus = PublicationStatus.draft
    last_confirmed: date | None = None


class OfferPatch(Patch):
    nullable = frozenset({"capacity", "valid_until", "last_confirmed"})
    title: Name | None = None
    description: LongText | None = None
    themes: list[str] | None = None
    schedule: list[OpeningPeriod] | None = None
    capacity: NonNegativeInt | None = None
    facets: Facets | None = None
    valid_until: date | None = None
    status: PublicationStatus | None = None
    last_confirmed: date | None = None
