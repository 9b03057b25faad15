"""New questions and new volunteers: a resident's code, address, themes, when and what they need.

The address is looked up locally (`app.store.addresses`); the exact point is stored for builders
and shown only masked. Values are checked by the API's models and stored through the same store
functions, so the pages and the API hold the same rules.
"""

import secrets
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from shapely.geometry.base import BaseGeometry
from sqlmodel import Session
from starlette.datastructures import FormData

from app.api.deps import SessionDep, SettingsDep, TaxonomyDep
from app.config import Settings
from app.errors import InvalidInput
from app.geo import WGS84, point_from_position
from app.models.base import LegalBasis, Mode, PartOfDay
from app.store import addresses, crud, resources
from app.store.logins import Login
from app.taxonomy import Taxonomy
from app.web import choices
from app.web.forms import (
    NEED_FORM,
    VOLUNTEER_FORM,
    FormKind,
    blank_state,
    checked_values,
    errors_by_field,
    state_from_form,
)
from app.web.render import page
from app.web.session import PostedFormDep
from app.web.workbench import BuilderDep

router = APIRouter(tags=["pages"], include_in_schema=False)
# kind -> (resource, form, title, themes legend, time-slots legend, submit button)
KINDS = {
    "needs": (resources.NEEDS, NEED_FORM, "new_need", "need_themes", "when_need", "save_need"),
    "volunteers": (resources.VOLUNTEERS, VOLUNTEER_FORM, "new_volunteer", "gifts", "availability", "save"),
}


@router.get("/needs/new", response_class=HTMLResponse)
def new_need(request: Request, login: BuilderDep, taxonomy: TaxonomyDep) -> HTMLResponse:
    return _form(request, login, taxonomy, "needs", _blank(NEED_FORM))


@router.get("/volunteers/new", response_class=HTMLResponse)
def new_volunteer(request: Request, login: BuilderDep, taxonomy: TaxonomyDep) -> HTMLResponse:
    notice = request.query_params.get("saved", "")
    return _form(request, login, taxonomy, "volunteers", _blank(VOLUNTEER_FORM), notice=notice)


@router.post("/needs/new", response_class=HTMLResponse)
def create_need(
    request: Request, session: SessionDep, login: BuilderDep, form: PostedFormDep, settings: SettingsDep,
    taxonomy: TaxonomyDep,
) -> Response:  # fmt: skip
    row = _create(request, session, login, form, settings, taxonomy, "needs")
    return row if isinstance(row, Response) else RedirectResponse(f"/needs/{row.id}", status_code=303)


@router.post("/volunteers/new", response_class=HTMLResponse)
def create_volunteer(
    request: Request, session: SessionDep, login: BuilderDep, form: PostedFormDep, settings: SettingsDep,
    taxonomy: TaxonomyDep,
) -> Response:  # fmt: skip
    row = _create(request, session, login, form, settings, taxonomy, "volunteers")
    if isinstance(row, Response):
        return row
    return RedirectResponse(f"/volunteers/new?saved={row.person_ref}", status_code=303)


def _create(
    request: Request, session: Session, login: Login, form: FormData, settings: Settings, taxonomy: Taxonomy,
    kind: str,
) -> Any:  # fmt: skip
    """The stored record, or the form again with every mistake named (422)."""
    resource, form_kind = KINDS[kind][:2]
    state = state_from_form(form_kind, form)
    state["person_ref"] = state["person_ref"] or "r-" + secrets.token_hex(4)
    try:
        values, home = _checked(session, settings, form_kind, state)
        return crud.create(session, resource, login.principal, values, geometry=home, taxonomy=taxonomy)
    except InvalidInput as error:
        return _form(request, login, taxonomy, kind, state, error)


def _checked(session: Session, settings: Settings, kind: FormKind, state: dict) -> tuple[dict, BaseGeometry]:
    """The record's values and the resident's home; every mistake of both at once."""
    values, home = _each(lambda: checked_values(kind, state), lambda: _home(session, settings, state))
    return values, home


def _home(session: Session, settings: Settings, state: dict) -> BaseGeometry:
    """The resident's point, looked up as `GET /api/v1/geocode` does (the online fallback included, when set)."""
    postcode, number = _each(
        lambda: addresses.normalised_postcode(state["postcode"]),
        lambda: addresses.parsed_huisnummer(state["huisnummer"]),
    )
    letter, addition = state["huisletter"], state["toevoeging"]
    found = addresses.geocode(session, postcode, number, letter, addition, online_url=settings.geocoder_url,
                              timeout_s=settings.geocoder_timeout_s)  # fmt: skip
    if found is None:
        given = addresses.describe(postcode, number, letter, addition)
        raise InvalidInput.field("postcode", f"no address {given} is known here; check the postcode and the number")
    return point_from_position(found.lon, found.lat, field="postcode", crs=WGS84, region=settings.region_bbox)


def _each(*steps: Callable[[], Any]) -> list[Any]:
    """Every step's value; or, when any fails, InvalidInput naming the mistakes of all of them."""
    values, wrong = [], []
    for step in steps:
        try:
            values.append(step())
        except InvalidInput as error:
            wrong += error.invalid_params
    if wrong:
        raise InvalidInput("the form has mistakes", wrong)
    return values


def _blank(kind: FormKind) -> dict:
    return blank_state(kind) | {"mode": Mode.walk.value, "purpose": "matching", "legal_basis": LegalBasis.consent.value}


def _form(
    request: Request, login: Login, taxonomy: Taxonomy, kind: str, state: dict, error: InvalidInput | None = None,
    notice: str = "",
) -> HTMLResponse:  # fmt: skip
    _, _, title, themes_legend, slots_legend, submit = KINDS[kind]
    context = {
        "title": title, "kind": kind, "action": f"/{kind}/new", "v": state, "notice": notice,
        "errors": errors_by_field(error) if error else {},
        "themes_legend": themes_legend, "slots_legend": slots_legend, "submit": submit,
        "domains": choices.themes_by_domain(taxonomy),
        "modes": [mode.value for mode in Mode], "parts": [part.value for part in PartOfDay],
        "legal_bases": [basis.value for basis in LegalBasis], **choices.facet_choices(),
    }  # fmt: skip
    return page(request, "person_form.html", context, login=login, status_code=422 if error else 200)
