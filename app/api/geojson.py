"""GeoJSON (RFC 7946) in and out: Feature bodies, Features and FeatureCollections with paging links."""

from typing import Any, Generic, Literal, TypeVar

from fastapi import Request
from pydantic import BaseModel, ConfigDict
from shapely.geometry.base import BaseGeometry

from app.geo import WGS84, BBox, geometry_from_geojson, geometry_to_geojson, parse_crs
from app.store.features import properties_of
from app.store.listing import Page
from app.store.resources import Resource

Properties = TypeVar("Properties", bound=BaseModel)


class FeatureIn(BaseModel, Generic[Properties]):
    """A GeoJSON Feature to create; the id is the server's to give."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["Feature"]
    geometry: dict[str, Any]
    properties: Properties


class FeaturePatch(BaseModel, Generic[Properties]):
    """A partial Feature: new properties, a new geometry, or both."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["Feature"] = "Feature"
    geometry: dict[str, Any] | None = None
    properties: Properties | None = None


def body_geometry(
    geometry: dict | None, resource: Resource, content_crs: str | None, region: BBox
) -> BaseGeometry | None:
    """The body's geometry validated for this resource, in WGS84."""
    if geometry is None:
        return None
    crs = parse_crs(content_crs, "Content-Crs")
    return geometry_from_geojson(geometry, field="geometry", allowed=resource.geometry_types, crs=crs, region=region)


def feature(row: Any, distance_m: float | None = None, notes: dict | None = None) -> dict:
    properties = {**properties_of(row), **(notes or {})}
    if distance_m is not None:
        properties["distance_m"] = round(distance_m, 1)
    return as_feature(str(row.id), row.geom, properties)


def as_feature(feature_id: str, geometry: BaseGeometry | None, properties: dict, crs: str = WGS84) -> dict:
    """A GeoJSON Feature from a WGS84 geometry, its coordinates given in `crs`."""
    return {
        "type": "Feature",
        "id": feature_id,
        "geometry": geometry_to_geojson(geometry, crs),
        "properties": properties,
    }


def plain(row: Any, notes: dict | None = None) -> dict:
    return {"id": str(row.id), **properties_of(row), **(notes or {})}


def represent(resource: Resource, row: Any, notes: dict | None = None) -> dict:
    """A stored object as the API shows it: a Feature for spatial resources, else a JSON object.

    `notes` are what the core says of the row beyond its columns (an offer's freshness).
    """
    return feature(row, notes=notes) if resource.spatial else plain(row, notes)


def collection(
    resource: Resource, page: Page, request: Request, limit: int, offset: int, notes: dict[Any, dict]
) -> dict:
    """A page as a FeatureCollection (or an object with `items`), with counts and paging links."""
    links = page_links(request, page.total, limit, offset)
    counts = {"numberMatched": page.total, "numberReturned": len(page.items)}
    if not resource.spatial:
        return {"items": [plain(row, notes.get(row.id)) for row in page.items], **counts, "links": links}
    features = [feature(row, page.distances.get(row.id), notes.get(row.id)) for row in page.items]
    return {"type": "FeatureCollection", "features": features, **counts, "links": links}


def page_links(
    request: Request, total: int, limit: int, offset: int, media_type: str = "application/json"
) -> list[dict]:
    """`self`, and `next` and `prev` where there is such a page: the request's URL with another offset."""

    def at(new_offset: int) -> str:
        return str(request.url.include_query_params(limit=limit, offset=new_offset))

    links = [{"rel": "self", "href": str(request.url), "type": media_type}]
    if offset + limit < total:
        links.append({"rel": "next", "href": at(offset + limit), "type": media_type})
    if offset > 0:
        links.append({"rel": "prev", "href": at(max(0, offset - limit)), "type": media_type})
    return links
