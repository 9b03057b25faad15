"""Assets: the neighbourhood's building blocks on the map (ABCD), informal first."""

import uuid
from datetime import date

from pydantic import BaseModel, EmailStr
from sqlalchemy import Index, String, Text
from sqlmodel import Field

from app.models.base import (
    Address,
    AssetType,
    Facets,
    LongText,
    Name,
    OpeningPeriod,
    Patch,
    Phone,
    PublicationStatus,
    SpatialTable,
    Strict,
    Subtype,
    SupportLevel,
    WebAddress,
    enum_column,
    json_column,
)


class Asset(SpatialTable, table=True):
    __tablename__ = "assets"
    __table_args__ = (Index("ix_assets_source_source_id", "source", "source_id", unique=True),)
    name: str = Field(sa_type=String(200), index=True)
    asset_type: str = enum_column(AssetType)
    subtype: str = Field(default="", sa_type=String(80))
    support_level: str = enum_column(SupportLevel)
    themes: list[str] = json_column(default_factory=list)
    description: str = Field(default="", sa_type=Text)
    address: str = Field(default="", sa_type=String(300))
    organisation_id: uuid.UUID | None = Field(
        default=None, foreign_key="organisations.id", ondelete="RESTRICT", index=True
    )
    facets: dict = json_column(default_factory=dict)
    schedule: list[dict] = json_column(default_factory=list)
    status: str = enum_column(PublicationStatus, PublicationStatus.draft)
    last_confirmed: date | None = None
    website: str | None = Field(default=None, sa_type=String(500))
    email: str | None = Field(default=None, sa_type=String(254))
    phone: str | None = Field(default=None, sa_type=String(40))
    # Where an imported asset came from (`osm:<file>`, `csv:<file>`) and its id there.
    source: str | None = Field(default=None, sa_type=String(100))
    source_id: str | None = Field(default=None, sa_type=String(100))


class AssetProperties(BaseModel):
    model_config = Strict
    name: Name
    asset_type: AssetType
    subtype: Subtype = ""
    support_level: SupportLevel
    themes: list[str] = []
    description: LongText = ""
    address: Address = ""
    organisation_id: uuid.UUID | None = None
    facets: Facets = Facets()
    schedule: list[OpeningPeriod] = []
    status: PublicationStatus = PublicationStatus.draft
    last_confirmed: date | None = None
    website: WebAddress | None = None
    email: EmailStr | None = None
    phone: Phone | None = None


class AssetPatch(Patch):
    nullable = frozenset({"organisation_id", "last_confirmed", "website", "email", "phone"})
    name: Name | None = None
    asset_type: AssetType | None = None
    subtype: Subtype | None = None
    support_level: SupportLevel | None = None
    themes: list[str] | None = None
    description: LongText | None = None
    address: Address | None = None
    organisation_id: uuid.UUID | None = None
    facets: Facets | None = None
    schedule: list[OpeningPeriod] | None = None
    status: PublicationStatus | None = None
    last_confirmed: date | None = None
    website: WebAddress | None = None
    email: EmailStr | None = None
    phone: Phone | None = None
