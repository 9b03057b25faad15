"""Filtered, paged lists: bbox, near + radius, CBS area, theme and plain equality filters."""

from dataclasses import dataclass, field
from typing import cast

from shapely.geometry.base import BaseGeometry
from sqlalchemy import ColumnElement, Select, func
from sqlmodel import Session, col, select

from app.db.spatial import SpatialSQL, spatial_sql
from app.errors import InvalidInput, InvalidParam, NotFound
from app.geo import BBox, parse_crs, point_from_position, position_to_wgs84
from app.models import Area, Offer
from app.models.base import SpatialTable, TimestampedTable
from app.store.auth import Principal
from app.store.resources import Resource
from app.taxonomy import Taxonomy

DEFAULT_RADIUS_M = 1000.0


@dataclass(frozen=True)
class ListQuery:
    """A list request as the API received it; coordinates in `filter_crs`."""

    limit: int
    offset: int = 0
    bbox: str | None = None
    near: str | None = None
    radius: float | None = None
    area: str | None = None
    theme: str | None = None
    filter_crs: str | None = None
    equals: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    items: list
    total: int
    distances: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _Near:
    lon: float
    lat: float
    radius_m: float


def list_page(
    session: Session, resource: Resource, principal: Principal, query: ListQuery, *, taxonomy: Taxonomy, region: BBox
) -> Page:
    """One page of what `principal` may see, with the total that matched."""
    model = resource.model
    conditions = [resource.policy.read_filter(session, principal, model)]
    conditions += _plain_conditions(session, resource, query, taxonomy)
    near = _near(query, region)
    # Spatial filters come only with spatial resources and with those an asset locates (offers).
    located = cast(type[SpatialTable], resource.located_by or model)
    spatial = spatial_sql(session)
    located_conditions = _spatial_conditions(session, spatial, located, query, near)
    if located is not model and located_conditions:
        asset_id = col(cast(type[Offer], model).asset_id)
        conditions.append(asset_id.in_(select(col(located.id)).where(*located_conditions)))
    else:
        conditions += located_conditions
    total = session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
    distance = spatial.distance_m(located, near.lon, near.lat) if near and located is model else None
    statement = _ordered(select(model).where(*conditions), model, distance)
    rows = session.execute(statement.limit(query.limit).offset(query.offset)).all()
    items = [row[0] for row in rows]
    distances = {row[0].id: row[1] for row in rows} if distance is not None else {}
    return Page(items, total, distances)


def _ordered(statement: Select, model: type[TimestampedTable], distance: ColumnElement[float] | None) -> Select:
    if distance is None:
        return statement.order_by(col(model.created_at), col(model.id))
    return statement.add_columns(distance).order_by(distance, col(model.id))


def _plain_conditions(session: Session, resource: Resource, query: ListQuery, taxonomy: Taxonomy) -> list:
    model = resource.model
    conditions: list[ColumnElement[bool]] = [
        getattr(model, resource.equality_filters[name]) == value for name, value in query.equals.items()
    ]
    if query.theme is not None:
        codes = taxonomy.expand(query.theme, "theme")
        column = getattr(model, resource.theme_fields[0])
        conditions.append(spatial_sql(session).json_contains_any(column, codes))
    return conditions


def _spatial_conditions(
    session: Session, spatial: SpatialSQL, model: type[SpatialTable], query: ListQuery, near: _Near | None
) -> list:
    conditions = []
    if query.bbox is not None:
        conditions.append(spatial.box_overlaps(model, bbox_of(query)))
    if near is not None:
        conditions.append(spatial.within_m(model, near.lon, near.lat, near.radius_m))
    if query.area is not None:
        conditions.append(spatial.intersects(model, area_geometry(session, query.area)))
    return conditions


def area_geometry(session: Session, code: str) -> BaseGeometry:
    """The polygon of the area with this CBS code; 404 naming `area` when there is none."""
    area = session.exec(select(Area).where(Area.code == code)).one_or_none()
    if area is None:
        reason = f"no area with code {code!r}"
        raise NotFound(f"area: {reason}", [InvalidParam("area", reason)])
    return area.geom


def _numbers(text: str, count: int, name: str) -> list[float]:
    parts = text.split(",")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) != count:
        raise InvalidInput.field(name, f"expected {count} comma-separated numbers, got {text!r}")
    return numbers


def bbox_of(query: ListQuery) -> BBox:
    crs = parse_crs(query.filter_crs, "filter-crs")
    west, south, east, north = _numbers(query.bbox or "", 4, "bbox")
    if west >= east or south >= north:
        raise InvalidInput.field("bbox", "expected west,south,east,north with west < east and south < north")
    west, south = position_to_wgs84(west, south, field="bbox", crs=crs)
    east, north = position_to_wgs84(east, north, field="bbox", crs=crs)
    return west, south, east, north


def _near(query: ListQuery, region: BBox) -> _Near | None:
    if query.near is None:
        if query.radius is not None:
            raise InvalidInput.field("radius", "radius needs near=longitude,latitude")
        return None
    crs = parse_crs(query.filter_crs, "filter-crs")
    x, y = _numbers(query.near, 2, "near")
    point = point_from_position(x, y, field="near", crs=crs, region=region)
    return _Near(point.x, point.y, query.radius or DEFAULT_RADIUS_M)
