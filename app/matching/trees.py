"""The offers of one theme as k-d trees, one per group of cascade steps, and what a query costs.

Positions and distances are metres in the metric CRS.
"""

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from app.matching.columns import Supply
from app.matching.data import CASCADE, MatchSettings

# Steps of the cascade that share a tree. A query costs nearly as much for one offer as for
# eight, so the dear steps, whose offers seldom make a list, share one tree.
TREE_STEPS = ((0,), (1,), (2, 3, 4))
ONE_TREE = (tuple(range(len(CASCADE))),)  # every step: one ask where reach, not cost, bounds the lists
LEAF_SIZE = 32  # a theme's tree holds a few hundred offers: wider leaves answer k nearest sooner
ALL_SLOTS = -1  # every bit set: an offer without a schedule fits any time


@dataclass(frozen=True)
class OfferTree:
    """Offers of one theme on some steps of the cascade; columns in the tree's own order.

    `step` is the lowest of those steps: an offer the tree has not given yet costs at least
    the distance to it times that step's factor.
    """

    step: int
    tree: cKDTree
    offers: np.ndarray  # supply rows
    per_metre: np.ndarray  # the step's factor
    stale: np.ndarray  # the stale factor where stale, else 1
    lacks: np.ndarray  # accessibility bits the offer lacks
    slots: np.ndarray  # (day, part) bits, ALL_SLOTS where the offer gave no schedule


def offer_trees(supply: Supply, offers: np.ndarray, settings: MatchSettings, groups=TREE_STEPS) -> list[OfferTree]:
    """One tree per group of steps over the supply rows `offers`; [] when there are none."""
    if len(offers) == 0:
        return []
    steps = supply.step[offers]
    return [_tree(supply, offers[np.isin(steps, group)], group[0], settings) for group in groups]


def _tree(supply: Supply, rows: np.ndarray, step: int, settings: MatchSettings) -> OfferTree:
    factor = settings.level_step ** (np.arange(len(CASCADE)) - 1.0)
    return OfferTree(
        step=step,
        tree=cKDTree(np.column_stack((supply.x[rows], supply.y[rows])), leafsize=LEAF_SIZE),
        offers=rows,
        per_metre=factor[supply.step[rows]],
        stale=np.where(supply.stale[rows], settings.stale_factor, 1.0),
        lacks=~supply.accessibility[rows],
        slots=np.where(supply.slots[rows] == 0, ALL_SLOTS, supply.slots[rows]),
    )


def nearest(offer_tree: OfferTree, points: np.ndarray, k: int, bound: float) -> tuple[np.ndarray, np.ndarray]:
    """(points, k) distances, inf where none, and tree positions of the k nearest within `bound`."""
    size = len(offer_tree.offers)
    k = min(k, size)
    if k == 0:
        return np.full((len(points), 0), np.inf), np.zeros((len(points), 0), int)
    distance, index = offer_tree.tree.query(points, k=k, distance_upper_bound=bound)
    return distance.reshape(len(points), k), np.minimum(index, size - 1).reshape(len(points), k)


def costs(offer_tree: OfferTree, distance, index, reach, access, slots, settings: MatchSettings) -> np.ndarray:
    """What each offer found costs each need (inf where a hard constraint rules it out).

    `reach`, `access` and `slots` are the needs' columns, (needs, 1); `slots` is ALL_SLOTS where
    the need gave no time.
    """
    fits = (distance <= reach) & ((access & offer_tree.lacks[index]) == 0) & ((slots & offer_tree.slots[index]) != 0)
    # Multiplied in the engine's order, so that equal costs stay equal to the last bit.
    cost = np.maximum(distance, settings.min_distance_m) * offer_tree.per_metre[index] * offer_tree.stale[index]
    return np.where(fits, cost, np.inf)
