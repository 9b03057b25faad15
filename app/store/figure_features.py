"""Planners' figures as feature collections: one per CBS level, each area with its protected counts.

Served beside the public collections (OGC API Features) to planners, builders and admins. A box
chooses which fixed areas come back; the counts stay those of whole areas, never of the box.
"""

from collections.abc import Callable, Mapping
from dataclasses import asdict
from datetime import date

from shapely import box
from sqlmodel import Session

from app.analysis.aggregates import Figures, figures
from app.errors import NotFound
from app.geo import BBox, extent_of
from app.store import analysis
from app.store.access import PLANNERS
from app.store.features import Collection, Feature, FeaturePage
from app.store.listing import ListQuery, bbox_of
from app.taxonomy import Taxonomy

LEVELS = ("buurt", "wijk", "gemeente")


def figure_collections(*, reach_m: Mapping[str, float], taxonomy: Taxonomy, today: date) -> dict[str, Collection]:
    """`figures-buurt`, `figures-wijk` and `figures-gemeente`, for planners and up.

    Made per request: the three share one computed table, so listing them computes it once.
    """
    computed: list[tuple[Figures, dict]] = []

    def table(session: Session) -> tuple[Figures, dict]:
        if not computed:
            hood = analysis.neighbourhood(session, reach_m=reach_m, today=today)
            computed.append((figures(hood, taxonomy), dict(zip(hood.areas["code"], hood.areas.geometry, strict=True))))
        return computed[0]

    return {f"figures-{level}": _collection(level, table) for level in LEVELS}


def _collection(level: str, table: Callable[[Session], tuple[Figures, dict]]) -> Collection:
    def features(session: Session, query: ListQuery | None = None) -> list[Feature]:
        found, shapes = table(session)
        chosen = [Feature(row.code, shapes[row.code], asdict(row)) for row in found.at(level)]
        if query is None or query.bbox is None:
            return chosen
        wanted = box(*bbox_of(query))
        return [feature for feature in chosen if feature.geometry.intersects(wanted)]

    def page(session: Session, query: ListQuery) -> FeaturePage:
        found = features(session, query)
        return FeaturePage(found[query.offset : query.offset + query.limit], len(found))

    def feature(session: Session, code: str) -> Feature:
        for found in features(session):
            if found.id == code:
                return found
        raise NotFound(f"no published {level} with code {code!r}")

    def extent(session: Session) -> BBox | None:
        return extent_of([found.geometry for found in features(session)])

    return Collection(
        id=f"figures-{level}",
        title=f"Figures per {level}",
        description=f"Each published {level} with its assets, offers, volunteers and needs (all themes). Counts "
        "of people are 0, a multiple of 5, or null when hidden (1-9, or what would reveal such a count).",
        page=page,
        feature=feature,
        extent=extent,
        readers=PLANNERS,
    )
