"""How far each need lies from the nearest supply of each of its themes, in metres (RD New)."""

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree


def nearest_supply(needs: pd.DataFrame, supply: pd.DataFrame) -> pd.DataFrame:
    """One row per (need, theme) as given: the distance in metres to the nearest supply with that theme.

    `needs` has columns theme, x, y (and any others); `supply` has theme, x, y, with x, y metres in RD New.
    A theme nobody offers gives an infinite distance. Rows come back in the order of `needs`.
    """
    distance = np.full(len(needs), np.inf)
    positions = supply.groupby("theme")[["x", "y"]]
    wanted = needs.reset_index(drop=True)
    for theme, rows in wanted.groupby("theme").groups.items():
        if theme not in positions.groups:
            continue
        tree = cKDTree(positions.get_group(theme).to_numpy())
        distance[rows] = tree.query(wanted.loc[rows, ["x", "y"]].to_numpy())[0]
    return wanted.assign(distance_m=distance)
