"""Many needs at once: the engine's ranking rules over columns, k-d trees per theme.

For each theme, k-d trees over the offers (one per cheap step of the cascade, one for the dear
steps together; or one for every step, where reach rather than cost bounds the lists) give every
need row its nearest few within reach. An offer a tree has not yet given costs at least the
tree's last distance times the factor of its lowest step; rows where that could still beat their
list look twice as deep into that tree, until none could. Which trees, and how many offers each
gives first, is set per theme and reach band from a sample of its rows. The result
is exact: the same list `engine.propose` gives (exact theme fit, cascade step, staleness, reach,
accessibility, time), however far informal options lie. Domain-only fit, feedback, capacity and
reciprocity are the single-need engine's work. Reasons come as flags per proposal, rendered on
request. Positions are metres in the metric CRS. Equal costs go to the lower candidate index:
pass candidates in id order to break ties as the single-need engine does.
"""

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields
from functools import cache
from itertools import repeat

import numpy as np

from app.matching.columns import ACCESS_MET, SLOT_MET, STALE, BatchProposals, Demand, Supply, flags
from app.matching.data import MatchSettings
from app.matching.ordering import best_of, place_needs
from app.matching.trees import ALL_SLOTS, ONE_TREE, TREE_STEPS, OfferTree, costs, nearest, offer_trees

__all__ = ["ACCESS_MET", "SLOT_MET", "STALE", "BatchProposals", "Demand", "Supply", "match_batch"]

REACH_BANDS_M = np.array([500.0, 1000.0, 2000.0, 3000.0, 5000.0, 10000.0])
SAMPLE_ROWS = 24  # need rows of a block ranked first against `SAMPLE_DEPTH` offers of each tree
SAMPLE_DEPTH = 40
DEEPER = 2  # how many times as many a tree gives each time it is asked again
ASK_COST = 5  # what asking one more tree costs a row, in offers a tree could give instead
PROCESSES_FROM_ROWS = 20_000  # need rows; fewer are matched in this process, where handing them over costs more

Trees = tuple[list[OfferTree], list[OfferTree]]  # a theme's trees: per group of `TREE_STEPS`, and `ONE_TREE`


def match_batch(
    demand: Demand,
    supply: Supply,
    *,
    settings: MatchSettings = MatchSettings(),
    limit: int = 10,
    depth: int | None = None,
) -> BatchProposals:
    """The best `limit` offers for every need, ranked by the engine's rules.

    `depth`: how many nearest offers each tree gives first (when None, as many as a sample of the
    need rows of each theme and reach band needed).
    """
    needs = int(demand.need.max()) + 1 if len(demand.need) else 0
    depths = None if depth is None else (depth,) * len(TREE_STEPS)
    rows, *columns = _blocks(demand, supply, settings, limit, depths)
    return place_needs(demand.need[rows], columns, needs, limit)


def _blocks(demand: Demand, supply: Supply, settings, limit, depths) -> list[np.ndarray]:
    """[rows, candidate, cost, distance, flags] of every theme block, one after the other. A large
    batch spreads its themes over this process and one worker process per further core it may use
    (the work holds the GIL too often for threads); a worker gets only its themes' rows."""
    cores = _usable_cores()
    if cores == 1 or len(demand.need) < PROCESSES_FROM_ROWS:
        return _blocks_of(demand, supply, settings, limit, depths)
    here, *groups = _theme_groups(demand.theme, cores)
    tasks = [_part(demand, supply, themes) for themes in groups]
    _, demands, supplies = zip(*tasks, strict=True)
    elsewhere = _workers(cores - 1).map(_blocks_of, demands, supplies, repeat(settings), repeat(limit), repeat(depths))
    tasks.insert(0, _part(demand, supply, here))
    parts = [_blocks_of(*tasks[0][1:], settings, limit, depths), *elsewhere]
    found = [[need_rows[rows], *columns] for (need_rows, *_), (rows, *columns) in zip(tasks, parts, strict=True)]
    return [np.concatenate(column) for column in zip(*found, strict=True)]


def _part(demand: Demand, supply: Supply, themes: list[int]) -> tuple[np.ndarray, Demand, Supply]:
    """(demand rows, demand, supply) of `themes`: one share of a batch, only its own rows."""
    need_rows = np.flatnonzero(np.isin(demand.theme, themes))
    return need_rows, _rows_of(demand, need_rows), _rows_of(supply, np.flatnonzero(np.isin(supply.theme, themes)))


def _rows_of(columns, rows: np.ndarray):
    return type(columns)(**{field.name: getattr(columns, field.name)[rows] for field in fields(columns)})


@cache
def _workers(count: int) -> ProcessPoolExecutor:
    """Worker processes, started at the first large batch and kept for the next. They are forked from a
    server process with this module loaded (safe beside threads, unlike forking this process), so a
    script that matches in batches must start from an `if __name__ == "__main__":` block."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return ProcessPoolExecutor(count, mp_context=context)


def _blocks_of(demand: Demand, supply: Supply, settings, limit, depths) -> list[np.ndarray]:
    """[rows, candidate, cost, distance, flags] of every theme block, one after the other."""
    blocks = [
        _theme_block(demand, supply, rows, trees, settings, limit, depths)
        for rows, trees in _by_theme(demand, supply, settings)
    ]
    if not blocks:
        return [np.zeros(0, int), np.zeros((0, limit), int), *np.zeros((2, 0, limit)), np.zeros((0, limit), np.int8)]
    return [np.concatenate(column) for column in zip(*blocks, strict=True)]


def _theme_groups(themes: np.ndarray, count: int) -> list[list[int]]:
    """The themes in `count` groups of about as many need rows each: the largest first, to the smallest group."""
    rows = np.bincount(themes)
    groups: list[list[int]] = [[] for _ in range(count)]
    sizes = [0] * count
    for theme in np.argsort(-rows, kind="stable"):
        if rows[theme]:
            smallest = sizes.index(min(sizes))
            groups[smallest].append(int(theme))
            sizes[smallest] += int(rows[theme])
    return groups


def _usable_cores() -> int:
    """The cores this process may run on (all of the machine's where the system does not say)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _by_theme(demand: Demand, supply: Supply, settings: MatchSettings) -> Iterator[tuple[np.ndarray, Trees]]:
    """Need rows and offer trees per theme; need rows also per reach band, so trees stop early."""
    band = np.searchsorted(REACH_BANDS_M, demand.reach)
    need_order = np.lexsort((band, demand.theme))
    offer_order = np.argsort(supply.theme, kind="stable")
    offer_themes = supply.theme[offer_order]
    need_keys = np.column_stack((demand.theme[need_order], band[need_order]))
    starts = np.flatnonzero(np.r_[True, (need_keys[1:] != need_keys[:-1]).any(axis=1)])
    trees: dict[int, Trees] = {}
    for start, end in zip(starts, np.r_[starts[1:], len(need_order)], strict=True):
        theme = int(need_keys[start, 0])
        if theme not in trees:
            o0, o1 = (
                np.searchsorted(offer_themes, theme, side="left"),
                np.searchsorted(offer_themes, theme, side="right"),
            )
            offers = offer_order[o0:o1]
            trees[theme] = offer_trees(supply, offers, settings), offer_trees(supply, offers, settings, ONE_TREE)
        if trees[theme][0]:
            yield need_order[start:end], trees[theme]


def _theme_block(demand, supply, rows, trees, settings, limit, depths) -> list[np.ndarray]:
    """For the need rows of one theme: [rows, candidate, cost, distance, flags], `limit` wide."""
    need = _needs(demand, rows)
    trees, depths = (trees[0], depths) if depths else _first_asks(need, trees, settings, limit)
    found = [nearest(tree, need.points, depth, need.bound) for tree, depth in zip(trees, depths, strict=True)]
    best = best_of(
        [
            (tree.offers[index], costs(tree, distance, index, *need.constraints, settings), distance)
            for tree, (distance, index) in zip(trees, found, strict=True)
        ],
        supply.candidate,
        limit,
    )
    for tree, depth, (distance, _) in zip(trees, depths, found, strict=True):
        _deepen(supply, need, tree, depth, distance, best, settings)
    offer, cost, distance = best
    proposed = offer >= 0
    candidate = np.where(proposed, supply.candidate[offer], -1)
    return [rows, candidate, cost, distance, np.where(proposed, flags(demand, supply, rows[:, None], offer), 0)]


def _first_asks(need: "_Needs", trees: Trees, settings: MatchSettings, limit: int) -> tuple[list[OfferTree], list[int]]:
    """Which trees to ask, and how many nearest offers each gives first: as many as any of a sample
    of the rows needed to be sure of its list (asking rows again costs far more than a wider first
    ask). The one tree of every step where that is cheaper: where reach, not cost, bounds the lists.
    """
    split, whole = trees
    sample = need[np.linspace(0, len(need.points) - 1, min(SAMPLE_ROWS, len(need.points))).astype(int)]
    found = [nearest(tree, sample.points, SAMPLE_DEPTH, sample.bound) for tree in split]
    cost = np.hstack(
        [costs(tree, *pair, *sample.constraints, settings) for tree, pair in zip(split, found, strict=True)]
    )
    last = np.partition(cost, limit - 1, axis=1)[:, limit - 1] if cost.shape[1] >= limit else np.inf
    depths = [
        _needed(distance, _radius(sample, last, tree.step, settings))
        for tree, (distance, _) in zip(split, found, strict=True)
    ]
    radius = _radius(sample, last, whole[0].step, settings)
    cut = any(d.shape[1] == SAMPLE_DEPTH and (d[:, -1] <= radius).any() for d, _ in found)  # more may lie within
    one = _needed(np.hstack([distance for distance, _ in found]), radius)
    if not cut and ASK_COST + one < ASK_COST * len(split) + sum(depths):
        return whole, [one]
    return split, depths


def _radius(need: "_Needs", last, step: int, settings: MatchSettings) -> np.ndarray:
    """Per row, how far a tree of lowest `step` must look: within reach, and as far as an offer
    could cost less than the list's `last` cost."""
    return np.minimum(need.reach, last / settings.level_step ** (step - 1.0))


def _needed(distance: np.ndarray, radius: np.ndarray) -> int:
    """How many nearest offers a tree must give for every row to be sure: one beyond its radius."""
    return int((distance <= radius[:, None]).sum(axis=1).max()) + 1


@dataclass(frozen=True)
class _Needs:
    """The need rows of one block as the trees and constraints take them."""

    points: np.ndarray
    bound: float  # the tree's bound is strict; reach is not
    constraints: tuple[np.ndarray, np.ndarray, np.ndarray]  # reach, accessibility, slots, each (rows, 1)

    @property
    def reach(self) -> np.ndarray:
        return self.constraints[0][:, 0]

    def __getitem__(self, rows: np.ndarray) -> "_Needs":
        return _Needs(self.points[rows], self.bound, tuple(c[rows] for c in self.constraints))  # type: ignore[arg-type]


def _needs(demand: Demand, rows: np.ndarray) -> _Needs:
    slots = demand.slots[rows]
    return _Needs(
        np.column_stack((demand.x[rows], demand.y[rows])),
        float(np.nextafter(demand.reach[rows].max(), np.inf)),
        (demand.reach[rows, None], demand.accessibility[rows, None], np.where(slots == 0, ALL_SLOTS, slots)[:, None]),
    )


def _deepen(supply, need: _Needs, tree: OfferTree, depth: int, distance: np.ndarray, best, settings) -> None:
    """Ask `tree` again, `DEEPER` times as deep each time, for the rows whose list an offer beyond
    the nearest `depth` could still enter, until there are none; `best` (offer, cost, distance)
    changes in place.

    Such an offer lies at least as far as the tree's last one found (the frontier), so it costs
    at least that distance times the factor of the tree's lowest step.
    """
    frontier = distance[:, -1] if distance.shape[1] == depth else np.full(len(distance), np.inf)
    while (ask := np.flatnonzero(_unsure(best[1][:, -1], need.reach, frontier, tree.step, settings))).size:
        depth *= DEEPER
        asked = need[ask]
        distance, index = nearest(tree, asked.points, depth, asked.bound)
        offer, cost = tree.offers[index], costs(tree, distance, index, *asked.constraints, settings)
        _drop_seen(offer, cost, distance, frontier[ask], best[0][ask])
        frontier = np.full(len(frontier), np.inf)  # a row not asked stays sure: its list only gets better
        if distance.shape[1] == depth:
            frontier[ask] = distance[:, -1]
        _admit(best, ask, offer, cost, distance, supply)


def _drop_seen(offer, cost, distance, seen: np.ndarray, listed: np.ndarray) -> None:
    """Set `cost` infinite where the last query already gave the offer: nearer than its frontier
    `seen` (it is in the list or lost to it), or at the frontier and in the `listed` offers."""
    cost[distance < seen[:, None]] = np.inf
    rows, columns = np.nonzero(distance == seen[:, None])
    again = (offer[rows, columns][:, None] == listed[rows]).any(axis=1)
    cost[rows[again], columns[again]] = np.inf


def _admit(best, ask: np.ndarray, offer, cost, distance, supply: Supply) -> None:
    """Merge into the lists of rows `ask` the new offers that could enter them (cost at most the
    last one's); the rest never reach the sort."""
    rows, columns = np.nonzero(np.isfinite(cost) & (cost <= best[1][ask, -1:]))
    if len(rows) == 0:
        return
    counts = np.bincount(rows, minlength=len(ask))
    slot = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    entering = counts > 0
    packed = []
    for matrix, blank in ((offer, -1), (cost, np.inf), (distance, np.inf)):
        grid = np.full((len(ask), counts.max()), blank, dtype=matrix.dtype)
        grid[rows, slot] = matrix[rows, columns]
        packed.append(grid[entering])
    target = ask[entering]
    merged = best_of([tuple(column[target] for column in best), tuple(packed)], supply.candidate, best[0].shape[1])
    for column, replaced in zip(best, merged, strict=True):
        column[target] = replaced


def _unsure(last_cost, reach, frontier, step, settings: MatchSettings) -> np.ndarray:
    least = np.maximum(frontier, settings.min_distance_m) * settings.level_step ** (step - 1.0)
    return (frontier <= reach) & (least <= last_cost)
