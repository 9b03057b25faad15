"""The five routes every resource has: list, create, read, partial update, delete.

Each resource is described once in `app.store.resources`; this module turns a description and
its schemas into a router, so that the rules (who, validation, paging) are written once.
"""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlmodel import Session

from app.api.deps import AuditDep, Auditor, PrincipalDep, SessionDep, SettingsDep, TaxonomyDep
from app.api.downloads import DOWNLOADS, download
from app.api.geojson import FeatureIn, FeaturePatch, body_geometry, collection, plain, represent
from app.api.queries import PageQuery, list_query
from app.models.audit import AuditAction
from app.store import crud
from app.store.auth import Principal
from app.store.listing import list_page
from app.store.resources import Resource

GEOJSON = "application/geo+json"
ContentCrs = Annotated[
    str | None, Header(alias="Content-Crs", description="CRS of the body's coordinates: EPSG:4326 or EPSG:28992")
]


def _respond(resource: Resource, body: dict, status_code: int = 200) -> JSONResponse:
    media_type = GEOJSON if resource.spatial else "application/json"
    return JSONResponse(body, status_code=status_code, media_type=media_type)


def _shown(session: Session, resource: Resource, principal: Principal, row: Any) -> dict:
    return represent(resource, row, crud.notes(session, resource, principal, [row]).get(row.id))


def _logged(audit: Auditor, resource: Resource, action: AuditAction, row: Any = None, count: int = 1) -> None:
    """A resident's records go into the access log: the record's id and purpose, never its contents."""
    if resource.personal:
        record_id = None if row is None else row.id
        audit(action, resource.name, record_id, count=count, purpose=getattr(row, "purpose", None))


def _unpack(resource: Resource, body: BaseModel, content_crs: str | None, settings, *, partial: bool):
    """The values and the geometry (WGS84) a body carries."""
    if not resource.spatial:
        return body.model_dump(exclude_unset=partial), None
    assert isinstance(body, FeatureIn | FeaturePatch)  # the body types resource_router gives a spatial resource
    properties = body.properties
    values = {} if properties is None else properties.model_dump(exclude_unset=partial)
    geometry = body_geometry(body.geometry, resource, content_crs, settings.region_bbox)
    return values, geometry


def resource_router(
    resource: Resource, *, create: type[BaseModel], patch: type[BaseModel], query: type[PageQuery]
) -> APIRouter:
    """Routes for one resource under /{resource.name}."""
    router = APIRouter(prefix=f"/{resource.name}", tags=[resource.name])
    # Body and query types built at run time, for FastAPI to read; mypy cannot follow them.
    create_body: Any = FeatureIn[create] if resource.spatial else create  # type: ignore[valid-type]
    patch_body: Any = FeaturePatch[patch] if resource.spatial else patch  # type: ignore[valid-type]
    query_params: Any = Annotated[query, Query()]
    noun = resource.name[:-1]

    @router.get("", summary=f"List {resource.name}", name=f"list_{resource.name}", responses=DOWNLOADS)
    def list_objects(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        settings: SettingsDep,
        taxonomy: TaxonomyDep,
        audit: AuditDep,
        params: query_params,
    ) -> Response:
        wanted = list_query(params, settings)
        page = list_page(session, resource, principal, wanted, taxonomy=taxonomy, region=settings.region_bbox)
        notes = crud.notes(session, resource, principal, page.items)
        _logged(audit, resource, AuditAction.read if params.f == "json" else AuditAction.export, count=len(page.items))
        if params.f != "json":
            geometries = [row.geom for row in page.items] if resource.spatial else None
            records = [plain(row, notes.get(row.id)) for row in page.items]
            return download(records, params.f, name=f"nabij-{resource.name}", geometries=geometries)
        return _respond(resource, collection(resource, page, request, wanted.limit, wanted.offset, notes))

    @router.post("", status_code=201, summary=f"Create a {noun}", name=f"create_{noun}")
    def create_object(
        body: create_body,
        session: SessionDep,
        principal: PrincipalDep,
        settings: SettingsDep,
        taxonomy: TaxonomyDep,
        audit: AuditDep,
        content_crs: ContentCrs = None,
    ) -> JSONResponse:
        values, geometry = _unpack(resource, body, content_crs, settings, partial=False)
        row = crud.create(session, resource, principal, values, geometry=geometry, taxonomy=taxonomy)
        _logged(audit, resource, AuditAction.create, row)
        return _respond(resource, _shown(session, resource, principal, row), 201)

    @router.get("/{object_id}", summary=f"Read a {noun}", name=f"read_{noun}")
    def read_object(
        object_id: uuid.UUID, session: SessionDep, principal: PrincipalDep, audit: AuditDep
    ) -> JSONResponse:
        row = crud.get(session, resource, principal, object_id)
        _logged(audit, resource, AuditAction.read, row)
        return _respond(resource, _shown(session, resource, principal, row))

    @router.patch("/{object_id}", summary=f"Change some fields of a {noun}", name=f"update_{noun}")
    def update_object(
        object_id: uuid.UUID,
        body: patch_body,
        session: SessionDep,
        principal: PrincipalDep,
        settings: SettingsDep,
        taxonomy: TaxonomyDep,
        audit: AuditDep,
        content_crs: ContentCrs = None,
    ) -> JSONResponse:
        row = crud.get_for_change(session, resource, principal, object_id)
        values, geometry = _unpack(resource, body, content_crs, settings, partial=True)
        crud.update(session, resource, principal, row, values, geometry=geometry, taxonomy=taxonomy)
        _logged(audit, resource, AuditAction.update, row)
        return _respond(resource, _shown(session, resource, principal, row))

    @router.delete("/{object_id}", status_code=204, summary=f"Delete a {noun}", name=f"delete_{noun}")
    def delete_object(object_id: uuid.UUID, session: SessionDep, principal: PrincipalDep, audit: AuditDep) -> Response:
        row = crud.get_for_change(session, resource, principal, object_id)
        crud.delete(session, resource, principal, row)
        _logged(audit, resource, AuditAction.delete, row)
        return Response(status_code=204)

    return router
