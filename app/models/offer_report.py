"""Reports that an offer stopped: from anyone, residents included; a community builder resolves them."""

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel
from pydantic import Field as PydanticField
from sqlalchemy import Text
from sqlmodel import Field

from app.db.types import UTCDateTime
from app.models.base import LongText, Strict, TimestampedTable, enum_column

REASON_MAX_CHARS = 500


class ReportStatus(StrEnum):
    open = "open"
    offer_archived = "offer_archived"
    dismissed = "dismissed"


class OfferReport(TimestampedTable, table=True):
    """One report; who sent it is kept only as the token of a signed-in caller, never more of a resident."""

    __tablename__ = "offer_reports"
    offer_id: uuid.UUID = Field(foreign_key="offers.id", ondelete="CASCADE", index=True)
    reason: str = Field(default="", sa_type=Text)
    status: str = enum_column(ReportStatus, ReportStatus.open)
    reported_by: uuid.UUID | None = Field(default=None, foreign_key="api_tokens.id", ondelete="SET NULL")
    resolved_by: uuid.UUID | None = Field(default=None, foreign_key="api_tokens.id", ondelete="SET NULL")
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    note: str = Field(default="", sa_type=Text)


class OfferReportIn(BaseModel):
    model_config = Strict
    reason: str = PydanticField(default="", max_length=REASON_MAX_CHARS, examples=["De koffieochtend is gestopt"])


class Resolution(StrEnum):
    archive_offer = "archive_offer"
    dismiss = "dismiss"


class ReportResolution(BaseModel):
    """Archive the offer (and close every open report on it), or dismiss this report."""

    model_config = Strict
    action: Resolution
    note: LongText = ""
