"""Where supply is missing: areas x themes with needs out of reach of any fitting offer, or too
many needs per offer, ranked, each with the nearest offers of the theme that do exist.

Only published figures decide what is a gap and in which order, so a gap's presence or rank
reveals nothing that a hidden count hides. A hidden count of unmet needs ranks as 5, the middle
of 1-9.
"""

import math
from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from app.analysis.aggregates import Figures
from app.analysis.counting import distance_or_none
from app.analysis.data import Neighbourhood, with_metres

HIDDEN_RANKS_AS = 5
NEAREST = 3


@dataclass(frozen=True)
class NearbyOffer:
    id: str
    title: str
    asset_id: str
    asset_name: str
    distance_m: int | None  # from the area's centre, metres


@dataclass(frozen=True)
class Gap:
    code: str
    name: str
    level: str
    theme: str
    needs_open: int | None
    needs_unmet: int | None
    offers: int
    needs_per_offer: float | None  # published open needs per offer in the area; None without offers
    reasons: list[str]
    nearest_offers: list[NearbyOffer]


def gaps(hood: Neighbourhood, table: Figures, *, level: str, themes: list[str], needs_per_offer: float) -> list[Gap]:
    """The gaps at one level for the given themes, worst first; `needs_per_offer` is the threshold."""
    found = []
    areas = table.areas_at(level)
    for theme in themes:
        for figures in (table.of(area, theme) for area in areas):
            ratio = figures.needs_open / figures.offers if figures.offers and figures.needs_open else None
            reasons = _reasons(figures.needs_unmet, figures.needs_open, figures.offers, ratio, needs_per_offer)
            if reasons:
                found.append(Gap(
                    code=figures.code, name=figures.name, level=level, theme=theme, needs_open=figures.needs_open,
                    needs_unmet=figures.needs_unmet, offers=figures.offers,
                    needs_per_offer=None if ratio is None else round(ratio, 1), reasons=reasons, nearest_offers=[],
                ))  # fmt: skip
    found.sort(key=_badness)
    return _with_nearest_offers(found, hood)


def _reasons(unmet: int | None, open_: int | None, offers: int, ratio: float | None, threshold: float) -> list[str]:
    reasons = []
    if unmet is None or unmet > 0:
        reasons.append("needs without a fitting offer within reach")
    if _has_needs(open_) and not offers:
        reasons.append("no offer of this theme in the area")
    elif ratio is not None and ratio > threshold:
        reasons.append(f"more than {threshold:g} open needs per offer")
    return reasons


def _has_needs(published: int | None) -> bool:
    """A hidden count is never zero: only counts of 1-9 and what reveals them hide."""
    return published is None or published > 0


def _badness(gap: Gap) -> tuple:
    unmet = HIDDEN_RANKS_AS if gap.needs_unmet is None else gap.needs_unmet
    if gap.needs_per_offer is not None:
        ratio = gap.needs_per_offer
    else:
        ratio = math.inf if _has_needs(gap.needs_open) and not gap.offers else 0.0
    return (-unmet, -ratio, gap.theme, gap.code)


def _with_nearest_offers(found: list[Gap], hood: Neighbourhood) -> list[Gap]:
    """Each gap with the offers of its theme nearest to its area's centre, at any distance."""
    if not found:
        return found
    centres = _centres(hood.areas)
    gaps_of: dict[str, list[int]] = {}
    for number, gap in enumerate(found):
        gaps_of.setdefault(gap.theme, []).append(number)
    offers = with_metres(hood.offers.reset_index(drop=True)).explode("themes").dropna(subset=["themes"])
    nearest: dict[int, list[NearbyOffer]] = {}
    for theme, rows in offers[offers["themes"].isin(list(gaps_of))].groupby("themes"):
        numbers = gaps_of[str(theme)]
        points = [centres[found[number].code] for number in numbers]
        nearest |= dict(zip(numbers, _nearest(rows, points), strict=True))
    return [replace(gap, nearest_offers=nearest.get(number, [])) for number, gap in enumerate(found)]


def _nearest(offers: pd.DataFrame, centres: list[tuple[float, float]]) -> list[list[NearbyOffer]]:
    """For each centre, the `NEAREST` offers closest to it (metres, RD New)."""
    k = min(NEAREST, len(offers))
    distances, positions = cKDTree(offers[["x", "y"]].to_numpy()).query(centres, k=k)
    distances, positions = np.reshape(distances, (len(centres), k)), np.reshape(positions, (len(centres), k))
    ids, titles, assets, names = (offers[c].astype(str).tolist() for c in ("id", "title", "asset_id", "asset_name"))
    return [
        [NearbyOffer(ids[p], titles[p], assets[p], names[p], distance_or_none(d)) for d, p in zip(ds, ps, strict=True)]
        for ds, ps in zip(distances.tolist(), positions.tolist(), strict=True)
    ]


def _centres(areas: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    """Each area's representative point (inside it) in RD New metres."""
    points = areas.set_index("code").geometry.representative_point().to_crs("EPSG:28992")
    return {code: (point.x, point.y) for code, point in points.items()}
