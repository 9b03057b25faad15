"""Figures for planners per fixed area: /api/v1/stats. People only as protected counts."""

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from app.analysis.aggregates import AreaFigures
from app.api.deps import TaxonomyDep
from app.api.downloads import DOWNLOADS, FORMAT_HELP, Format, download_rows
from app.api.planning import FiguresDep, Level, NeighbourhoodDep, scope_of, shapes_of
from app.errors import NotFound
from app.models.area import AreaCode

router = APIRouter(prefix="/stats", tags=["planners"])


class ScopeQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    theme: str | None = Field(None, description="A theme or life domain code; all themes when left out")


class AreasQuery(ScopeQuery):
    level: Level = Field("buurt", description="CBS level")
    parent: AreaCode | None = Field(None, description="Only the areas within this wijk or gemeente")
    f: Format = Field("json", description=FORMAT_HELP)


@router.get(
    "/areas",
    summary="Figures per CBS area at one level, people counts protected",
    response_model=list[AreaFigures],
    responses=DOWNLOADS,
)
def areas(
    query: Annotated[AreasQuery, Query()], table: FiguresDep, hood: NeighbourhoodDep, taxonomy: TaxonomyDep
) -> list[AreaFigures] | Response:
    """Assets, offers, volunteers, open and matched needs per area. Counts of people are 0, a
    multiple of 5, or null when hidden (1-9, or what would reveal such a count); `suppressed`
    names the hidden fields."""
    rows = table.at(query.level, scope_of(query.theme, taxonomy), query.parent)
    if query.f == "json":
        return rows
    shapes = shapes_of(hood, [row.code for row in rows])
    return download_rows(rows, AreaFigures, query.f, name=f"nabij-{query.level}", geometries=shapes)


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
