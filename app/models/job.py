"""Jobs the service runs on a timer: when each last ran, so that one worker of many runs it."""

from datetime import datetime

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from app.db.types import UTCDateTime


class ScheduledJob(SQLModel, table=True):
    __tablename__ = "scheduled_jobs"
    name: str = Field(sa_type=String(40), primary_key=True)
    last_run_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
