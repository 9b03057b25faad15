"""Matching routes: a need's ranked proposals, their lifecycle, and batch runs per area."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.api.bearer import Unchecked
from app.api.deps import AuditDep, Auditor, PrincipalDep, Purpose, SessionDep, SettingsDep, TaxonomyDep
from app.config import Settings
from app.db import Database
from app.errors import NotFound
from app.matching import MatchSettings, Proposal
from app.models import Match, MatchRun
from app.models import Need as NeedRow
from app.models.area import AreaCode
from app.models.audit import AuditAction
from app.models.match import MatchStatusChange
from app.store import matches
from app.store.access import EDITORS, require_role
from app.store.auth import Principal
from app.taxonomy import Taxonomy

router = APIRouter(tags=["matching"])
# The look at a need's matches, included by the app first of all (`app.main`): each router FastAPI
# walks to find a route costs a request time, and this route is the one asked most.
look_router = APIRouter(prefix="/api/v1", tags=["matching"])
Limit = Annotated[int, Query(ge=1, le=50, description="How many proposals, best first")]


class RunRequest(BaseModel):
    """Either a CBS area code or a box (west, south, east, north in WGS84), not both."""

    model_config = ConfigDict(extra="forbid")
    area: AreaCode | None = None
    bbox: tuple[float, float, float, float] | None = Field(None, examples=[[6.18, 52.12, 6.22, 52.15]])
    limit: int = Field(10, ge=1, le=50)

    @model_validator(mode="after")
    def _one_place(self) -> "RunRequest":
        if (self.area is None) == (self.bbox is None):
            raise ValueError("give either area or bbox")
        if self.bbox is not None and not (self.bbox[0] < self.bbox[2] and self.bbox[1] < self.bbox[3]):
            raise ValueError("bbox is west, south, east, north with west < east and south < north")
        return self


def match_settings(settings: Settings) -> MatchSettings:
    reach = {"walk": settings.reach_walk_m, "bike": settings.reach_bike_m, "car": settings.reach_car_m}
    return MatchSettings(
        reach_m={**reach, "home": settings.reach_walk_m},
        level_step=settings.level_step,
        stale_after_days=settings.stale_after_days,
    )


def _builders_only(principal: Principal) -> None:
    require_role(principal, EDITORS, "personal data")


def _today() -> datetime:
    return datetime.now(UTC)


def _match_out(match: Match) -> dict:
    return {
        "id": str(match.id),
        "rank": match.rank,
        "kind": "offer" if match.offer_id else "volunteer",
        "offer_id": str(match.offer_id) if match.offer_id else None,
        "volunteer_id": str(match.volunteer_id) if match.volunteer_id else None,
        "distance_m": match.distance_m,
        "score": match.score,
        "reasons": match.reasons,
        "status": match.status,
        "note": match.note,
    }


def _proposal_out(kept: matches.Kept, proposal: Proposal) -> dict:
    candidate = proposal.candidate
    is_offer = candidate.kind == "offer"
    return {
        "id": str(kept.id),
        "rank": proposal.rank,
        "kind": candidate.kind,
        "offer_id": str(candidate.id) if is_offer else None,
        "volunteer_id": None if is_offer else str(candidate.id),
        "distance_m": proposal.distance_m,
        "score": proposal.score,
        "reasons": list(proposal.reasons),
        "status": kept.status,
        "note": kept.note,
        "asset_id": str(candidate.asset_id) if candidate.asset_id else None,
        "name": candidate.place_name,
        "support_level": candidate.support_level,
        "themes": list(proposal.themes),
    }


def _need(need_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> NeedRow:
    """The need named in the path, for builders and admins (401 or 403 for others); 404 if none."""
    _builders_only(principal)
    row = session.get(NeedRow, need_id)
    if row is None:
        raise NotFound(f"no need with id {need_id}")
    return row


NeedDep = Annotated[NeedRow, Depends(_need)]


# The hot path of the service, so it costs one trip to the thread pool, not one per dependency: the token
# is checked, the need read, ranked, kept and logged in one transaction there (`app.api.bearer`), committed
# before the answer leaves. The answer is made of plain values and sent as is: a response model or FastAPI's
# encoder would cost more than the JSON. What the app holds is read from the request, not from four
# dependencies: solving them cost half a millisecond.
@look_router.get("/needs/{need_id}/matches", summary="A need's proposals, ranked, with reasons", response_model=None)
async def need_matches(
    need_id: uuid.UUID, request: Request, purpose: Purpose = None, limit: Limit = 10
) -> JSONResponse:
    app = request.app.state
    look = Look(need_id, request.state.unchecked, purpose, match_settings(app.settings), app.taxonomy, limit)
    return JSONResponse(await run_in_threadpool(_ranked_answer, app.database, look))


@dataclass(frozen=True)
class Look:
    """One look at a need's matches: which need, who asks (their token not yet checked) and why, how to rank."""

    need_id: uuid.UUID
    caller: Unchecked
    purpose: str | None
    settings: MatchSettings
    taxonomy: Taxonomy
    limit: int


def _ranked_answer(database: Database, look: Look) -> dict:
    """The answer to a look: its caller checked, its matches kept and its access-log entry written in one
    transaction. An unknown or revoked token is refused once that transaction has ended."""
    with database.session() as session:
        principal = look.caller.principal(session.connection())
        if principal is not None:
            return _answer(session, principal, look)
    look.caller.refuse(database)


def _answer(session: Session, principal: Principal, look: Look) -> dict:
    """The look's answer, for a caller whose token is known."""
    _builders_only(principal)
    ranked = matches.match_need(
        session, look.need_id, settings=look.settings, taxonomy=look.taxonomy, today=_today().date(), limit=look.limit
    )
    need = ranked.need
    audit = Auditor(session, principal, look.purpose)
    audit(AuditAction.read, "need_matches", need.id, count=len(ranked.matches), purpose=need.purpose)
    return {
        "need_id": str(need.id),
        "matches": [_proposal_out(kept, proposal) for kept, proposal in ranked.matches],
        "kastjes": [
            {"asset_id": str(k.asset_id), "name": k.place_name, "themes": list(k.themes)}
            for k in ranked.proposals.kastjes
        ],
    }


@router.get("/matches/{match_id}", summary="One match")
def read_match(match_id: uuid.UUID, session: SessionDep, principal: PrincipalDep, audit: AuditDep) -> dict:
    _builders_only(principal)
    match = matches.get_match(session, match_id)
    audit(AuditAction.read, "matches", match_id)
    return _match_out(match)


@router.patch("/matches/{match_id}", summary="Move a match along: introduced, met, continuing, did not fit")
def change_match(
    match_id: uuid.UUID, body: MatchStatusChange, session: SessionDep, principal: PrincipalDep, audit: AuditDep
) -> dict:
    _builders_only(principal)
    match = matches.change_status(session, matches.get_match(session, match_id), body.status, body.note)
    audit(AuditAction.update, "matches", match_id)
    return _match_out(match)


def _run_out(run: MatchRun) -> dict:
    return run.model_dump(mode="json")


@router.post("/matching/runs", status_code=201, summary="Match every open need in an area or box")
def start_run(
    body: RunRequest,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    taxonomy: TaxonomyDep,
    audit: AuditDep,
) -> dict:
    _builders_only(principal)
    run = matches.run_area(
        session,
        area_code=body.area,
        bbox=body.bbox,
        requested_by=principal.token_id,
        settings=match_settings(settings),
        taxonomy=taxonomy,
        today=_today().date(),
        limit=body.limit,
    )
    audit(AuditAction.read, "matching_runs", run.id, count=run.needs)  # every open need in the area was read
    return _run_out(run)


@router.get("/matching/runs/{run_id}", summary="A batch run's summary")
def read_run(run_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> dict:
    _builders_only(principal)
    run = session.get(MatchRun, run_id)
    if run is None:
        raise NotFound(f"no matching run with id {run_id}")
    return _run_out(run)
