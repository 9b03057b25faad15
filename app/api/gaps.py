"""Where supply is missing, for planners: GET /api/v1/gaps."""

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from app.analysis.gaps import Gap, gaps
from app.api.deps import TaxonomyDep
from app.api.downloads import DOWNLOADS, FORMAT_HELP, Format, download_rows
from app.api.planning import FiguresDep, Level, NeighbourhoodDep, shapes_of
from app.taxonomy import Taxonomy

router = APIRouter(tags=["planners"])


class GapsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    theme: str | None = Field(None, description="A theme, or a life domain for each of its themes; all when left out")
    level: Level = Field("buurt", description="CBS level")
    needs_per_offer: float = Field(10.0, gt=0, le=10_000, description="More open needs per offer than this is a gap")
    limit: int = Field(100, ge=1, le=1000, description="How many gaps, worst first")
    f: Format = Field("json", description=FORMAT_HELP)


@router.get(
    "/gaps",
    summary="Areas x themes where needs find no offer within reach, worst first",
    response_model=list[Gap],
    responses=DOWNLOADS,
)
def list_gaps(
    query: Annotated[GapsQuery, Query()], hood: NeighbourhoodDep, table: FiguresDep, taxonomy: TaxonomyDep
) -> list[Gap] | Response:
    """A gap: open needs with no fitting offer within their reach, no offer of the theme in the
    area, or more open needs per offer than `needs_per_offer`. Counts of people are protected as
    in /api/v1/stats; each gap names the nearest existing offers of its theme."""
    themes = _themes(query.theme, taxonomy)
    found = gaps(hood, table, level=query.level, themes=themes, needs_per_offer=query.needs_per_offer)
    found = found[: query.limit]
    if query.f == "json":
        return found
    shapes = shapes_of(hood, [gap.code for gap in found])
    return download_rows(found, Gap, query.f, name=f"nabij-gaps-{query.level}", geometries=shapes)


def _themes(theme: str | None, taxonomy: Taxonomy) -> list[str]:
    if theme is None:
        return list(taxonomy.themes)
    return [code for code in taxonomy.expand(theme, "theme") if code in taxonomy.themes]
