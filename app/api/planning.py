"""What the planners' routes share: the neighbourhood and its figures, for planners and up."""

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import Depends
from shapely.geometry.base import BaseGeometry

from app.analysis.aggregates import Figures, figures
from app.analysis.data import ALL, Neighbourhood
from app.api.deps import PrincipalDep, SessionDep, SettingsDep, TaxonomyDep
from app.api.matching import match_settings
from app.store import analysis
from app.store.access import PLANNERS, require_role
from app.taxonomy import Taxonomy

Level = Literal["gemeente", "wijk", "buurt"]


def _neighbourhood(session: SessionDep, principal: PrincipalDep, settings: SettingsDep) -> Neighbourhood:
    """Read for a planner, builder or admin only; computed per request from the stored data."""
    require_role(principal, PLANNERS, "figures per area")
    return analysis.neighbourhood(session, reach_m=match_settings(settings).reach_m, today=datetime.now(UTC).date())


NeighbourhoodDep = Annotated[Neighbourhood, Depends(_neighbourhood)]


def _figures(hood: NeighbourhoodDep, taxonomy: TaxonomyDep) -> Figures:
    return figures(hood, taxonomy)


FiguresDep = Annotated[Figures, Depends(_figures)]


def scope_of(theme: str | None, taxonomy: Taxonomy) -> str:
    """The scope a `theme` parameter names: a theme, a life domain, or every theme when left out."""
    return ALL if theme is None else taxonomy.check([theme], "theme")[0]


def shapes_of(hood: Neighbourhood, codes: list[str]) -> list[BaseGeometry]:
    """The polygons of the areas with these codes, in that order (WGS84)."""
    shapes = hood.areas.set_index("code").geometry
    return [shapes[code] for code in codes]
