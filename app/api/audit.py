"""The access log for admins: who read or changed personal data, newest first. Read only."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from app.api.deps import PrincipalDep, SessionDep, SettingsDep
from app.api.downloads import DOWNLOADS, download
from app.api.geojson import page_links
from app.api.queries import PageQuery, list_query
from app.models.token import Role
from app.store import audit
from app.store.access import require_role

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", summary="The access log, newest first (admins)", responses=DOWNLOADS)
def list_entries(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    params: Annotated[PageQuery, Query()],
) -> Response:
    """Each entry: when, the caller's role and token id, the action, the kind and id of the record
    (or how many records), and the purpose given. There is no route that changes or removes one."""
    require_role(principal, (Role.admin,), "the access log")
    wanted = list_query(params, settings)
    rows, total = audit.entries(session, limit=wanted.limit, offset=wanted.offset)
    items = [row.model_dump(mode="json") for row in rows]
    if params.f != "json":
        return download(items, params.f, name="nabij-audit")
    links = page_links(request, total, wanted.limit, wanted.offset)
    return JSONResponse({"items": items, "numberMatched": total, "numberReturned": len(items), "links": links})
