"""Collective signals for planners and builders: GET /api/v1/signals; builders mark them taken up."""

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from shapely.geometry import Point

from app.analysis.signals import Signal, SignalRules, signals
from app.api.deps import PrincipalDep, SessionDep, TaxonomyDep
from app.api.downloads import DOWNLOADS, FORMAT_HELP, Format, download_rows
from app.api.planning import NeighbourhoodDep
from app.models.signal import SignalMark, SignalMarkIn, SignalStatus
from app.store import signals as store
from app.store.access import EDITORS, require_role

router = APIRouter(prefix="/signals", tags=["planners"])


class SignalsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    theme: str | None = Field(None, description="Only this theme, or the themes of this life domain")
    window_days: int = Field(90, ge=1, le=3650, description="Needs registered within this many days")
    min_residents: int = Field(10, ge=2, le=1000, description="Residents a cluster needs to be a signal")
    link_m: float = Field(500, ge=50, le=5000, description="Needs this near each other (metres) cluster")
    nearby_m: float = Field(1000, ge=100, le=20000, description="Volunteers and offers counted this near (metres)")
    status: SignalStatus | None = Field(None, description="Only open signals, or only those taken up")
    f: Format = Field("json", description=FORMAT_HELP)


class SignalOut(BaseModel):
    area_code: str
    area_name: str
    theme: str
    lon: float = Field(description="The buurt's centre, never a resident's position")
    lat: float
    residents: int | None = Field(description="Exact for builders; for planners 0, a multiple of 5, or null")
    needs: int | None
    volunteers_nearby: int | None
    offers_nearby: int
    status: SignalStatus
    note: str
    marked_at: datetime | None


@router.get(
    "",
    summary="Clusters of similar unmatched needs that ask for a collective approach",
    response_model=list[SignalOut],
    responses=DOWNLOADS,
)
def list_signals(
    query: Annotated[SignalsQuery, Query()],
    hood: NeighbourhoodDep,
    session: SessionDep,
    principal: PrincipalDep,
    taxonomy: TaxonomyDep,
) -> list[SignalOut] | Response:
    """Open needs without an introduction, near each other, of one theme, from at least
    `min_residents` residents within `window_days`: one signal per buurt and theme."""
    themes = None if query.theme is None else set(taxonomy.expand(query.theme, "theme"))
    rules = SignalRules(query.window_days, query.min_residents, query.link_m, query.nearby_m)
    exact = principal.role in EDITORS  # builders see people anyway; planners see protected counts
    found = signals(hood, rules=rules, now=datetime.now(UTC), exact=exact)
    marks = store.marks(session)
    out = [_out(signal, marks.get((signal.area_code, signal.theme))) for signal in found]
    chosen = [s for s in out if (themes is None or s.theme in themes) and query.status in (None, s.status)]
    if query.f == "json":
        return chosen
    points = [Point(signal.lon, signal.lat) for signal in chosen]
    return download_rows(chosen, SignalOut, query.f, name="nabij-signals", geometries=points)


def _out(signal: Signal, mark: SignalMark | None) -> SignalOut:
    if mark is None:
        return SignalOut(**asdict(signal), status=SignalStatus.open, note="", marked_at=None)
    return SignalOut(**asdict(signal), status=SignalStatus(mark.status), note=mark.note, marked_at=mark.updated_at)


class MarkOut(BaseModel):
    area_code: str
    theme: str
    status: SignalStatus
    note: str
    marked_at: datetime


@router.post("/status", summary="Mark a buurt's signal for a theme taken up (or open again)")
def mark_signal(body: SignalMarkIn, session: SessionDep, principal: PrincipalDep, taxonomy: TaxonomyDep) -> MarkOut:
    require_role(principal, EDITORS, "marking signals")
    row = store.mark(session, principal, body, taxonomy)
    status = SignalStatus(row.status)
    return MarkOut(area_code=row.area_code, theme=row.theme, status=status, note=row.note, marked_at=row.updated_at)
