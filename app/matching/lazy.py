"""Propose from sketches: read a candidate's details only when it could still rank.

A sketch is what an index gives cheaply: id, place, position, support level and themes. Every
cost factor is a penalty (at least 1), so a sketch's cost is at least
    max(distance, min_distance) * level_step ** (cascade step - 1) * (domain_fit_factor if by domain)
Sketches are loaded in order of that bound, in growing batches (half as many again as `limit`
first, then twice as many each time), until the last of the `limit` best proposals costs less
than the next unloaded bound. Places that could be a kastje (their sketches answer two or more
of the need's themes) are always loaded. The result equals `propose(need, present + all loaded)`;
each candidate is assessed once.
"""

import heapq
import math
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import NamedTuple

from app.matching.constraints import fitting_themes, reach_m
from app.matching.data import CASCADE, Candidate, MatchSettings, Need, Proposals
from app.matching.engine import Assessed, assess, ranked


class Sketch(NamedTuple):
    """An offer as a catalogue knows it cheaply; `Candidate` holds the rest.

    `id` is what `load` takes (a tuple, not a dataclass: a need's box holds a hundred or more).
    """

    id: uuid.UUID
    asset_id: uuid.UUID
    x: float
    y: float
    support_level: str
    themes: frozenset[str]


def propose_lazily(
    need: Need,
    present: list[Candidate],
    sketches: Iterable[Sketch],
    load: Callable[[list[uuid.UUID]], list[Candidate]],
    *,
    today: date,
    settings: MatchSettings = MatchSettings(),
    labels: Mapping[str, str] | None = None,
    limit: int = 10,
) -> Proposals:
    """`propose` over `present` and the sketches' candidates, loading as few of those as it can."""
    sketches = list(sketches)
    queue = _queue(need, sketches, settings)
    always = _possible_kastjes(need, sketches)
    assessed = assess(need, present + load(sorted(always)), today, settings)
    queue = [entry for entry in queue if entry[1] not in always]
    taken, size = 0, limit + limit // 2
    while taken < len(queue) and not _settled(assessed, queue[taken][0], limit):
        assessed += assess(need, load([entry[1] for entry in queue[taken : taken + size]]), today, settings)
        taken, size = taken + size, size * 2
    return ranked(need, assessed, labels=labels, limit=limit)


def _queue(need: Need, sketches: list[Sketch], settings: MatchSettings) -> list[tuple[float, uuid.UUID]]:
    """(bound, id) of each sketch that could be proposed, the least bound first (ties by id).

    The bound is the least the sketch can cost, multiplied in the engine's order.
    """
    if need.mode == "home":
        return []
    reach = reach_m(need, settings)
    per_level = {level: settings.level_step ** (step - 1) for step, level in enumerate(CASCADE)}
    fits: dict[frozenset[str], float | None] = {}  # many sketches share their themes
    queue = []
    for sketch in sketches:
        distance = math.hypot(sketch.x - need.x, sketch.y - need.y)
        if distance > reach:
            continue
        if sketch.themes not in fits:
            fits[sketch.themes] = _fit_factor(need, sketch.themes, settings)
        if (fit := fits[sketch.themes]) is None:
            continue
        bound = max(distance, settings.min_distance_m) * per_level[sketch.support_level]
        queue.append((bound if fit == 1 else bound * fit, sketch.id))
    return sorted(queue)


def _fit_factor(need: Need, themes: frozenset[str], settings: MatchSettings) -> float | None:
    """1 for an exact theme fit, the domain factor for a fit by life domain, None for none."""
    fit = fitting_themes(need, themes)
    return None if fit is None else 1 if fit[1] else settings.domain_fit_factor


def _possible_kastjes(need: Need, sketches: list[Sketch]) -> set[uuid.UUID]:
    """Offers at places whose offers together answer two or more of the need's themes."""
    if len(need.themes) < 2:
        return set()
    answered: dict[uuid.UUID, set[str]] = defaultdict(set)
    for sketch in sketches:
        fit = fitting_themes(need, sketch.themes)
        if fit is not None:
            answered[sketch.asset_id] |= set(fit[0])
    places = {asset_id for asset_id, themes in answered.items() if len(themes) > 1}
    return {sketch.id for sketch in sketches if sketch.asset_id in places}


def _settled(assessed: list[Assessed], next_bound: float, limit: int) -> bool:
    """No unloaded sketch, costing at least `next_bound`, can enter the best `limit`."""
    if len(assessed) < limit:
        return False
    return heapq.nsmallest(limit, (item.key[0] for item in assessed))[-1] < next_bound
