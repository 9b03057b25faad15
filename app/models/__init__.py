"""SQLModel tables and their input schemas, one module per entity."""

from sqlalchemy import MetaData
from sqlmodel import SQLModel

from app.models.address import Address
from app.models.area import Area
from app.models.asset import Asset
from app.models.base import add_spatial_indexes
from app.models.match import Match, MatchRun
from app.models.need import Need
from app.models.offer import Offer, OfferPlace
from app.models.organisation import Organisation
from app.models.secret import ServiceSecret
from app.models.signal import SignalMark
from app.models.token import ApiToken
from app.models.user import LoginSession, User
from app.models.volunteer import Volunteer

for _table in (Area, Asset, Need, Volunteer):
    add_spatial_indexes(_table)

metadata: MetaData = SQLModel.metadata

__all__ = [
    "Address",
    "ApiToken",
    "Area",
    "Asset",
    "LoginSession",
    "Match",
    "MatchRun",
    "Need",
    "Offer",
    "OfferPlace",
    "Organisation",
    "ServiceSecret",
    "SignalMark",
    "User",
    "Volunteer",
    "metadata",
]
