"""The community builder's workbench: one need with its proposals, acting on them, and the buurt's open work."""

import uuid
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from app.analysis.signals import SignalRules, signals
from app.api.deps import SessionDep, SettingsDep, TaxonomyDep
from app.api.matching import match_settings
from app.config import Settings
from app.errors import Conflict, Forbidden, NotFound
from app.maps.page import bare_map
from app.models import Need
from app.models.audit import AuditAction
from app.models.match import NEXT, MatchStatus
from app.models.need import NeedStatus
from app.store import analysis, audit, crud, matches, resources, workbench
from app.store.access import EDITORS
from app.store.logins import Login
from app.taxonomy import Taxonomy
from app.web.i18n import language_of
from app.web.maps import proposals_map, require_map_scripts
from app.web.render import page
from app.web.session import PageLoginDep, PostedFormDep

router = APIRouter(tags=["pages"], include_in_schema=False)
PROPOSALS_SHOWN = 10


def _builder(login: PageLoginDep) -> Login:
    if login.principal.role not in EDITORS:
        raise Forbidden("the workbench is for community builders and admins")
    return login


BuilderDep = Annotated[Login, Depends(_builder)]


@router.get("/needs/{need_id}", response_class=HTMLResponse)
def need_page(
    request: Request, need_id: uuid.UUID, session: SessionDep, login: BuilderDep, settings: SettingsDep,
    taxonomy: TaxonomyDep,
) -> HTMLResponse:  # fmt: skip
    return _need_page(request, session, login, settings, taxonomy, _need(session, need_id))


@router.post("/needs/{need_id}/matches/{match_id}", response_class=HTMLResponse)
def act_on_proposal(
    request: Request, need_id: uuid.UUID, match_id: uuid.UUID, session: SessionDep, login: BuilderDep,
    form: PostedFormDep, settings: SettingsDep, taxonomy: TaxonomyDep,
) -> Response:  # fmt: skip
    need = _need(session, need_id)
    match = matches.get_match(session, match_id)
    if match.need_id != need.id:
        raise NotFound(f"no match with id {match_id} for this need")
    try:
        status = MatchStatus(str(form.get("status", "")))
        matches.change_status(session, match, status, str(form.get("note", ""))[:4000])
        _logged(session, login, AuditAction.update, "matches", match.id, need)
    except (ValueError, Conflict) as error:
        message = getattr(error, "detail", f"status: {form.get('status')!r} is not a step a proposal can take")
        return _need_page(request, session, login, settings, taxonomy, need, message)
    return RedirectResponse(f"/needs/{need_id}?done=saved#match-{match_id}", status_code=303)


@router.post("/needs/{need_id}/close")
def close_need(
    need_id: uuid.UUID, session: SessionDep, login: BuilderDep, form: PostedFormDep, taxonomy: TaxonomyDep
) -> Response:
    need = _need(session, need_id)
    values = {"status": NeedStatus.closed.value}
    crud.update(session, resources.NEEDS, login.principal, need, values, taxonomy=taxonomy)
    _logged(session, login, AuditAction.update, "needs", need.id, need)
    return RedirectResponse(f"/needs/{need_id}?done=closed", status_code=303)


@router.get("/buurt", response_class=HTMLResponse)
def buurt_page(
    request: Request, session: SessionDep, login: BuilderDep, settings: SettingsDep, taxonomy: TaxonomyDep,
    code: str = "",
) -> HTMLResponse:  # fmt: skip
    """Open needs by status and age, introductions waiting for a follow-up, and the buurt's collective signals."""
    areas = workbench.buurten(session)
    chosen = next((area for area in areas if area.code == code), areas[0] if areas else None)
    context: dict[str, object] = {
        "title": "my_buurt",
        "areas": areas,
        "chosen": chosen,
        "follow_up_days": settings.follow_up_days,
    }
    if chosen is not None:
        now = datetime.now(UTC)
        context |= {
            "needs": workbench.open_needs(session, chosen.code),
            "follow_ups": workbench.waiting_for_follow_up(session, chosen.code, days=settings.follow_up_days, now=now),
            "signals": _signals_in(session, settings, chosen.code, now),
            "today": now.date(),
        }
    return page(request, "buurt.html", context | {"labels": _labels(request, taxonomy)}, login=login)


def _need(session: Session, need_id: uuid.UUID) -> Need:
    need = session.get(Need, need_id)
    if need is None:
        raise NotFound(f"no need with id {need_id}")
    return need


def _need_page(
    request: Request, session: Session, login: Login, settings: Settings, taxonomy: Taxonomy, need: Need,
    error: str = "",
) -> HTMLResponse:  # fmt: skip
    require_map_scripts()
    engine = match_settings(settings)
    ranked = matches.match_need(
        session, need.id, settings=engine, taxonomy=taxonomy, today=date.today(), limit=PROPOSALS_SHOWN
    )
    m, _ = proposals_map(session, need, ranked, settings)
    _logged(session, login, AuditAction.read, "need_pages", need.id, need)
    context = {
        "title": "need",
        "need": need,
        "ranked": ranked,
        "next_steps": {status.value: sorted(step.value for step in steps) for status, steps in NEXT.items()},
        "map_html": bare_map(m, "Kaart met voorstellen"),
        "labels": _labels(request, taxonomy),
        "reach_m": need.radius_m or engine.reach_m[need.mode],
        "error": error,
        "notice": request.query_params.get("done", ""),
        "age_days": (date.today() - need.created_at.date()).days,
    }
    return page(request, "need.html", context, login=login, status_code=409 if error else 200)


def _logged(
    session: Session, login: Login, action: AuditAction, resource: str, record_id: uuid.UUID, need: Need
) -> None:
    """Into the access log: which account did what to which record, for the need's purpose."""
    audit.record(session, action, resource, by=login.principal, record_id=record_id, purpose=need.purpose)


def _signals_in(session: Session, settings: Settings, area_code: str, now: datetime) -> list:
    hood = analysis.neighbourhood(session, reach_m=match_settings(settings).reach_m, today=now.date())
    return [
        signal for signal in signals(hood, rules=SignalRules(), now=now, exact=True) if signal.area_code == area_code
    ]


def _labels(request: Request, taxonomy: Taxonomy) -> dict[str, str]:
    """Theme and domain codes in the page's language."""
    english = language_of(request) == "en"
    return {
        code: theme.label_en if english else theme.label_nl
        for code, theme in (taxonomy.themes | taxonomy.domains).items()
    }
