"""Batch matching: 100k needs against 100k offers in a 15 x 15 km city, side by side.

    .venv/bin/python -m benchmarks.batch_matching [--needs 100000] [--offers 100000] [--postgis-sample 5000]

Ours: `app.matching.batch.match_batch` with theme filter, reach, accessibility and time
constraints, ABCD ranking and reason flags, top 10 per need. Baselines on the same points:
geopandas `sjoin_nearest` (k=1, no theme, no ranking), a raw scipy cKDTree k=1 query, and a
PostGIS `LATERAL ... ORDER BY geom <-> need LIMIT 10` join with the theme filter (on a sample
of the needs: it is slow). Figures are needs per second, best of three runs.
"""

import argparse
import time
from collections.abc import Callable

import geopandas as gpd
import numpy as np
import psycopg
from scipy.spatial import cKDTree

from app.matching.batch import Demand, Supply, match_batch
from tests.postgis import create_database, postgis_server

SIDE_M = 15_000.0
ORIGIN = (130_000.0, 450_000.0)  # RD New metres: somewhere in the middle of the Netherlands
THEMES = 49
STEP_WEIGHTS = [0.05, 0.30, 0.30, 0.25, 0.10]  # eigen kracht .. maatwerk


def make_city(needs: int, offers: int, seed: int = 7) -> tuple[Demand, Supply]:
    rng = np.random.default_rng(seed)
    second = rng.random(needs) < 0.3  # three in ten needs have a second theme
    need_index = np.concatenate([np.arange(needs), np.flatnonzero(second)])
    nx, ny = rng.uniform(0, SIDE_M, needs) + ORIGIN[0], rng.uniform(0, SIDE_M, needs) + ORIGIN[1]
    reach = np.where(rng.random(needs) < 0.7, 1000.0, 3000.0)
    demand = Demand(
        x=nx[need_index],
        y=ny[need_index],
        theme=rng.integers(0, THEMES, len(need_index)),
        need=need_index,
        reach=reach[need_index],
        accessibility=np.where(rng.random(needs) < 0.1, 1, 0)[need_index],
        slots=np.where(rng.random(needs) < 0.3, 1 << rng.integers(0, 21, needs), 0)[need_index],
    )
    supply = Supply(
        x=rng.uniform(0, SIDE_M, offers) + ORIGIN[0],
        y=rng.uniform(0, SIDE_M, offers) + ORIGIN[1],
        theme=rng.integers(0, THEMES, offers),
        step=rng.choice(5, offers, p=STEP_WEIGHTS),
        candidate=np.arange(offers),
        accessibility=np.where(rng.random(offers) < 0.5, 1, 0),
        slots=np.where(rng.random(offers) < 0.6, rng.integers(1, 1 << 21, offers), 0),
        stale=rng.random(offers) < 0.1,
    )
    return demand, supply


def best_of_three(work: Callable[[], object]) -> float:
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def sjoin_nearest_rate(demand: Demand, supply: Supply, needs: int) -> float:
    first = np.unique(demand.need, return_index=True)[1]
    need_frame = gpd.GeoDataFrame(geometry=gpd.points_from_xy(demand.x[first], demand.y[first]), crs="EPSG:28992")
    offer_frame = gpd.GeoDataFrame(geometry=gpd.points_from_xy(supply.x, supply.y), crs="EPSG:28992")
    return needs / best_of_three(lambda: gpd.sjoin_nearest(need_frame, offer_frame))


def kdtree_rate(demand: Demand, supply: Supply, needs: int) -> float:
    first = np.unique(demand.need, return_index=True)[1]
    points = np.column_stack((demand.x[first], demand.y[first]))

    def query() -> None:
        cKDTree(np.column_stack((supply.x, supply.y))).query(points, k=1, workers=-1)

    return needs / best_of_three(query)


def postgis_rate(demand: Demand, supply: Supply, sample: int) -> float:
    with postgis_server() as admin_url:
        url = create_database(admin_url, "bench").replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(url, autocommit=True) as connection:
            _load(connection, supply)
            rows = np.arange(min(sample, len(demand.x)))
            query = (
                "SELECT count(*) FROM (SELECT unnest(%s::float8[]) x, unnest(%s::float8[]) y,"
                " unnest(%s::int[]) theme) n CROSS JOIN LATERAL (SELECT o.id FROM offers o WHERE o.theme = n.theme"
                " ORDER BY o.geom <-> ST_SetSRID(ST_MakePoint(n.x, n.y), 28992) LIMIT 10) o"
            )
            params = (demand.x[rows].tolist(), demand.y[rows].tolist(), demand.theme[rows].tolist())
            return len(rows) / best_of_three(lambda: connection.execute(query, params).fetchone())


def _load(connection: psycopg.Connection, supply: Supply) -> None:
    connection.execute("CREATE TABLE offers (id int, theme int, geom geometry(Point, 28992))")
    with connection.cursor().copy("COPY offers (id, theme, geom) FROM STDIN") as copy:
        for index, (x, y, theme) in enumerate(zip(supply.x, supply.y, supply.theme, strict=True)):
            copy.write_row((index, int(theme), f"SRID=28992;POINT({x} {y})"))
    connection.execute("CREATE INDEX ON offers USING gist (geom)")
    connection.execute("CREATE INDEX ON offers (theme)")
    connection.execute("ANALYZE offers")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--needs", type=int, default=100_000)
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--postgis-sample", type=int, default=5_000)
    args = parser.parse_args()
    demand, supply = make_city(args.needs, args.offers)
    ours = args.needs / best_of_three(lambda: match_batch(demand, supply, limit=10))
    sjoin = sjoin_nearest_rate(demand, supply, args.needs)
    kdtree = kdtree_rate(demand, supply, args.needs)
    postgis = postgis_rate(demand, supply, args.postgis_sample)
    print(f"batch matching: {ours:,.0f} needs/s")
    print(f"sjoin_nearest k=1: {sjoin:,.0f} needs/s")
    print(f"cKDTree k=1: {kdtree:,.0f} needs/s")
    print(f"postgis lateral knn: {postgis:,.0f} needs/s")
    print(f"batch matching vs sjoin_nearest: {ours / sjoin:.2f} x")
    print(f"batch matching vs postgis lateral knn: {ours / postgis:.1f} x")


if __name__ == "__main__":
    main()
