"""Proposals as (rows, columns) matrices in the engine's order: by cost, then distance, then
candidate index (the caller passes candidates in id order, so that this breaks ties by id)."""

import numpy as np

from app.matching.columns import BatchProposals


def best_of(parts, candidate_of: np.ndarray, limit: int) -> list[np.ndarray]:
    """[offer, cost, distance] of each row's best `limit` among the (offer, cost, distance) parts.

    Padded to `limit` wide; offer -1 and distance infinite where there is no proposal.
    """
    offer, cost, distance = parts[0] if len(parts) == 1 else (np.hstack(m) for m in zip(*parts, strict=True))
    order, tied = _top(cost, limit)
    if tied.any():
        order[tied] = _order(cost[tied], distance[tied], candidate_of[offer[tied]], limit)
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


def place_needs(need: np.ndarray, columns: list[np.ndarray], needs: int, limit: int) -> BatchProposals:
    """The proposals of every need from its rows' ([candidate, cost, distance, flags] of row i
    belong to `need[i]`): the row of a need with one, the merged rows of a need with several."""
    alone = np.bincount(need, minlength=needs)[need] == 1
    where = np.full(needs, -1)  # the row of a need with one
    where[need[alone]] = np.flatnonzero(alone)
    several = np.flatnonzero(~alone)
    merged_needs, merged = _merge_needs(several, need[several], columns, limit=limit)
    where[merged_needs] = 0  # any row: the merged one replaces it
    missing = np.flatnonzero(where < 0)  # needs none of whose themes any offer has
    placed = []
    for column, rows, blank, kind in zip(
        columns, merged, (-1, np.inf, np.inf, 0), (int, float, float, int), strict=True
    ):
        source = column if len(column) else np.full((1, limit), blank, kind)
        proposals = np.take(source, np.maximum(where, 0), axis=0).astype(kind, copy=False)
        proposals[missing] = blank
        proposals[merged_needs] = rows
        placed.append(proposals)
    return BatchProposals(*placed)


def _merge_needs(rows, need, columns, *, limit: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """(needs, [candidate, cost, distance, flags]): the `rows` of the `columns` merged into one
    ranked row per need (`need[i]` is the need of row `rows[i]`)."""
    order = np.argsort(need, kind="stable")  # a need's rows side by side
    rows_of_need = np.bincount(need)[need[order]] if len(need) else need
    needs, merged = [np.zeros(0, int)], [[np.zeros((0, limit), column.dtype)] for column in columns]
    for count in np.unique(rows_of_need):
        group = order[rows_of_need == count]
        side_by_side = (np.take(column, rows[group], axis=0).reshape(-1, count * limit) for column in columns)
        needs.append(need[group[::count]])
        for parts, column in zip(merged, _merge_rows(*side_by_side, limit=limit), strict=True):
            parts.append(column)
    return np.concatenate(needs), [np.concatenate(parts) for parts in merged]


def _merge_rows(candidate, cost, distance, flag, *, limit: int):
    """Rank each row (a need's theme rows side by side) again, an offer found for two themes once."""
    cost = _once(candidate, cost)
    candidate, cost, distance, flag = _ranked(candidate, cost, distance, flag, keep=limit)
    proposed = np.isfinite(cost)
    return np.where(proposed, candidate, -1), cost, np.where(proposed, distance, np.inf), flag * proposed


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
