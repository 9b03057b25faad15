"""OGC API - Features (Part 1 Core and GeoJSON, Part 2 CRS by reference) under /ogc, for GIS tools.

The collections are `app.store.features.COLLECTIONS`; this module only speaks the standard.
"""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse

from app.api.deps import PrincipalDep, SessionDep, SettingsDep, TaxonomyDep
from app.api.geojson import as_feature, page_links
from app.api.matching import match_settings
from app.api.ogc_query import CRS84, CRS_CODES, FeatureQuery, ItemsQuery, OgcRoute
from app.errors import NotFound
from app.geo import BBox
from app.store.features import COLLECTIONS, Collection, Feature
from app.store.figure_features import figure_collections
from app.store.listing import ListQuery

JSON = "application/json"
GEOJSON = "application/geo+json"
# FastAPI writes OpenAPI 3.1, so the OGC class "OpenAPI 3.0" (.../conf/oas30) is not claimed.
OPENAPI = "application/vnd.oai.openapi+json;version=3.1"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]


class GeoJSONResponse(JSONResponse):
    media_type = GEOJSON


PROBLEM = "application/problem+json"
router = APIRouter(
    prefix="/ogc",
    tags=["OGC API Features"],
    route_class=OgcRoute,
    responses={
        400: {"description": "An unknown query parameter, or a bad value", "content": {PROBLEM: {}}},
        404: {"description": "No such collection or feature", "content": {PROBLEM: {}}},
    },
)


def registry(settings: SettingsDep, taxonomy: TaxonomyDep) -> dict[str, Collection]:
    """The collections served: the public ones, and the planners' figures per CBS level."""
    reach_m = match_settings(settings).reach_m
    return COLLECTIONS | figure_collections(reach_m=reach_m, taxonomy=taxonomy, today=datetime.now(UTC).date())


RegistryDep = Annotated[dict[str, Collection], Depends(registry)]


def _collection(
    collection_id: Annotated[str, Path(alias="collectionId")], collections: RegistryDep, principal: PrincipalDep
) -> Collection:
    found = collections.get(collection_id)
    if found is None:
        raise NotFound(f"no collection {collection_id!r}; /ogc/collections lists them")
    found.check_reader(principal)
    return found


CollectionDep = Annotated[Collection, Depends(_collection)]


def _link(rel: str, href: object, media_type: str, title: str) -> dict:
    return {"rel": rel, "href": str(href), "type": media_type, "title": title}


def _crs_header(crs: str) -> dict[str, str]:
    return {"Content-Crs": f"<{crs}>"}  # OGC /req/crs/ogc-crs-header-value: the URI in angle brackets


@router.get("", summary="Landing page: what this API offers", name="ogc_landing")
def landing(request: Request) -> dict:
    links = [
        _link("self", request.url_for("ogc_landing"), JSON, "This document"),
        _link("conformance", request.url_for("ogc_conformance"), JSON, "Conformance classes implemented"),
        _link("data", request.url_for("ogc_collections"), JSON, "The feature collections"),
    ]
    app = request.app
    if app.openapi_url:
        links.append(_link("service-desc", request.base_url.replace(path=app.openapi_url), OPENAPI, "API definition"))
    if any(getattr(route, "path", None) == "/docs" for route in app.routes):
        links.append(_link("service-doc", request.base_url.replace(path="/docs"), "text/html", "API documentation"))
    return {
        "title": "Nabij: community assets as open geodata",
        "description": "Published community assets, their offers and CBS areas of the neighbourhood, "
        "as OGC API Features: GeoJSON in CRS84 or in Dutch RD New (EPSG:28992).",
        "links": links,
    }


@router.get("/conformance", summary="Conformance classes implemented", name="ogc_conformance")
def conformance() -> dict:
    return {"conformsTo": CONFORMANCE}


@router.get("/collections", summary="The feature collections the caller may read", name="ogc_collections")
def collections(request: Request, session: SessionDep, principal: PrincipalDep, served: RegistryDep) -> dict:
    readable = [c for c in served.values() if c.readable_by(principal)]
    return {
        "collections": [_metadata(request, c, c.extent(session)) for c in readable],
        "links": [_link("self", request.url_for("ogc_collections"), JSON, "This document")],
    }


@router.get("/collections/{collectionId}", summary="One feature collection", name="ogc_collection")
def collection(request: Request, session: SessionDep, chosen: CollectionDep) -> dict:
    return _metadata(request, chosen, chosen.extent(session))


@router.get(
    "/collections/{collectionId}/items",
    summary="A page of features",
    name="ogc_items",
    response_class=GeoJSONResponse,
)
def items(
    request: Request, session: SessionDep, chosen: CollectionDep, params: Annotated[ItemsQuery, Query()]
) -> GeoJSONResponse:
    wanted = ListQuery(
        limit=params.limit, offset=params.offset, bbox=params.bbox, filter_crs=CRS_CODES[params.bbox_crs]
    )
    page = chosen.page(session, wanted)
    links = page_links(request, page.number_matched, params.limit, params.offset, GEOJSON)
    links.append(_link("collection", request.url_for("ogc_collection", collectionId=chosen.id), JSON, chosen.title))
    body = {
        "type": "FeatureCollection",
        "features": [_feature(f, params.crs) for f in page.features],
        "numberMatched": page.number_matched,
        "numberReturned": len(page.features),
        "timeStamp": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "links": links,
    }
    return GeoJSONResponse(body, headers=_crs_header(params.crs))


@router.get(
    "/collections/{collectionId}/items/{featureId}",
    summary="One feature",
    name="ogc_item",
    response_class=GeoJSONResponse,
)
def item(
    request: Request,
    session: SessionDep,
    chosen: CollectionDep,
    feature_id: Annotated[str, Path(alias="featureId")],
    params: Annotated[FeatureQuery, Query()],
) -> GeoJSONResponse:
    body = _feature(chosen.feature(session, feature_id), params.crs)
    body["links"] = [
        _link("self", request.url, GEOJSON, "This feature"),
        _link("collection", request.url_for("ogc_collection", collectionId=chosen.id), JSON, chosen.title),
    ]
    return GeoJSONResponse(body, headers=_crs_header(params.crs))


def _feature(found: Feature, crs: str) -> dict:
    return as_feature(found.id, found.geometry, found.properties, CRS_CODES[crs])


def _metadata(request: Request, chosen: Collection, extent: BBox | None) -> dict:
    """A collection as /collections describes it: texts, extent, CRSs and links."""
    body: dict = {
        "id": chosen.id,
        "title": chosen.title,
        "description": chosen.description,
        "itemType": "feature",
        "crs": list(CRS_CODES),
        "storageCrs": CRS84,
        "links": [
            _link("self", request.url_for("ogc_collection", collectionId=chosen.id), JSON, chosen.title),
            _link("items", request.url_for("ogc_items", collectionId=chosen.id), GEOJSON, f"{chosen.title}: features"),
        ],
    }
    if extent is not None:
        body["extent"] = {"spatial": {"bbox": [list(extent)], "crs": CRS84}}
    return body
