"""Radius and bbox queries over N assets: the indexed filter against a full scan, same run.

    .venv/bin/python -m benchmarks.spatial_queries [--assets 10000] [--queries 200] [--sqlite-only]

Prints the median milliseconds per query. The baseline is the same radius filter with the
index made useless (a full table scan computing every distance), measured in the same run on
the same data, so the ratio means something on a noisy machine.
"""

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from shapely.geometry import Point
from sqlalchemy import and_, func, select, text

from app.db import Database
from app.db.spatial import bounds_of, spatial_sql
from app.migrate import upgrade
from app.models import Asset

CENTRE = (5.12, 52.09)  # Utrecht
SPREAD = 0.25  # degrees around the centre: a region of about 35 by 55 km


def _random_position(rng: random.Random) -> tuple[float, float]:
    return CENTRE[0] + rng.uniform(-SPREAD, SPREAD), CENTRE[1] + rng.uniform(-SPREAD, SPREAD)


def _fill(database: Database, count: int, rng: random.Random) -> None:
    with database.session() as session:
        for n in range(count):
            point = Point(*_random_position(rng))
            session.add(Asset(name=f"Plek {n}", asset_type="physical", support_level="vereniging",
                              status="published", geom=point, **bounds_of(point)))  # fmt: skip
        session.execute(text("ANALYZE"))  # fresh planner statistics, as autovacuum would give in time


def _median_ms(database: Database, queries: list, condition_for) -> tuple[float, int]:
    timings, found = [], 0
    for lon, lat in queries:
        with database.session() as session:
            started = time.perf_counter()
            condition = condition_for(session, lon, lat)
            found += session.scalar(select(func.count()).select_from(Asset).where(condition)) or 0
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), found


def _indexed(session, lon, lat):
    return spatial_sql(session).within_m(Asset, lon, lat, 1000)


def _full_scan(session, lon, lat):
    # The exact distance test alone: no box prefilter, so no index can help.
    spatial = spatial_sql(session)
    return and_(spatial.distance_m(Asset, lon, lat) <= 1000)


def run(url: str, assets: int, queries: int) -> None:
    upgrade(url)
    database = Database(url)
    rng = random.Random(1)
    started = time.perf_counter()
    _fill(database, assets, rng)
    label = f"radius 1 km {database.backend}"
    print(f"{label} fill {assets} assets: {time.perf_counter() - started:.1f} s")
    points = [
        (CENTRE[0] + rng.uniform(-SPREAD, SPREAD), CENTRE[1] + rng.uniform(-SPREAD, SPREAD)) for _ in range(queries)
    ]
    indexed_ms, indexed_found = _median_ms(database, points, _indexed)
    scan_ms, scan_found = _median_ms(database, points, _full_scan)
    assert indexed_found == scan_found, "the indexed filter must find exactly what the full scan finds"
    print(f"{label} hits per query: {indexed_found / queries:.1f} assets")
    print(f"{label} indexed median: {indexed_ms:.2f} ms")
    print(f"{label} full scan median: {scan_ms:.2f} ms")
    print(f"{label} full scan vs indexed: {scan_ms / indexed_ms:.1f} x")
    database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--sqlite-only", action="store_true", help="skip the throwaway PostGIS server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'bench.db'}", args.assets, args.queries)
    if not args.sqlite_only:
        from tests.postgis import create_database, postgis_server

        with postgis_server() as admin_url:
            run(create_database(admin_url, "bench"), args.assets, args.queries)


if __name__ == "__main__":
    main()
