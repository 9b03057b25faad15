"""SQLModel tables and their input schemas, one module per entity."""

from sqlalchemy import MetaData
from sqlmodel import SQLModel

from app.models.address import Address
from app.models.area import Area
from app.models.asset import Asset
from app.models.audit import AccessLogEntry
from app.models.base import add_spatial_indexes
from app.models.catalogue import OfferChange
from app.models.job import ScheduledJob
from app.models.match import Match, MatchRun
from app.models.need import Need
from app.models.offer import Offer
from app.models.offer_report import OfferReport
from app.models.organisation import Organisation
from app.models.rate_limit import RateLimitHit
from app.models.secret import ServiceSecret
from app.models.signal import SignalMark
from app.models.token import ApiToken
from app.models.user import LoginSession, User
from app.models.volunteer import Volunteer

for _table in (Area, Asset, Need, Volunteer):
    add_spatial_indexes(_table)

metadata: MetaData = SQLModel.metadata

__all__ = [
    "AccessLogEntry",
    "Address",
    "ApiToken",
    "Area",
    "Asset",
    "LoginSession",
    "Match",
    "MatchRun",
    "Need",
    "Offer",
    "OfferChange",
    "OfferReport",
    "Organisation",
    "RateLimitHit",
    "ScheduledJob",
    "ServiceSecret",
    "SignalMark",
    "User",
    "Volunteer",
    "metadata",
]
