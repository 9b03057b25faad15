"""Many needs at once: the engine's ranking rules over columns, a k-d tree per theme.

For each theme and each step of the cascade, a k-d tree over the offers gives every need row
its `depth` nearest within reach. Within one step cost never falls with distance, so an offer
not yet seen costs at least the step's last distance times the step's factor; rows where that
could still beat their list look deeper (4x), until none could. The result is exact: the same
list `engine.propose` gives (exact theme fit, cascade step, staleness, reach, accessibility,
time), however far informal options lie. Domain-only fit, feedback, capacity and reciprocity are the
single-need engine's work. Reasons come as flags per proposal, rendered on request.
Positions are metres in the metric CRS. Equal costs go to the lower candidate index: pass
candidates in id order to break ties as the single-need engine does.
"""

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from app.matching.data import CASCADE, MatchSettings

SLOT_MET, ACCESS_MET, STALE = 1, 2, 4
REACH_BANDS_M = np.array([500.0, 1000.0, 2000.0, 3000.0, 5000.0, 10000.0])


@dataclass(frozen=True)
class Supply:
    """Offers as columns, one row per (offer, theme); `candidate` indexes the caller's list."""

    x: np.ndarray
    y: np.ndarray
    theme: np.ndarray
    step: np.ndarray
    candidate: np.ndarray
    accessibility: np.ndarray  # bit mask
    slots: np.ndarray  # bit mask of (day, part); 0 means no schedule
    stale: np.ndarray


@dataclass(frozen=True)
class Demand:
    """Needs as columns, one row per (need, theme); `need` indexes the caller's list."""

    x: np.ndarray
    y: np.ndarray
    theme: np.ndarray
    need: np.ndarray
    reach: np.ndarray
    accessibility: np.ndarray
    slots: np.ndarray


@dataclass(frozen=True)
class BatchProposals:
    """Proposals as (needs, limit) matrices: row i is need i, column j is rank j + 1.

    Where a need has fewer proposals, `candidate` is -1 and `cost` infinite.
    """

    candidate: np.ndarray
    cost: np.ndarray
    distance: np.ndarray
    flags: np.ndarray

    @property
    def score(self) -> np.ndarray:
        return np.round(1 / (1 + self.cost / 1000), 4)

    def ranked(self, need: int) -> list[int]:
        """Candidate indexes proposed to one need, best first."""
        row = self.candidate[need]
        return row[row >= 0].tolist()


def match_batch(
    demand: Demand, supply: Supply, *, settings: MatchSettings = MatchSettings(), limit: int = 10, depth: int = 16
) -> BatchProposals:
    """The best `limit` offers for every need, ranked by the engine's rules."""
    needs = int(demand.need.max()) + 1 if len(demand.need) else 0
    result = BatchProposals(
        np.full((needs, limit), -1), np.full((needs, limit), np.inf), np.full((needs, limit), np.inf),
        np.zeros((needs, limit), int),
    )  # fmt: skip
    several = np.bincount(demand.need, minlength=needs)[demand.need] > 1

    def place(group: tuple[np.ndarray, list[StepTree]]) -> list[np.ndarray]:
        rows, *columns = _theme_block(demand, supply, group[0], group[1], settings, limit, {}, depth)
        columns[0] = np.where(np.isfinite(columns[1]), columns[0], -1)
        alone = ~several[rows]  # a need with one theme has one row: it goes straight in place
        for target, column in zip(_columns(result), columns, strict=True):
            target[demand.need[rows[alone]]] = column[alone]
        return [rows[~alone]] + [column[~alone] for column in columns]

    # k-d tree queries and numpy release the GIL: themes run side by side on every core.
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        blocks = list(pool.map(place, _by_theme(demand, supply)))
    if blocks:
        rows, *columns = (np.concatenate(column) for column in zip(*blocks, strict=True))
        _merge_into(result, demand.need[rows], *columns, limit=limit)
    return result


def _by_theme(demand: Demand, supply: Supply) -> Iterator[tuple[np.ndarray, list["StepTree"]]]:
    """Need rows and offers per theme; need rows also per reach band, so trees stop early."""
    band = np.searchsorted(REACH_BANDS_M, demand.reach)
    need_order = np.lexsort((band, demand.theme))
    offer_order = np.argsort(supply.theme, kind="stable")
    offer_themes = supply.theme[offer_order]
    need_keys = np.column_stack((demand.theme[need_order], band[need_order]))
    starts = np.flatnonzero(np.r_[True, (need_keys[1:] != need_keys[:-1]).any(axis=1)])
    trees: dict[int, list[StepTree]] = {}
    for start, end in zip(starts, np.r_[starts[1:], len(need_order)], strict=True):
        theme = int(need_keys[start, 0])
        if theme not in trees:
            o0, o1 = (
                np.searchsorted(offer_themes, theme, side="left"),
                np.searchsorted(offer_themes, theme, side="right"),
            )
            trees[theme] = _step_trees(supply, offer_order[o0:o1])
        if trees[theme]:
            yield need_order[start:end], trees[theme]


@dataclass(frozen=True)
class StepTree:
    """The offers of one theme on one step of the cascade, with their k-d tree."""

    step: int
    offers: np.ndarray
    tree: cKDTree


def _step_trees(supply: Supply, offers: np.ndarray) -> list[StepTree]:
    steps = supply.step[offers]
    return [
        StepTree(step, rows, cKDTree(np.column_stack((supply.x[rows], supply.y[rows]))))
        for step in np.unique(steps).tolist()
        for rows in [offers[steps == step]]
    ]


def _theme_block(demand, supply, rows, trees: list[StepTree], settings, limit, depths: dict[int, int], depth: int):
    """For the need rows of one theme: their best `limit` offers as (rows, limit) matrices.

    `depths` says how many nearest offers to take per cascade step (`depth` where unsaid).
    """
    points = np.column_stack((demand.x[rows], demand.y[rows]))
    reach = demand.reach[rows]
    bound = float(np.nextafter(reach.max(), np.inf))  # the tree's bound is strict; reach is not
    steps = [tree.step for tree in trees]
    # Higher steps weigh distance more, so fewer of their offers can make the list: ask fewer first.
    depths = {step: depths.get(step, max(2, depth >> max(0, step - 1))) for step in steps}
    nearest = [_nearest(tree, points, depths[tree.step], bound) for tree in trees]
    distance, offer = np.hstack([d for d, _ in nearest]), np.hstack([o for _, o in nearest])
    found = np.isfinite(distance)
    offer = np.where(found, offer, trees[0].offers[0])
    keep = found & _meets_constraints(demand, supply, rows[:, None], offer, distance)
    cost = np.where(keep, _cost(supply, offer, distance, settings), np.inf)
    order = _order(cost, distance, supply.candidate[offer], limit)
    offer, cost, distance = (np.take_along_axis(matrix, order, axis=1) for matrix in (offer, cost, distance))
    flags = _flags(demand, supply, rows[:, None], offer)
    # Every block is `limit` wide, whatever the number of offers with this theme.
    block = [rows] + [
        _pad(m, limit, blank)
        for m, blank in ((supply.candidate[offer], -1), (cost, np.inf), (distance, np.inf), (flags, 0))
    ]
    unsure = {
        step: _unsure(block[2][:, -1], reach, d, depths[step], step, settings)
        for (d, _), step in zip(nearest, steps, strict=True)
    }
    rows_unsure = np.logical_or.reduce(list(unsure.values()))
    if rows_unsure.any():
        deeper_depths = {step: depths[step] * (4 if unsure[step].any() else 1) for step in steps}
        deeper = _theme_block(demand, supply, rows[rows_unsure], trees, settings, limit, deeper_depths, depth)
        for column, replacement in zip(block[1:], deeper[1:], strict=True):
            column[rows_unsure] = replacement
    return block


def _unsure(last_cost, reach, distance, depth, step, settings: MatchSettings) -> np.ndarray:
    """Rows where an offer of this step beyond the `depth` nearest could still make the list.

    Such an offer is at least as far as the step's last one found, so it costs at least that
    distance times the step's factor: if that is below the list's last cost, look deeper.
    """
    if distance.shape[1] < depth:
        return np.zeros(len(last_cost), bool)  # the step has fewer offers than asked for: all seen
    frontier = distance[:, -1]
    least = np.maximum(frontier, settings.min_distance_m) * settings.level_step ** (step - 1.0)
    return (frontier <= reach) & (least <= last_cost)


def _pad(matrix: np.ndarray, width: int, blank: float) -> np.ndarray:
    missing = width - matrix.shape[1]
    return np.pad(matrix, ((0, 0), (0, missing)), constant_values=blank) if missing else matrix


def _nearest(step_tree: StepTree, points, k, bound) -> tuple[np.ndarray, np.ndarray]:
    """(rows, k) distances (inf where none) and supply rows of the k nearest offers."""
    offers = step_tree.offers
    k = min(k, len(offers))
    distance, index = step_tree.tree.query(points, k=k, distance_upper_bound=bound)
    distance, index = distance.reshape(len(points), k), index.reshape(len(points), k)
    return distance, offers[np.minimum(index, len(offers) - 1)]


def _order(cost: np.ndarray, distance: np.ndarray, candidate: np.ndarray, keep: int | None = None) -> np.ndarray:
    """Per row, the column order by cost, then distance, then candidate; the first `keep` columns.

    A complex key orders by its real part, then its imaginary part; a stable sort on it after
    one by candidate gives the three-key order.
    """
    by_candidate = np.argsort(candidate, axis=1, kind="stable")
    key = np.empty(cost.shape, complex)  # built by parts: 1j * inf would make the real part nan
    key.real, key.imag = cost, distance
    key = np.take_along_axis(key, by_candidate, axis=1)
    return np.take_along_axis(by_candidate, np.argsort(key, axis=1, kind="stable"), axis=1)[:, :keep]


def _meets_constraints(demand, supply, demand_row, supply_row, distance) -> np.ndarray:
    need_slots, offer_slots = demand.slots[demand_row], supply.slots[supply_row]
    return (
        (distance <= demand.reach[demand_row])
        & ((demand.accessibility[demand_row] & ~supply.accessibility[supply_row]) == 0)
        & ((need_slots == 0) | (offer_slots == 0) | ((need_slots & offer_slots) != 0))
    )


def _cost(supply, supply_row, distance, settings: MatchSettings) -> np.ndarray:
    factor = settings.level_step ** (np.arange(len(CASCADE)) - 1.0)
    cost = np.maximum(distance, settings.min_distance_m) * factor[supply.step[supply_row]]
    return np.where(supply.stale[supply_row], cost * settings.stale_factor, cost)


def _flags(demand, supply, demand_row, supply_row) -> np.ndarray:
    slots_met = (demand.slots[demand_row] & supply.slots[supply_row]) != 0
    access_met = np.broadcast_to(demand.accessibility[demand_row] != 0, slots_met.shape)
    stale = supply.stale[supply_row].astype(bool)
    return slots_met.astype(int) * SLOT_MET | access_met.astype(int) * ACCESS_MET | stale.astype(int) * STALE


def _merge_into(result: BatchProposals, need, candidate, cost, distance, flags, *, limit: int) -> None:
    """Needs with several themes: their rows merged into one ranked row each."""
    if len(need) == 0:
        return
    order = np.argsort(need, kind="stable")
    merged = _merge_rows(*(c[order] for c in (need, candidate, cost, distance, flags)), limit=limit)
    for target, column in zip(_columns(result), merged[1:], strict=True):
        target[merged[0]] = column


def _columns(result: BatchProposals) -> tuple[np.ndarray, ...]:
    return result.candidate, result.cost, result.distance, result.flags


def _merge_rows(need, candidate, cost, distance, flags, *, limit: int):
    """Lay each need's rows side by side, order them again, drop an offer found for two themes."""
    starts = np.flatnonzero(np.r_[True, need[1:] != need[:-1]])
    counts = np.diff(np.r_[starts, len(need)])
    width = counts.max() * limit
    group = np.repeat(np.arange(len(starts)), counts)
    column = (np.arange(len(need)) - starts[group])[:, None] * limit + np.arange(limit)
    merged = []
    for matrix, blank in ((candidate, -1), (cost, np.inf), (distance, np.inf), (flags, 0)):
        grid = np.full((len(starts), width), blank, dtype=matrix.dtype)
        grid[group[:, None], column] = matrix
        merged.append(grid)
    candidate, cost, distance, flags = merged
    order = _order(cost, distance, candidate)
    candidate, cost, distance, flags = (np.take_along_axis(m, order, axis=1) for m in merged)
    repeat = np.zeros(cost.shape, bool)
    repeat[:, 1:] = (candidate[:, 1:] == candidate[:, :-1]) & (cost[:, 1:] == cost[:, :-1])
    cost = np.where(repeat, np.inf, cost)
    order = _order(cost, distance, candidate, limit)
    candidate, cost, distance, flags = (
        np.take_along_axis(m, order, axis=1) for m in (candidate, cost, distance, flags)
    )
    return need[starts], np.where(np.isfinite(cost), candidate, -1), cost, distance, flags
