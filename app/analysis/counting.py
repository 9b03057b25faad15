"""Counts per (area, measure, scope): a scope is every theme (`*`), one life domain or one theme.

A need or volunteer with several themes counts once in every scope one of its themes falls in.
"""

from collections.abc import Iterator

import numpy as np
import pandas as pd

from app.analysis.coverage import nearest_supply
from app.analysis.data import ALL, Cell, Neighbourhood, with_metres
from app.analysis.protection import Group
from app.taxonomy import Taxonomy

PEOPLE = ("needs_open", "needs_within_reach", "needs_unmet", "needs_matched", "volunteers")


def scoped(table: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """One row per (item, scope): `item` is the row's position in `table`, keeping its other columns.

    Every item is in scope `*`, also one without themes.
    """
    items = table.reset_index(drop=True).rename_axis("item").reset_index()
    themes = items.explode("themes").dropna(subset=["themes"]).rename(columns={"themes": "theme"})
    rows = pd.concat([items.drop(columns="themes").assign(scope=ALL), _in_scopes(themes, taxonomy)])
    return rows.drop_duplicates(["item", "scope"]).reset_index(drop=True)


def _in_scopes(rows: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Each row three times, its `theme` column becoming `scope`: the theme, its life domain, and `*`."""
    domains = rows["theme"].map(lambda code: taxonomy.themes[code].domain if code in taxonomy.themes else code)
    copies = (rows, rows.assign(theme=domains), rows.assign(theme=ALL))
    return pd.concat(copies, ignore_index=True).rename(columns={"theme": "scope"})


def need_rows(hood: Neighbourhood, taxonomy: Taxonomy) -> pd.DataFrame:
    """One row per (need, scope): the distance to the nearest supply of a theme in scope, and its flags."""
    needs = with_metres(hood.needs.reset_index(drop=True))
    supply = pd.concat([with_metres(hood.offers), with_metres(hood.volunteers)])
    supply = supply.explode("themes").dropna(subset=["themes"]).rename(columns={"themes": "theme"})
    per_theme = needs.rename_axis("item").reset_index().explode("themes").rename(columns={"themes": "theme"})
    per_theme = nearest_supply(per_theme.dropna(subset=["theme"])[["item", "theme", "x", "y"]], supply)
    nearest = _in_scopes(per_theme, taxonomy).groupby(["item", "scope"])["distance_m"].min()
    rows = scoped(needs, taxonomy).join(nearest, on=["item", "scope"])
    within = rows["open"] & (rows["distance_m"] <= rows["reach_m"].astype(float))
    return rows.assign(
        needs_open=rows["open"].astype(int),
        needs_within_reach=within.astype(int),
        needs_unmet=(rows["open"] & ~within).astype(int),
        needs_matched=rows["matched"].astype(int),
    )


def counted(rows: pd.DataFrame, members: pd.DataFrame, measures: list[str]) -> dict[Cell, int]:
    """The sum of each measure column per (area, scope), without the zeros."""
    if rows.empty or members.empty:
        return {}
    joined = rows.merge(members, left_on="item", right_on="row")
    sums = joined.groupby(["code", "scope"])[measures].sum().stack()
    return {(code, measure, scope): int(value) for (code, scope, measure), value in sums.items() if value}


def medians(rows: pd.DataFrame, members: pd.DataFrame) -> dict[tuple[str, str], float]:
    """The median distance in metres from open needs to the nearest supply, per (area, scope)."""
    open_rows = rows[rows["open"].astype(bool)].merge(members, left_on="item", right_on="row")
    if open_rows.empty:
        return {}
    return {key: float(value) for key, value in open_rows.groupby(["code", "scope"])["distance_m"].median().items()}


def groups(cells: dict[Cell, int], hood: Neighbourhood, taxonomy: Taxonomy) -> Iterator[Group]:
    """Every total that its parts add up to (or bound), for the people counts in `cells`."""
    present = sorted(cell for cell in cells if cell[1] in PEOPLE)
    by_area: dict[tuple[str, str], set[str]] = {}
    for code, measure, scope in present:
        by_area.setdefault((code, measure), set()).add(scope)
    for (code, measure), scopes in by_area.items():
        domains = sorted(scope for scope in scopes if scope in taxonomy.domains)
        yield Group((code, measure, ALL), tuple((code, measure, domain) for domain in domains))
        for domain in domains:
            themes = sorted(s for s in scopes if s in taxonomy.themes and taxonomy.themes[s].domain == domain)
            yield Group((code, measure, domain), tuple((code, measure, theme) for theme in themes))
        if measure == "needs_open":
            for scope in sorted(scopes):
                parts = ((code, "needs_within_reach", scope), (code, "needs_unmet", scope))
                yield Group((code, measure, scope), parts)
    yield from _hierarchy(present, hood)


def _hierarchy(present: list[Cell], hood: Neighbourhood) -> Iterator[Group]:
    """A wijk's count and its buurten's, a gemeente's and its wijken's."""
    areas = hood.areas
    children = areas[areas["parent_code"].notna()].groupby("parent_code")["code"].apply(sorted)
    for measure, scope in sorted({(measure, scope) for _, measure, scope in present}):
        for parent, codes in children.items():
            yield Group((parent, measure, scope), tuple((code, measure, scope) for code in codes))


def distance_or_none(value: float | None) -> int | None:
    """A median distance rounded to 10 m, or None when there is none (no supply of the theme anywhere)."""
    if value is None or not np.isfinite(value):
        return None
    return int(round(value, -1))
