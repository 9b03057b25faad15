"""Collective signals: many residents near each other with the same unmet need, recently.

Open needs without an introduction, registered within the window, link when they share a theme
and lie within `link_m` of each other; a cluster of at least `min_residents` residents is a
signal. Clusters of one theme whose needs lie mostly in one buurt make that buurt's signal. A
signal is located at its buurt's centre, never at a need, and counts the volunteers and offers of
its theme within `nearby_m` of the cluster.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from app.analysis.data import Neighbourhood, with_metres
from app.analysis.membership import area_members
from app.analysis.protection import published


@dataclass(frozen=True)
class SignalRules:
    window_days: int = 90
    min_residents: int = 10
    link_m: float = 500.0
    nearby_m: float = 1000.0


@dataclass(frozen=True)
class Signal:
    area_code: str
    area_name: str
    theme: str
    lon: float  # the buurt's centre (WGS84), never a need's position
    lat: float
    residents: int | None
    needs: int | None
    volunteers_nearby: int | None
    offers_nearby: int


def signals(hood: Neighbourhood, *, rules: SignalRules, now: datetime, exact: bool) -> list[Signal]:
    """The signals in the neighbourhood, most residents first; people counts protected unless `exact`."""
    recent = hood.needs[
        hood.needs["open"].astype(bool)
        & ~hood.needs["matched"].astype(bool)
        & (pd.to_datetime(hood.needs["created_at"], utc=True) >= pd.Timestamp(now - timedelta(days=rules.window_days)))
    ]
    rows = with_metres(recent.reset_index(drop=True)).explode("themes").dropna(subset=["themes"])
    clustered = pd.concat([_clusters(group, rules) for _, group in rows.groupby("themes")] or [rows.assign(cluster=0)])
    buurten = hood.areas[hood.areas["level"] == "buurt"]
    placed = replace(hood, volunteers=with_metres(hood.volunteers), offers=with_metres(hood.offers))
    found = [
        _signal(theme, code, group, placed, buurten, rules, exact)
        for (theme, code), group in _by_buurt(clustered, buurten).groupby(["themes", "code"])
    ]
    return sorted(found, key=lambda s: (-(s.residents or 0), s.theme, s.area_code))


def _clusters(rows: pd.DataFrame, rules: SignalRules) -> pd.DataFrame:
    """The rows of one theme that form clusters of at least `min_residents` residents, labelled."""
    points = rows[["x", "y"]].to_numpy()
    pairs = cKDTree(points).query_pairs(rules.link_m, output_type="ndarray")
    links = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(len(rows), len(rows)))
    labelled = rows.assign(cluster=connected_components(links, directed=False)[1])
    residents = labelled.groupby("cluster")["person_ref"].transform("nunique")
    return labelled[residents >= rules.min_residents]


def _by_buurt(clustered: pd.DataFrame, buurten: pd.DataFrame) -> pd.DataFrame:
    """Each clustered row with the buurt most of its cluster lies in (ties: the lowest code)."""
    if clustered.empty:
        return clustered.assign(code=pd.Series(dtype=str))
    clustered = clustered.reset_index(drop=True)
    members = area_members(clustered, buurten).set_index("row")["code"]
    located = clustered.assign(code=members.reindex(range(len(clustered))).to_numpy()).dropna(subset=["code"])
    counts = located.groupby(["themes", "cluster", "code"]).size().rename("n").reset_index()
    home = counts.sort_values(["n", "code"], ascending=[False, True]).drop_duplicates(["themes", "cluster"])
    return located.drop(columns="code").merge(home[["themes", "cluster", "code"]], on=["themes", "cluster"])


def _signal(
    theme: str,
    code: str,
    rows: pd.DataFrame,
    hood: Neighbourhood,
    buurten: pd.DataFrame,
    rules: SignalRules,
    exact: bool,
) -> Signal:
    centre = rows[["x", "y"]].mean().to_numpy()
    count = (lambda n: n) if exact else published
    area = buurten[buurten["code"] == code].iloc[0]
    point = area.geometry.representative_point()
    return Signal(
        area_code=code, area_name=area["name"], theme=theme, lon=round(point.x, 6), lat=round(point.y, 6),
        residents=count(rows["person_ref"].nunique()), needs=count(len(rows)),
        volunteers_nearby=count(_near(hood.volunteers, theme, centre, rules.nearby_m)),
        offers_nearby=_near(hood.offers, theme, centre, rules.nearby_m),
    )  # fmt: skip


def _near(table: pd.DataFrame, theme: str, centre: np.ndarray, radius_m: float) -> int:
    """How many rows with `theme` lie within `radius_m` metres of `centre` (x, y: RD New)."""
    chosen = table[table["themes"].map(lambda themes: theme in themes)]
    if chosen.empty:
        return 0
    positions = chosen[["x", "y"]].to_numpy()
    return int((np.hypot(*(positions - centre).T) <= radius_m).sum())
