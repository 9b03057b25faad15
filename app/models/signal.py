"""Marks on collective signals: a builder says a signal (a theme in a buurt) is being taken up."""

import uuid
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import Index, String, Text
from sqlmodel import Field

from app.models.area import AreaCode
from app.models.base import LongText, Strict, TimestampedTable, enum_column


class SignalStatus(StrEnum):
    open = "open"
    taken_up = "taken_up"


class SignalMark(TimestampedTable, table=True):
    __tablename__ = "signal_marks"
    __table_args__ = (Index("ix_signal_marks_area_code_theme", "area_code", "theme", unique=True),)
    area_code: str = Field(sa_type=String(10))
    theme: str = Field(sa_type=String(80))
    status: str = enum_column(SignalStatus, SignalStatus.open)
    note: str = Field(default="", sa_type=Text)
    marked_by: uuid.UUID | None = Field(default=None, foreign_key="api_tokens.id", ondelete="SET NULL")


class SignalMarkIn(BaseModel):
    model_config = Strict
    area_code: AreaCode
    theme: str
    status: SignalStatus
    note: LongText = ""
