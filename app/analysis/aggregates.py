"""Figures per fixed area (CBS gemeente, wijk, buurt) and scope, people counts protected.

Every request computes the whole table, all levels and scopes, so that the hidden cells are the
same whichever level or theme is asked: a wijk's total cannot reveal a buurt hidden elsewhere.
"""

from dataclasses import dataclass, field

import pandas as pd

from app.analysis.counting import PEOPLE, counted, distance_or_none, groups, medians, need_rows, scoped
from app.analysis.data import ALL, Neighbourhood
from app.analysis.membership import area_members
from app.analysis.protection import Protected, protect
from app.taxonomy import Taxonomy


@dataclass(frozen=True)
class AreaFigures:
    """One area's figures in one scope; people counts are multiples of 5, 0, or None when hidden."""

    code: str
    name: str
    level: str
    parent_code: str | None
    assets: int
    assets_by_type: dict[str, int]
    assets_by_support_level: dict[str, int]
    offers: int
    volunteers: int | None
    needs_open: int | None
    needs_matched: int | None
    needs_within_reach: int | None
    needs_unmet: int | None
    share_within_reach: float | None  # from the published counts, never from hidden ones
    median_distance_m: int | None  # open needs to the nearest supply of their theme
    suppressed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Figures:
    """The whole table: things counted exactly, people counts protected."""

    areas: pd.DataFrame
    things: dict[tuple[str, str], dict[str, int]]  # (code, scope) -> measure -> count
    people: Protected
    distances: dict[tuple[str, str], float]

    def at(self, level: str, scope: str = ALL, parent_code: str | None = None) -> list[AreaFigures]:
        """The figures of the areas of one level (within one parent, if given), by code."""
        return [self.of(area, scope) for area in self.areas_at(level, parent_code)]

    def areas_at(self, level: str, parent_code: str | None = None) -> list:
        """The areas of one level (within one parent, if given) as rows, by code."""
        chosen = self.areas[self.areas["level"] == level]
        if parent_code is not None:
            chosen = chosen[chosen["parent_code"] == parent_code]
        return list(chosen.sort_values("code").itertuples())

    def of(self, area, scope: str) -> AreaFigures:
        code = area.code
        people = {measure: self.people[(code, measure, scope)] for measure in PEOPLE}
        things = self.things.get((code, scope), {})
        open_, within = people["needs_open"], people["needs_within_reach"]
        share = round(within / open_, 2) if open_ and within is not None else None
        distance = distance_or_none(self.distances.get((code, scope))) if open_ else None
        return AreaFigures(
            code=code, name=area.name, level=area.level,
            parent_code=area.parent_code if isinstance(area.parent_code, str) else None,
            assets=things.get("assets", 0), assets_by_type=_prefixed(things, "type:"),
            assets_by_support_level=_prefixed(things, "level:"), offers=things.get("offers", 0),
            share_within_reach=share, median_distance_m=distance,
            suppressed=[measure for measure, count in people.items() if count is None], **people,
        )  # fmt: skip


def _prefixed(things: dict[str, int], prefix: str) -> dict[str, int]:
    chosen = sorted(measure for measure in things if measure.startswith(prefix))
    return {measure.removeprefix(prefix): things[measure] for measure in chosen}


def figures(hood: Neighbourhood, taxonomy: Taxonomy) -> Figures:
    """Count everything in the neighbourhood per area and scope, then protect the people counts."""
    needs = need_rows(hood, taxonomy)
    need_members = area_members(hood.needs, hood.areas)
    people = counted(needs, need_members, ["needs_open", "needs_within_reach", "needs_unmet", "needs_matched"])
    volunteers = scoped(hood.volunteers, taxonomy).assign(volunteers=1)
    people |= counted(volunteers, area_members(hood.volunteers, hood.areas), ["volunteers"])
    return Figures(
        areas=hood.areas.drop(columns="geometry"),
        things=_things(hood, taxonomy),
        people=protect(people, groups(people, hood, taxonomy)),
        distances=medians(needs, need_members),
    )


def _things(hood: Neighbourhood, taxonomy: Taxonomy) -> dict[tuple[str, str], dict[str, int]]:
    """Assets (by type and support level) and offers: places, not people, so counted exactly."""
    assets = hood.assets.reset_index(drop=True)
    kinds = pd.get_dummies(assets["asset_type"], prefix="type", prefix_sep=":", dtype=int)
    levels = pd.get_dummies(assets["support_level"], prefix="level", prefix_sep=":", dtype=int)
    assets = pd.concat([assets, kinds, levels], axis=1).assign(assets=1)
    measures = ["assets", *kinds.columns, *levels.columns]
    cells = counted(scoped(assets, taxonomy), area_members(assets, hood.areas), measures)
    offers = scoped(hood.offers, taxonomy).assign(offers=1)
    cells |= counted(offers, area_members(hood.offers, hood.areas), ["offers"])
    by_area: dict[tuple[str, str], dict[str, int]] = {}
    for (code, measure, scope), count in cells.items():
        by_area.setdefault((code, scope), {})[measure] = count
    return by_area
