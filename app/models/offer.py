"""Offers: what an asset offers, with themes, a weekly schedule, capacity and facets."""

import math
import uuid
from datetime import date

from pydantic import BaseModel, NonNegativeInt
from sqlalchemy import Float, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

from app.models.base import (
    Facets,
    LongText,
    Name,
    OpeningPeriod,
    Patch,
    PublicationStatus,
    Strict,
    SupportLevel,
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


BANDS_PER_DEGREE = 50  # of longitude: 0.02 degrees, about 1.4 km wide in the Netherlands
SEARCHED = ("domain", "band", "lat", "lon", "offer_id", "asset_id", "support_level", "themes")


def band_of(lon: float) -> int:
    """The band of longitude a place lies in, as the database computes it (floor((lon + 180) * 50))."""
    return math.floor((lon + 180) * BANDS_PER_DEGREE)


class OfferPlace(SQLModel, table=True):
    """A published offer at a published place, once per life domain of its themes.

    What matching searches first: the row carries what a first ranking needs, and the index on
    (domain, band, lat, lon) and those columns finds the offers near a need from the index alone,
    reading only the bands of longitude the need's box spans. Kept by database triggers
    (migrations 0003 and 0013) on every write to offers and assets, so that no write path can
    leave it behind; the application only reads it.
    """

    __tablename__ = "offer_places"
    __table_args__ = (Index("ix_offer_places_search", *SEARCHED),)
    offer_id: uuid.UUID = Field(foreign_key="offers.id", ondelete="CASCADE", primary_key=True)
    domain: str = Field(sa_type=String(40), primary_key=True)
    asset_id: uuid.UUID = Field(index=True)
    support_level: str = enum_column(SupportLevel)
    themes: str = Field(sa_type=Text)  # the offer's JSON list, as text: it is part of the index
    lon: float = Field(sa_type=Float)
    lat: float = Field(sa_type=Float)
    band: int = Field(sa_type=Integer)  # `band_of(lon)`
