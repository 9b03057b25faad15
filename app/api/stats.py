"""Figures for planners per fixed area: /api/v1/stats. People only as protected counts."""

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from app.analysis.aggregates import AreaFigures
from app.api.deps import TaxonomyDep
from app.api.planning import FiguresDep, Level, scope_of
from app.errors import NotFound
from app.models.area import AreaCode

router = APIRouter(prefix="/stats", tags=["planners"])


class ScopeQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    theme: str | None = Field(None, description="A theme or life domain code; all themes when left out")


class AreasQuery(ScopeQuery):
    level: Level = Field("buurt", description="CBS level")
    parent: AreaCode | None = Field(None, description="Only the areas within this wijk or gemeente")


@router.get("/areas", summary="Figures per CBS area at one level, people counts protected")
def areas(
    query: Annotated[AreasQuery, Query()], table: FiguresDep, taxonomy: TaxonomyDep
) -> list[AreaFigures]:
    """Assets, offers, volunteers, open and matched needs per area. Counts of people are 0, a
    multiple of 5, or null when hidden (1-9, or what would reveal such a count); `suppressed`
    names the hidden fields."""
    return table.at(query.level, scope_of(query.theme, taxonomy), query.parent)


@router.get("/areas/{code}", summary="One area's figures")
def area(
    code: AreaCode,
    query: Annotated[ScopeQuery, Query()],
    table: FiguresDep,
    taxonomy: TaxonomyDep,
) -> AreaFigures:
    rows = table.areas[table.areas["code"] == code]
    if rows.empty:
        raise NotFound(f"no published area with code {code}")
    return table.of(next(rows.itertuples()), scope_of(query.theme, taxonomy))
