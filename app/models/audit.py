"""The access log: who read or changed personal data, what, when and why; never the data itself."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import BigInteger, Integer, String, Table
from sqlmodel import Field, SQLModel

from app.db.types import UTCDateTime
from app.models.base import enum_column, utcnow

# Integer on SQLite, where only INTEGER PRIMARY KEY numbers rows by itself.
SEQUENCE = BigInteger().with_variant(Integer(), "sqlite")
SERVICE = "system"  # the role written for what the service does by itself (retention)


class AuditAction(StrEnum):
    read = "read"
    create = "create"
    update = "update"
    delete = "delete"
    erase = "erase"
    export = "export"
    anonymise = "anonymise"


class AccessLogEntry(SQLModel, table=True):
    """One read or change of personal data. Record ids and counts only: no reference, text or place.

    Append-only: no route changes or removes an entry, and a trigger in the database refuses it.
    """

    if TYPE_CHECKING:  # what SQLModel sets on every table class
        __table__: ClassVar[Table]

    __tablename__ = "access_log"
    id: int | None = Field(default=None, primary_key=True, sa_type=SEQUENCE)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    role: str = Field(sa_type=String(16))
    token_id: uuid.UUID | None = None  # no foreign key: an entry outlives its token
    user_id: uuid.UUID | None = None  # a logged-in account of the web pages; no foreign key either
    action: str = enum_column(AuditAction)
    resource: str = Field(sa_type=String(40))
    record_id: uuid.UUID | None = Field(default=None, index=True)
    count: int = 1
    purpose: str | None = Field(default=None, sa_type=String(200))
