"""Many needs at once: the engine's ranking rules over columns, k-d trees per theme.

For each theme, k-d trees over the offers (one per cheap step of the cascade, one for the dear
steps together) give every need row its nearest few within reach. An offer a tree has not yet
given costs at least the tree's last distance times the factor of its lowest step; rows where
that could still beat their list look twice as deep into that tree, until none could. The result
is exact: the same list `engine.propose` gives (exact theme fit, cascade step, staleness, reach,
accessibility, time), however far informal options lie. Domain-only fit, feedback, capacity and
reciprocity are the single-need engine's work. Reasons come as flags per proposal, rendered on
request. Positions are metres in the metric CRS. Equal costs go to the lower candidate index:
pass candidates in id order to break ties as the single-need engine does.
"""

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from app.matching.columns import ACCESS_MET, SLOT_MET, STALE, BatchProposals, Demand, Supply, flags
from app.matching.data import MatchSettings
from app.matching.trees import ALL_SLOTS, TREE_STEPS, OfferTree, costs, nearest, offer_trees

__all__ = ["ACCESS_MET", "SLOT_MET", "STALE", "BatchProposals", "Demand", "Supply", "match_batch"]

REACH_BANDS_M = np.array([500.0, 1000.0, 2000.0, 3000.0, 5000.0, 10000.0])
FIRST_DEPTHS = (8, 12, 8)  # how many nearest offers each of the `TREE_STEPS` trees gives first
DEEPER = 2  # how many times as many a tree gives each time it is asked again


def match_batch(
    demand: Demand,
    supply: Supply,
    *,
    settings: MatchSettings = MatchSettings(),
    limit: int = 10,
    depth: int | None = None,
) -> BatchProposals:
    """The best `limit` offers for every need, ranked by the engine's rules.

    `depth`: how many nearest offers each tree gives first (`FIRST_DEPTHS` when None).
    """
    needs = int(demand.need.max()) + 1 if len(demand.need) else 0
    result = BatchProposals(
        np.full((needs, limit), -1), np.full((needs, limit), np.inf), np.full((needs, limit), np.inf),
        np.zeros((needs, limit), int),
    )  # fmt: skip
    several = np.bincount(demand.need, minlength=needs)[demand.need] > 1
    depths = FIRST_DEPTHS if depth is None else (depth,) * len(TREE_STEPS)

    def place(group: tuple[np.ndarray, list[OfferTree]]) -> list[np.ndarray]:
        rows, *columns = _theme_block(demand, supply, group[0], group[1], settings, limit, depths)
        alone = ~several[rows]  # a need with one theme has one row: it goes straight in place
        for target, column in zip(_columns(result), columns, strict=True):
            target[demand.need[rows[alone]]] = column[alone]
        return [rows[~alone]] + [column[~alone] for column in columns]

    # k-d tree queries and numpy release the GIL: themes run side by side on every core.
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        blocks = list(pool.map(place, _by_theme(demand, supply, settings)))
    if blocks:
        rows, *columns = (np.concatenate(column) for column in zip(*blocks, strict=True))
        _merge_into(result, demand.need[rows], *columns, limit=limit)
    return result


def _by_theme(demand: Demand, supply: Supply, settings: MatchSettings) -> Iterator[tuple[np.ndarray, list[OfferTree]]]:
    """Need rows and offer trees per theme; need rows also per reach band, so trees stop early."""
    band = np.searchsorted(REACH_BANDS_M, demand.reach)
    need_order = np.lexsort((band, demand.theme))
    offer_order = np.argsort(supply.theme, kind="stable")
    offer_themes = supply.theme[offer_order]
    need_keys = np.column_stack((demand.theme[need_order], band[need_order]))
    starts = np.flatnonzero(np.r_[True, (need_keys[1:] != need_keys[:-1]).any(axis=1)])
    trees: dict[int, list[OfferTree]] = {}
    for start, end in zip(starts, np.r_[starts[1:], len(need_order)], strict=True):
        theme = int(need_keys[start, 0])
        if theme not in trees:
            o0, o1 = (
                np.searchsorted(offer_themes, theme, side="left"),
                np.searchsorted(offer_themes, theme, side="right"),
            )
            trees[theme] = offer_trees(supply, offer_order[o0:o1], settings)
        if trees[theme]:
            yield need_order[start:end], trees[theme]


def _theme_block(demand, supply, rows, trees, settings, limit, depths) -> list[np.ndarray]:
    """For the need rows of one theme: [rows, candidate, cost, distance, flags], `limit` wide."""
    need = _needs(demand, rows)
    found = [nearest(tree, need.points, depth, need.bound) for tree, depth in zip(trees, depths, strict=True)]
    best = _best(
        [
            (tree.offers[index], costs(tree, distance, index, *need.constraints, settings), distance)
            for tree, (distance, index) in zip(trees, found, strict=True)
        ],
        supply,
        limit,
    )
    for tree, depth, (distance, _) in zip(trees, depths, found, strict=True):
        _deepen(supply, need, tree, depth, distance, best, settings)
    offer, cost, distance = best
    proposed = offer >= 0
    candidate = np.where(proposed, supply.candidate[offer], -1)
    return [rows, candidate, cost, distance, np.where(proposed, flags(demand, supply, rows[:, None], offer), 0)]


@dataclass(frozen=True)
class _Needs:
    """The need rows of one block as the trees and constraints take them."""

    points: np.ndarray
    bound: float  # the tree's bound is strict; reach is not
    constraints: tuple[np.ndarray, np.ndarray, np.ndarray]  # reach, accessibility, slots, each (rows, 1)

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
    while (ask := _unsure(best[1][:, -1], need.constraints[0][:, 0], frontier, tree.step, settings)).any():
        depth *= DEEPER
        asked = need[ask]
        distance, index = nearest(tree, asked.points, depth, asked.bound)
        frontier = np.full(len(frontier), np.inf)  # a row not asked stays sure: its list only gets better
        if distance.shape[1] == depth:
            frontier[ask] = distance[:, -1]
        offer, cost = tree.offers[index], costs(tree, distance, index, *asked.constraints, settings)
        cost[(offer[:, :, None] == best[0][ask][:, None, :]).any(axis=2)] = np.inf  # already in the list
        merged = _best([tuple(column[ask] for column in best), (offer, cost, distance)], supply, best[0].shape[1])
        for column, replaced in zip(best, merged, strict=True):
            column[ask] = replaced


def _unsure(last_cost, reach, frontier, step, settings: MatchSettings) -> np.ndarray:
    least = np.maximum(frontier, settings.min_distance_m) * settings.level_step ** (step - 1.0)
    return (frontier <= reach) & (least <= last_cost)


def _best(parts, supply: Supply, limit: int) -> list[np.ndarray]:
    """[offer, cost, distance] of each row's best `limit` among the (offer, cost, distance) parts.

    Padded to `limit` wide; offer -1 and distance infinite where there is no proposal.
    """
    offer, cost, distance = (np.hstack(matrices) for matrices in zip(*parts, strict=True))
    order, tied = _top(cost, limit)
    if tied.any():
        order[tied] = _order(cost[tied], distance[tied], supply.candidate[offer[tied]], limit)
    offer, cost, distance = _take((offer, cost, distance), order)
    proposed = np.isfinite(cost)
    columns = ((np.where(proposed, offer, -1), -1), (cost, np.inf), (np.where(proposed, distance, np.inf), np.inf))
    return [_pad(matrix, limit, blank) for matrix, blank in columns]


def _pad(matrix: np.ndarray, width: int, blank: float) -> np.ndarray:
    if matrix.shape[1] >= width:
        return matrix
    padded = np.full((len(matrix), width), blank, dtype=matrix.dtype)
    padded[:, : matrix.shape[1]] = matrix
    return padded


def _top(cost: np.ndarray, keep: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the columns of the `keep` least costs, and the rows where that order may be wrong.

    Cost alone gives `_order`'s order unless two finite costs tie among the first `keep` + 1
    (offers nearer than the minimum distance, one offer found for two themes): such rows are
    `tied`, and need `_order` itself.
    """
    order = np.argsort(cost, axis=1)
    (first,) = _take((cost,), order[:, : None if keep is None else keep + 1])
    tied = ((first[:, 1:] == first[:, :-1]) & np.isfinite(first[:, 1:])).any(axis=1)
    return order[:, :keep], tied


def _take(matrices, order: np.ndarray) -> list[np.ndarray]:
    """`np.take_along_axis(matrix, order, axis=1)` for each matrix, by flat positions found once."""
    flat = order + np.arange(len(order))[:, None] * matrices[0].shape[1]
    return [matrix.ravel()[flat] for matrix in matrices]


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


def _merge_into(result: BatchProposals, need, candidate, cost, distance, flag, *, limit: int) -> None:
    """Needs with several themes: their rows merged into one ranked row each."""
    if len(need) == 0:
        return
    order = np.argsort(need, kind="stable")
    merged = _merge_rows(*(c[order] for c in (need, candidate, cost, distance, flag)), limit=limit)
    for target, column in zip(_columns(result), merged[1:], strict=True):
        target[merged[0]] = column


def _columns(result: BatchProposals) -> tuple[np.ndarray, ...]:
    return result.candidate, result.cost, result.distance, result.flags


def _merge_rows(need, candidate, cost, distance, flag, *, limit: int):
    """Lay each need's rows side by side, order them again, drop an offer found for two themes."""
    starts = np.flatnonzero(np.r_[True, need[1:] != need[:-1]])
    counts = np.diff(np.r_[starts, len(need)])
    width = counts.max() * limit
    group = np.repeat(np.arange(len(starts)), counts)
    column = (np.arange(len(need)) - starts[group])[:, None] * limit + np.arange(limit)
    merged = []
    for matrix, blank in ((candidate, -1), (cost, np.inf), (distance, np.inf), (flag, 0)):
        grid = np.full((len(starts), width), blank, dtype=matrix.dtype)
        grid[group[:, None], column] = matrix
        merged.append(grid)
    candidate, cost, distance, flag = merged
    cost = _once(candidate, cost)
    candidate, cost, distance, flag = _ranked(candidate, cost, distance, flag, keep=limit)
    proposed = np.isfinite(cost)
    return need[starts], np.where(proposed, candidate, -1), cost, np.where(proposed, distance, np.inf), flag * proposed


def _once(candidate: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """`cost` with an offer found for two themes (it costs the same for both) kept at its first."""
    ordered = np.sort(candidate, axis=1)
    twice = ((ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] >= 0)).any(axis=1)
    if not twice.any():
        return cost
    candidate, cost = candidate[twice], cost.copy()
    earlier = np.tri(candidate.shape[1], k=-1, dtype=bool)
    same = (candidate[:, :, None] == candidate[:, None, :]) & (cost[twice][:, :, None] == cost[twice][:, None, :])
    cost[twice] = np.where((same & earlier).any(axis=2), np.inf, cost[twice])
    return cost


def _ranked(candidate, cost, distance, flag, *, keep: int | None):
    """The four matrices with each row's columns in the engine's order, the first `keep`."""
    order, tied = _top(cost, keep)
    if tied.any():
        order[tied] = _order(cost[tied], distance[tied], candidate[tied], keep)
    return _take((candidate, cost, distance, flag), order)
