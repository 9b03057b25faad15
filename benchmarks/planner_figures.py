"""The planners' figures for a city: protected counts per area and scope, gaps and signals.

    .venv/bin/python -m benchmarks.planner_figures [--buurten 400] [--needs 20000]

A 20 x 20 km gemeente of square buurten (4 per wijk), 10k offers, 5k volunteers and the given
needs, each with one or two of 40 themes, built in memory (no database). Ours: `figures` (every
level and scope, coverage by k-d tree, secondary suppression), `gaps` for all themes at buurt
level, and `signals`. Baseline in the same run: a geopandas `sjoin` of the needs to the buurten
and a plain count per buurt (no scopes, coverage or protection).
"""

import argparse
import math
import random
import time
from datetime import UTC, datetime

import geopandas as gpd
import pandas as pd
from shapely import box

from app.analysis.aggregates import figures
from app.analysis.data import Neighbourhood
from app.analysis.gaps import gaps
from app.analysis.signals import SignalRules, signals
from app.config import Settings
from app.taxonomy import load_taxonomy

ORIGIN = (160_000.0, 440_000.0)
SIDE_M = 20_000.0


def city(buurten: int, needs: int, seed: int = 7) -> Neighbourhood:
    rng = random.Random(seed)
    taxonomy = load_taxonomy(Settings().themes_file)
    themes = sorted(taxonomy.themes)[:40]
    return Neighbourhood(
        areas=_areas(buurten),
        assets=pd.DataFrame(columns=["lon", "lat", "asset_type", "support_level", "themes"]),
        offers=_people(rng, 10_000, themes, offers=True),
        volunteers=_people(rng, 5_000, themes),
        needs=_people(rng, needs, themes, needs=True),
    )


def _areas(count: int) -> gpd.GeoDataFrame:
    per_side = math.isqrt(count)
    size = SIDE_M / per_side
    rows = [{"code": "GM0999", "name": "Stad", "level": "gemeente", "parent_code": None,
             "geometry": box(ORIGIN[0], ORIGIN[1], ORIGIN[0] + SIDE_M, ORIGIN[1] + SIDE_M)}]  # fmt: skip
    for i in range(per_side):
        for j in range(per_side):
            wijk = f"WK0999{(i // 2) * 10 + j // 2:02d}"[:8]
            west, south = ORIGIN[0] + i * size, ORIGIN[1] + j * size
            rows.append({"code": f"BU0999{i:02d}{j:02d}", "name": f"Buurt {i}-{j}", "level": "buurt",
                         "parent_code": wijk, "geometry": box(west, south, west + size, south + size)})  # fmt: skip
    wijken = {row["parent_code"] for row in rows if row["level"] == "buurt"}
    for code in sorted(wijken):
        shapes = [row["geometry"] for row in rows if row.get("parent_code") == code]
        union = gpd.GeoSeries(shapes).union_all()
        rows.append({"code": code, "name": code, "level": "wijk", "parent_code": "GM0999", "geometry": union})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:28992").to_crs("EPSG:4326")


def _people(rng: random.Random, count: int, themes: list[str], *, offers: bool = False, needs: bool = False):
    xs = [ORIGIN[0] + rng.random() * SIDE_M for _ in range(count)]
    ys = [ORIGIN[1] + rng.random() * SIDE_M for _ in range(count)]
    lon, lat = (
        gpd.GeoSeries(gpd.points_from_xy(xs, ys), crs="EPSG:28992").to_crs("EPSG:4326").pipe(lambda s: (s.x, s.y))
    )
    table = pd.DataFrame({"lon": lon, "lat": lat, "themes": [rng.sample(themes, rng.choice((1, 2))) for _ in xs]})
    if offers:
        table = table.assign(id=range(count), title="Aanbod", asset_id=range(count), asset_name="Plek")
    if needs:
        now = datetime.now(UTC)
        table = table.assign(open=[rng.random() < 0.7 for _ in xs], matched=[rng.random() < 0.3 for _ in xs],
                             reach_m=1000.0, person_ref=[f"r-{n}" for n in range(count)], created_at=now)  # fmt: skip
    return table


def timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--buurten", type=int, default=400)
    parser.add_argument("--needs", type=int, default=20_000)
    options = parser.parse_args()
    hood = city(options.buurten, options.needs)
    taxonomy = load_taxonomy(Settings().themes_file)
    buurten = hood.areas[hood.areas["level"] == "buurt"]
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(hood.needs["lon"], hood.needs["lat"]), crs="EPSG:4326")
    baseline, _ = timed(lambda: points.sjoin(buurten[["code", "geometry"]]).groupby("code").size())
    ours, table = timed(lambda: figures(hood, taxonomy))
    themes = list(taxonomy.themes)
    gap_time, found = timed(lambda: gaps(hood, table, level="buurt", themes=themes, needs_per_offer=10.0))
    signal_time, clusters = timed(lambda: signals(hood, rules=SignalRules(), now=datetime.now(UTC), exact=False))
    print(f"city: {len(buurten)} buurten, {len(hood.needs):,} needs, 10,000 offers, 5,000 volunteers")
    print(f"figures (all levels and scopes, protected): {ours:.2f} s")
    print(f"protected cells: {len(table.people.counts):,}, hidden: {len(table.people.hidden):,}")
    print(f"gaps (all themes, buurt level): {gap_time:.2f} s, {len(found):,} gaps")
    print(f"signals: {signal_time:.2f} s, {len(clusters):,} signals")
    print(f"sjoin + count per buurt (baseline): {baseline:.3f} s")
    print(f"figures vs baseline: {ours / baseline:.1f} x")


if __name__ == "__main__":
    main()
