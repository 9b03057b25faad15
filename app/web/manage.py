"""Pages where associations keep their places and offers current, and builders publish them.

Every change goes through the same store functions and policies as the API: an association reaches
only its own organisation's objects (404 otherwise), and only a builder or admin publishes.
"""

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from app.api.deps import SessionDep, SettingsDep, TaxonomyDep
from app.config import Settings
from app.errors import InvalidInput, NotFound
from app.geo import WGS84, point_from_position
from app.models.base import AssetType, PublicationStatus, SupportLevel
from app.models.token import Role
from app.store import crud, freshness, manage, resources
from app.store.logins import Login
from app.store.resources import Resource
from app.taxonomy import Taxonomy
from app.web import choices
from app.web.forms import (
    ASSET_FORM,
    OFFER_FORM,
    FormKind,
    blank_state,
    checked_values,
    errors_by_field,
    state_from_form,
    state_from_row,
    with_free_rows,
)
from app.web.render import page
from app.web.session import PageLoginDep, PostedFormDep

router = APIRouter(prefix="/manage", tags=["pages"], include_in_schema=False)
PUBLISHERS = (Role.admin, Role.builder)
KINDS = {"assets": (resources.ASSETS, ASSET_FORM), "offers": (resources.OFFERS, OFFER_FORM)}


@router.get("", response_class=HTMLResponse)
def overview(request: Request, session: SessionDep, login: PageLoginDep) -> HTMLResponse:
    found = manage.overview(session, login.principal)
    context = {"title": "manage", "overview": found, "publisher": login.principal.role in PUBLISHERS}
    return page(request, "manage.html", context | {"notice": request.query_params.get("done", "")}, login=login)


@router.get("/assets/new", response_class=HTMLResponse)
def new_asset(
    request: Request, session: SessionDep, login: PageLoginDep, settings: SettingsDep, taxonomy: TaxonomyDep
) -> HTMLResponse:
    return _form_page(request, session, login, settings, taxonomy, "assets", None, blank_state(ASSET_FORM))


@router.get("/offers/new", response_class=HTMLResponse)
def new_offer(
    request: Request,
    session: SessionDep,
    login: PageLoginDep,
    settings: SettingsDep,
    taxonomy: TaxonomyDep,
    asset_id: str = "",
) -> HTMLResponse:
    state = blank_state(OFFER_FORM, asset_id=asset_id)
    return _form_page(request, session, login, settings, taxonomy, "offers", None, state)


@router.get("/{kind}/{object_id}", response_class=HTMLResponse)
def edit_page(
    request: Request, kind: str, object_id: uuid.UUID, session: SessionDep, login: PageLoginDep,
    settings: SettingsDep, taxonomy: TaxonomyDep,
) -> HTMLResponse:  # fmt: skip
    resource, form_kind = _kind(kind)
    row = _editable(session, resource, login, object_id)
    return _form_page(request, session, login, settings, taxonomy, kind, row, state_from_row(form_kind, row))


@router.post("/{kind}/new", response_class=HTMLResponse)
def create(
    request: Request, kind: str, session: SessionDep, login: PageLoginDep, form: PostedFormDep,
    settings: SettingsDep, taxonomy: TaxonomyDep,
) -> Response:  # fmt: skip
    resource, form_kind = _kind(kind)
    state = state_from_form(form_kind, form)
    try:
        values, geometry = _values(form_kind, state, login, settings)
        row = crud.create(session, resource, login.principal, values, geometry=geometry, taxonomy=taxonomy)
    except InvalidInput as error:
        return _form_page(request, session, login, settings, taxonomy, kind, None, state, error)
    return RedirectResponse(f"/manage/{kind}/{row.id}?done=saved", status_code=303)


@router.post("/{kind}/{object_id}", response_class=HTMLResponse)
def update(
    request: Request, kind: str, object_id: uuid.UUID, session: SessionDep, login: PageLoginDep,
    form: PostedFormDep, settings: SettingsDep, taxonomy: TaxonomyDep,
) -> Response:  # fmt: skip
    resource, form_kind = _kind(kind)
    row = _editable(session, resource, login, object_id)
    state = state_from_form(form_kind, form)
    try:
        values, geometry = _values(form_kind, state, login, settings)
        crud.update(session, resource, login.principal, row, values, geometry=geometry, taxonomy=taxonomy)
    except InvalidInput as error:
        return _form_page(request, session, login, settings, taxonomy, kind, row, state, error)
    return RedirectResponse(f"/manage/{kind}/{row.id}?done=saved", status_code=303)


@router.post("/{kind}/{object_id}/publish")
def publish(
    kind: str,
    object_id: uuid.UUID,
    session: SessionDep,
    login: PageLoginDep,
    form: PostedFormDep,
    taxonomy: TaxonomyDep,
) -> Response:
    resource, _ = _kind(kind)
    row = _editable(session, resource, login, object_id)
    values = {"status": PublicationStatus.published.value}
    crud.update(session, resource, login.principal, row, values, taxonomy=taxonomy)
    return RedirectResponse("/manage?done=published", status_code=303)


def _kind(kind: str) -> tuple[Resource, FormKind]:
    if kind not in KINDS:
        raise NotFound(f"no page for {kind!r}")
    return KINDS[kind]


def _editable(session: Session, resource: Resource, login: Login, object_id: uuid.UUID):
    """The object if this login may change it; 404 for another organisation's, as for one that does not exist."""
    row = crud.get_for_change(session, resource, login.principal, object_id)
    resource.policy.check_write(session, login.principal, row, {})
    return row


def _values(kind: FormKind, state: dict, login: Login, settings: Settings) -> tuple[dict, object]:
    keep = frozenset({"status"}) if login.principal.role in PUBLISHERS else frozenset()
    values = checked_values(kind, state, keep=keep)
    values["last_confirmed"] = freshness.today()  # whoever saves the form says it still runs
    if not kind.place_fields:
        return values, None
    lon, lat = (_number(state[name], name) for name in ("lon", "lat"))
    return values, point_from_position(lon, lat, field="location", crs=WGS84, region=settings.region_bbox)


def _asset_options(session: Session, login: Login) -> list[tuple[str, str]]:
    return [(str(asset.id), asset.name) for asset in manage.assets_for_offers(session, login.principal)]


def _number(text: str, name: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise InvalidInput.field("location", f"{name}: {text!r} is not a number of degrees") from None


def _form_page(
    request: Request, session: Session, login: Login, settings: Settings, taxonomy: Taxonomy, kind: str,
    row: object | None, state: dict, error: InvalidInput | None = None,
) -> HTMLResponse:  # fmt: skip
    context = {
        "title": ("new_asset" if kind == "assets" else "new_offer") if row is None else "edit",
        "kind": kind,
        "row": row,
        "v": with_free_rows(state),
        "errors": errors_by_field(error) if error else {},
        "error_detail": error.detail if error and not error.invalid_params else "",
        "publisher": login.principal.role in PUBLISHERS,
        "notice": request.query_params.get("done", ""),
        "domains": choices.themes_by_domain(taxonomy),
        "asset_types": [t.value for t in AssetType],
        "support_levels": [level.value for level in SupportLevel],
        "assets_options": _asset_options(session, login) if kind == "offers" else [],
        "tiles": settings.tiles_url,
        "attribution": settings.tiles_attribution,
        **choices.facet_choices(),
    }
    return page(request, "form.html", context, login=login, status_code=422 if error else 200)
