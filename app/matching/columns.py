"""Needs, offers and proposals as numpy columns, for matching many needs at once."""

from dataclasses import dataclass

import numpy as np

SLOT_MET, ACCESS_MET, STALE = 1, 2, 4  # reason flags of a proposal


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

    Where a need has fewer proposals, `candidate` is -1, `cost` and `distance` infinite, `flags` 0.
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


def flags(demand: Demand, supply: Supply, demand_row: np.ndarray, supply_row: np.ndarray) -> np.ndarray:
    """The reason flags of proposing each supply row to each demand row (int8: they travel between processes)."""
    slots_met = (demand.slots[demand_row] & supply.slots[supply_row]) != 0
    access_met = np.broadcast_to(demand.accessibility[demand_row] != 0, slots_met.shape)
    stale = supply.stale[supply_row].astype(bool)
    return (
        slots_met.astype(np.int8) * SLOT_MET | access_met.astype(np.int8) * ACCESS_MET | stale.astype(np.int8) * STALE
    )
