"""What the core knows of each resource: its table, policy, geometry, references and filters."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from app.errors import InvalidInput
from app.models import Area, Asset, Need, Offer, Organisation, Volunteer
from app.models.area import level_of, parent_fits
from app.models.base import SpatialTable, TimestampedTable, utcnow
from app.models.need import NeedStatus
from app.store import access, freshness, offer_reports
from app.store.access import Policy
from app.store.auth import Principal

# What a caller is told about some rows beyond their columns, by row id.
Annotate = Callable[[Session, Principal, list[Any]], dict[uuid.UUID, dict]]

POINT = ("Point",)
POLYGONS = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class Resource:
    """One kind of stored object, described as data so that one set of functions serves all."""

    name: str
    model: type[TimestampedTable]
    policy: Policy
    geometry_types: tuple[str, ...] = ()
    references: dict[str, type[TimestampedTable]] = field(default_factory=dict)
    equality_filters: dict[str, str] = field(default_factory=dict)
    theme_fields: tuple[str, ...] = ()
    located_by: type[SpatialTable] | None = None
    derive: Callable[[dict, Any], None] | None = None
    annotate: Annotate | None = None
    personal: bool = False  # a resident's data: every read and change goes into the access log

    @property
    def spatial(self) -> bool:
        return bool(self.geometry_types)


def _area_values(values: dict, row: Area | None) -> None:
    """The level follows from the CBS code; a parent must be the level above and share its digits."""
    code = values.get("code")
    if not code:
        assert row is not None, "a new area carries its code"
        code = row.code
    values["level"] = level_of(code)
    parent = values.get("parent_code")
    if parent is not None and not parent_fits(code, parent):
        raise InvalidInput.field("parent_code", f"{parent} cannot contain {code}: wijk in gemeente, buurt in wijk")


AREAS = Resource(
    "areas",
    Area,
    access.AREAS,
    POLYGONS,
    equality_filters={"level": "level", "parent": "parent_code", "status": "status"},
    derive=_area_values,
)
ORGANISATIONS = Resource("organisations", Organisation, access.ORGANISATIONS)
ASSETS = Resource(
    "assets",
    Asset,
    access.ASSETS,
    POINT,
    references={"organisation_id": Organisation},
    equality_filters={
        "type": "asset_type",
        "support_level": "support_level",
        "status": "status",
        "organisation": "organisation_id",
    },
    theme_fields=("themes",),
)


def _offer_values(values: dict, row: Offer | None) -> None:
    """Whoever makes an offer says it runs: a new offer is confirmed today unless it says otherwise."""
    if row is None and values.get("last_confirmed") is None:
        values["last_confirmed"] = freshness.today()


OFFERS = Resource(
    "offers",
    Offer,
    access.OFFERS,
    references={"asset_id": Asset},
    equality_filters={"status": "status", "asset": "asset_id"},
    theme_fields=("themes",),
    located_by=Asset,
    derive=_offer_values,
    annotate=offer_reports.offer_notes,
)


def _people(name: str, model: type[SpatialTable], derive: Callable[[dict, Any], None] | None = None) -> Resource:
    """Volunteers and needs: a resident's record, for builders only, filtered alike, reads logged."""
    filters = {"status": "status", "mode": "mode", "person_ref": "person_ref"}
    return Resource(name, model, access.PEOPLE, POINT, equality_filters=filters, theme_fields=("themes",),
                    derive=derive, personal=True)  # fmt: skip


def _need_values(values: dict, row: Need | None) -> None:
    """A need keeps when it was closed, for its retention period; reopened, it is no longer closed."""
    status = values.get("status")
    if status == NeedStatus.closed and (row is None or row.status != NeedStatus.closed):
        values["closed_at"] = utcnow()
    elif status is not None and status != NeedStatus.closed:
        values["closed_at"] = None


VOLUNTEERS = _people("volunteers", Volunteer)
NEEDS = _people("needs", Need, _need_values)
