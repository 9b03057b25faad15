"""API tokens: bearer secrets with a role; only their SHA-256 hash is stored."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field

from app.db.types import UTCDateTime
from app.models.base import TimestampedTable, enum_column


class Role(StrEnum):
    admin = "admin"
    builder = "builder"
    planner = "planner"
    association = "association"


class ApiToken(TimestampedTable, table=True):
    __tablename__ = "api_tokens"
    name: str = Field(sa_type=String(200))
    role: str = enum_column(Role)
    organisation_id: uuid.UUID | None = Field(default=None, foreign_key="organisations.id", ondelete="CASCADE")
    token_hash: str = Field(sa_type=String(64), unique=True, index=True)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
