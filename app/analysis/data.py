"""What the planners' figures are made of: a neighbourhood as plain tables, positions in WGS84."""

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from app.geo import to_metric_many

ALL = "*"  # the scope that holds every theme

Cell = tuple[str, str, str]  # (area code, measure, scope): one count in the table

COLUMNS = {
    "assets": ("lon", "lat", "asset_type", "support_level", "themes"),
    "offers": ("id", "title", "asset_id", "asset_name", "lon", "lat", "themes"),
    "volunteers": ("lon", "lat", "themes"),
    "needs": ("lon", "lat", "themes", "open", "matched", "reach_m", "person_ref", "created_at"),
}


@dataclass(frozen=True)
class Neighbourhood:
    """Areas, places and people as tables (one row each), read by the store.

    areas: code, name, level, parent_code and the polygon (WGS84).
    assets: published places; `themes` holds their own themes and their published offers'.
    offers: published, current offers at their asset's position.
    volunteers: active volunteers. needs: every need still held, `open` when its status is open,
    `matched` when a proposal to it was introduced, met or continues, `reach_m` its reach in metres,
    `person_ref` the resident's pseudonym and `created_at` when it was registered (UTC).
    """

    areas: gpd.GeoDataFrame
    assets: pd.DataFrame
    offers: pd.DataFrame
    volunteers: pd.DataFrame
    needs: pd.DataFrame


def empty_table(kind: str) -> pd.DataFrame:
    """A table of `kind` with its columns and no rows."""
    return pd.DataFrame({column: pd.Series(dtype=object) for column in COLUMNS[kind]})


def with_metres(table: pd.DataFrame) -> pd.DataFrame:
    """The table with x, y: metres east and north in RD New, for distances."""
    if table.empty:
        return table.assign(x=pd.Series(dtype=float), y=pd.Series(dtype=float))
    xs, ys = zip(*to_metric_many(table["lon"].tolist(), table["lat"].tolist()), strict=True)
    return table.assign(x=xs, y=ys)
