"""Feature collections for open-standard feeds (OGC API Features): what each holds, and for whom.

A collection is one `Collection` entry in `COLLECTIONS`: its id and texts, the roles that may
read it (None: the public), and three functions over a session: one page of
features for a `ListQuery` (limit, offset, bbox in `filter_crs`) with the number matched, one
feature by id (or NotFound), and the WGS84 box around all of them. The public collections read
as the anonymous public does, and only published rows.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, cast

from shapely.geometry.base import BaseGeometry
from sqlalchemy import ColumnElement, and_, func, select
from sqlmodel import Session, col

from app.config import NETHERLANDS_BBOX
from app.errors import NotFound
from app.geo import BBox
from app.models import Asset, Offer
from app.models.base import PublicationStatus, SpatialTable
from app.models.token import Role
from app.store import crud, resources
from app.store.access import require_role
from app.store.auth import ANONYMOUS, Principal
from app.store.listing import ListQuery, Page, list_page
from app.store.resources import Resource
from app.taxonomy import Taxonomy

# Columns a feature's properties leave out: the id is the feature's own, the geometry is its geometry.
HIDDEN = {"id", "geom", "min_x", "min_y", "max_x", "max_y"}
PUBLISHED = PublicationStatus.published
# The feeds filter by box alone, so list_page never consults the taxonomy (themes) or region (`near`) given here.
_NO_THEMES = Taxonomy("none", {}, {})


def properties_of(row: Any) -> dict:
    """A stored object's fields as JSON values, without its id and geometry columns."""
    return row.model_dump(mode="json", exclude=HIDDEN)


@dataclass(frozen=True)
class Feature:
    id: str
    geometry: BaseGeometry  # WGS84
    properties: dict


@dataclass(frozen=True)
class FeaturePage:
    features: list[Feature]
    number_matched: int


@dataclass(frozen=True)
class Collection:
    """One feed: what it is, who may read it, and how its features are found."""

    id: str
    title: str
    description: str
    page: Callable[[Session, ListQuery], FeaturePage]
    feature: Callable[[Session, str], Feature]
    extent: Callable[[Session], BBox | None]
    readers: tuple[Role, ...] | None = None  # None: everyone, the anonymous public included

    def readable_by(self, principal: Principal) -> bool:
        return self.readers is None or principal.role in self.readers

    def check_reader(self, principal: Principal) -> None:
        """Allow reading or raise: 401 without a token, 403 for another role."""
        if self.readers is not None:
            require_role(principal, self.readers, f"the collection {self.id}")


def _published_page(session: Session, resource: Resource, query: ListQuery) -> Page:
    wanted = replace(query, equals={"status": PUBLISHED})
    return list_page(session, resource, ANONYMOUS, wanted, taxonomy=_NO_THEMES, region=NETHERLANDS_BBOX)


def _published_row(session: Session, resource: Resource, feature_id: str) -> Any:
    try:
        object_id = uuid.UUID(feature_id)
    except ValueError:
        raise NotFound(f"no {resource.name[:-1]} with id {feature_id!r}") from None
    row = crud.get(session, resource, ANONYMOUS, object_id)
    if row.status != PUBLISHED:  # areas: the public's policy shows drafts; the feeds do not
        raise NotFound(f"no {resource.name[:-1]} with id {object_id}")
    return row


def _extent(session: Session, model: type[SpatialTable], condition: ColumnElement[bool]) -> BBox | None:
    corners = (func.min(model.min_x), func.min(model.min_y), func.max(model.max_x), func.max(model.max_y))
    found = session.execute(select(*corners).where(condition)).one()
    return None if found[0] is None else (found[0], found[1], found[2], found[3])


def _public(session: Session, resource: Resource) -> ColumnElement[bool]:
    model = resource.model
    return and_(resource.policy.read_filter(session, ANONYMOUS, model), model.__table__.c.status == PUBLISHED)


def _located(row: Any) -> Feature:
    return Feature(str(row.id), row.geom, properties_of(row))


def _spatial_collection(resource: Resource, title: str, description: str) -> Collection:
    """A collection of a spatial resource's published rows, each a feature at its own geometry."""

    def page(session: Session, query: ListQuery) -> FeaturePage:
        found = _published_page(session, resource, query)
        return FeaturePage([_located(row) for row in found.items], found.total)

    return Collection(
        id=resource.name,
        title=title,
        description=description,
        page=page,
        feature=lambda session, feature_id: _located(_published_row(session, resource, feature_id)),
        extent=lambda session: _extent(session, cast(type[SpatialTable], resource.model), _public(session, resource)),
    )


def _offer_features(session: Session, offers: list[Offer]) -> list[Feature]:
    """Offers at their asset's point, with the asset's name beside its id."""
    asset_ids = {offer.asset_id for offer in offers}
    assets = {a.id: a for a in session.scalars(select(Asset).where(col(Asset.id).in_(asset_ids)))}
    return [
        Feature(str(o.id), assets[o.asset_id].geom, {**properties_of(o), "asset_name": assets[o.asset_id].name})
        for o in offers
    ]


def _offers_page(session: Session, query: ListQuery) -> FeaturePage:
    found = _published_page(session, resources.OFFERS, query)
    return FeaturePage(_offer_features(session, found.items), found.total)


def _offer(session: Session, feature_id: str) -> Feature:
    return _offer_features(session, [_published_row(session, resources.OFFERS, feature_id)])[0]


def _offers_extent(session: Session) -> BBox | None:
    offering = col(Asset.id).in_(select(col(Offer.asset_id)).where(_public(session, resources.OFFERS)))
    return _extent(session, Asset, offering)


ASSETS = _spatial_collection(
    resources.ASSETS,
    "Community assets",
    "Published places and groups of the neighbourhood (ABCD building blocks): associations, "
    "institutions, buurthuizen, parks, local businesses, culture; with type, support level, themes.",
)
OFFERS = Collection(
    id="offers",
    title="Offers",
    description="Published offers of published assets, each at its asset's point, with themes, "
    "weekly schedule and facets; `asset_id` and `asset_name` name the asset.",
    page=_offers_page,
    feature=_offer,
    extent=_offers_extent,
)
AREAS = _spatial_collection(
    resources.AREAS,
    "CBS areas",
    "Published gemeente, wijk and buurt polygons, keyed by their CBS code; `level` says which.",
)
COLLECTIONS: dict[str, Collection] = {collection.id: collection for collection in (ASSETS, OFFERS, AREAS)}
