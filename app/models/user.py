"""People who log in to the web pages: an Argon2id password hash, a role, and their sessions."""

import uuid
from datetime import datetime

from sqlalchemy import String
from sqlmodel import Field

from app.db.types import UTCDateTime
from app.models.base import TimestampedTable, enum_column
from app.models.token import Role


class User(TimestampedTable, table=True):
    __tablename__ = "users"
    email: str = Field(sa_type=String(320), unique=True, index=True)  # stored lower-case
    password_hash: str = Field(sa_type=String(200))
    role: str = enum_column(Role)
    organisation_id: uuid.UUID | None = Field(default=None, foreign_key="organisations.id", ondelete="CASCADE")
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginSession(TimestampedTable, table=True):
    """A logged-in browser: only the SHA-256 hash of its cookie is stored, with its CSRF token."""

    __tablename__ = "login_sessions"
    user_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    token_hash: str = Field(sa_type=String(64), unique=True, index=True)
    csrf_token: str = Field(sa_type=String(64))
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
