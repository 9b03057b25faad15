"""Organisations: who runs assets and offers; an association logs in as its organisation."""

from pydantic import BaseModel, EmailStr
from sqlalchemy import String, Text
from sqlmodel import Field

from app.models.base import LongText, Name, Patch, Phone, Strict, TimestampedTable, WebAddress


class Organisation(TimestampedTable, table=True):
    __tablename__ = "organisations"
    name: str = Field(sa_type=String(200), index=True)
    description: str = Field(default="", sa_type=Text)
    website: str | None = Field(default=None, sa_type=String(500))
    email: str | None = Field(default=None, sa_type=String(320))
    phone: str | None = Field(default=None, sa_type=String(40))


class OrganisationCreate(BaseModel):
    model_config = Strict
    name: Name
    description: LongText = ""
    website: WebAddress | None = None
    email: EmailStr | None = None
    phone: Phone | None = None


class OrganisationPatch(Patch):
    nullable = frozenset({"website", "email", "phone"})
    name: Name | None = None
    description: LongText | None = None
    website: WebAddress | None = None
    email: EmailStr | None = None
    phone: Phone | None = None
