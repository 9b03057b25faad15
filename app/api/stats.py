"""Figures for planners per fixed area: /api/v1/stats. People only as protected counts."""

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from app.analysis.aggregates import AreaFigures, Figures, figures
from app.analysis.data import ALL
from app.api.deps import PrincipalDep, SessionDep, SettingsDep, TaxonomyDep
from app.api.matching import match_settings
from app.errors import NotFound
from app.models.area import AreaCode
from app.store import analysis
from app.store.access import PLANNERS, require_role

router = APIRouter(prefix="/stats", tags=["planners"])
Level = Literal["gemeente", "wijk", "buurt"]


class ScopeQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    theme: str | None = Field(None, description="A theme or life domain code; all themes when left out")


class AreasQuery(ScopeQuery):
    level: Level = Field("buurt", description="CBS level")
    parent: AreaCode | None = Field(None, description="Only the areas within this wijk or gemeente")


def planner_figures(session: SessionDep, principal: PrincipalDep, settings: SettingsDep, taxonomy: TaxonomyDep):
    """The whole table for a planner, builder or admin; computed per request from the stored data."""
    require_role(principal, PLANNERS, "figures per area")
    hood = analysis.neighbourhood(session, reach_m=match_settings(settings).reach_m, today=datetime.now(UTC).date())
    return figures(hood, taxonomy)


def scope_of(theme: str | None, taxonomy) -> str:
    return ALL if theme is None else taxonomy.check([theme], "theme")[0]


@router.get("/areas", summary="Figures per CBS area at one level, people counts protected")
def areas(
    query: Annotated[AreasQuery, Query()], table: Annotated[Figures, Depends(planner_figures)], taxonomy: TaxonomyDep
) -> list[AreaFigures]:
    """Assets, offers, volunteers, open and matched needs per area. Counts of people are 0, a
    multiple of 5, or null when hidden (1-9, or what would reveal such a count); `suppressed`
    names the hidden fields."""
    return table.at(query.level, scope_of(query.theme, taxonomy), query.parent)


@router.get("/areas/{code}", summary="One area's figures")
def area(
    code: AreaCode,
    query: Annotated[ScopeQuery, Query()],
    table: Annotated[Figures, Depends(planner_figures)],
    taxonomy: TaxonomyDep,
) -> AreaFigures:
    rows = table.areas[table.areas["code"] == code]
    if rows.empty:
        raise NotFound(f"no published area with code {code}")
    return table.of(next(rows.itertuples()), scope_of(query.theme, taxonomy))
