"""Propose from sketches: read a candidate's details only when it could still rank.

A sketch is what an index gives cheaply: id, place, position, support level and themes. Every
cost factor is a penalty (at least 1), so a sketch's cost is at least
    max(distance, min_distance) * level_step ** (cascade step - 1) * (domain_fit_factor if by domain)
Sketches are loaded in order of that bound, in growing batches (half as many again as `limit`
first, then twice as many each time), until the last of the `limit` best proposals costs less
than the next unloaded bound. Places that could be a kastje (their
sketches answer two or more of the need's themes) are always loaded. The result equals
`propose(need, present + all loaded)`.
"""

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import date
from typing import NamedTuple

from app.matching.constraints import fitting_themes, reach_m
from app.matching.data import CASCADE, Candidate, MatchSettings, Need, Proposals
from app.matching.engine import propose, ranking_keys


class Sketch(NamedTuple):
    """An offer as the index knows it; `Candidate` holds the rest.

    `id` is what `load` takes, `asset_id` tells places apart: a store may hand either over as
    it reads it (a tuple, not a dataclass: a need's box holds a hundred or more).
    """

    id: Hashable
    asset_id: Hashable
    x: float
    y: float
    support_level: str
    themes: frozenset[str]


def propose_lazily(
    need: Need,
    present: list[Candidate],
    sketches: Iterable[Sketch],
    load: Callable[[list[Hashable]], list[Candidate]],
    *,
    today: date,
    settings: MatchSettings = MatchSettings(),
    labels: Mapping[str, str] | None = None,
    limit: int = 10,
) -> Proposals:
    """`propose` over `present` and the sketches' candidates, loading as few of those as it can."""
    sketches = list(sketches)
    queue = sorted(
        (bound, str(sketch.id), sketch.id)
        for sketch in sketches
        if (bound := _bound(need, sketch, settings)) is not None
    )
    always = _possible_kastjes(need, sketches)
    candidates = present + load(sorted(always, key=str))
    queue = [entry for entry in queue if entry[2] not in always]
    taken, size = 0, limit + limit // 2
    while taken < len(queue) and not _settled(need, candidates, queue[taken][0], today, settings, limit):
        candidates += load([entry[2] for entry in queue[taken : taken + size]])
        taken, size = taken + size, size * 2
    return propose(need, candidates, today=today, settings=settings, labels=labels, limit=limit)


def _bound(need: Need, sketch: Sketch, settings: MatchSettings) -> float | None:
    """The least the sketch can cost, or None when it can never be proposed."""
    distance = math.hypot(sketch.x - need.x, sketch.y - need.y)
    if need.mode == "home" or distance > reach_m(need, settings):
        return None
    fit = fitting_themes(need, sketch.themes)
    if fit is None:
        return None
    step = CASCADE.index(sketch.support_level) - 1
    cost = max(distance, settings.min_distance_m) * settings.level_step**step
    return cost if fit[1] else cost * settings.domain_fit_factor


def _possible_kastjes(need: Need, sketches: list[Sketch]) -> set[Hashable]:
    """Offers at places whose offers together answer two or more of the need's themes."""
    if len(need.themes) < 2:
        return set()
    answered: dict[Hashable, set[str]] = defaultdict(set)
    for sketch in sketches:
        fit = fitting_themes(need, sketch.themes)
        if fit is not None:
            answered[sketch.asset_id] |= set(fit[0])
    places = {asset_id for asset_id, themes in answered.items() if len(themes) > 1}
    return {sketch.id for sketch in sketches if sketch.asset_id in places}


def _settled(
    need: Need, candidates: list[Candidate], next_bound: float, today: date, settings: MatchSettings, limit: int
) -> bool:
    """No unloaded sketch, costing at least `next_bound`, can enter the best `limit`."""
    costs = sorted(key[0] for key in ranking_keys(need, candidates, today, settings))
    return len(costs) >= limit and costs[limit - 1] < next_bound
