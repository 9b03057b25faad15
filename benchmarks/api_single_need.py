"""One need's matches through the API with 100k assets stored, on SQLite and on PostGIS.

    .venv/bin/python -m benchmarks.api_single_need [--assets 100000] [--requests 300]

A uvicorn server in its own process serves the app; requests go over real HTTP on loopback. Each request asks
`GET /api/v1/needs/{id}/matches` for a different need, so no answer is cached: the first look at a need ranks
and stores its matches. Then every need is asked again: the ranking is done anew, nothing changed, nothing
is written. The baselines: `GET /health` on the same server, and a bare FastAPI app's synchronous route
(`benchmarks/_bare_app.py`) served the same way, both in the same run. Prints p50 and p99 in milliseconds.
"""

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from shapely.geometry import Point
from sqlalchemy import insert, text

from app.config import Settings
from app.db import Database
from app.db.spatial import bounds_of
from app.migrate import upgrade
from app.models import Asset, Need, Offer
from app.models.token import Role
from app.store.auth import create_token
from app.taxonomy import load_taxonomy
from tests.postgis import create_database, postgis_server

CENTRE = (5.12, 52.09)  # Utrecht
HALF_SIDE = (0.11, 0.0675)  # degrees: about 15 x 15 km
LEVELS = ["eigen_kracht", "sociaal_netwerk", "vereniging", "algemene_voorziening", "maatwerk"]


def _position(rng: random.Random) -> Point:
    return Point(
        CENTRE[0] + rng.uniform(-HALF_SIDE[0], HALF_SIDE[0]), CENTRE[1] + rng.uniform(-HALF_SIDE[1], HALF_SIDE[1])
    )


def fill(database: Database, assets: int, needs: int) -> tuple[list[str], str]:
    rng = random.Random(3)
    themes = sorted(load_taxonomy(Settings().themes_file).themes)
    asset_rows, offer_rows = [], []
    for n in range(assets):
        point, theme = _position(rng), rng.choice(themes)
        asset = {"name": f"Plek {n}", "asset_type": "association", "support_level": rng.choice(LEVELS),
                 "status": "published", "themes": [theme], "geom": point, **bounds_of(point)}  # fmt: skip
        asset_rows.append(asset)
    with database.session() as session:
        ids = session.scalars(insert(Asset).returning(Asset.id), asset_rows).all()
        for asset_id, asset in zip(ids, asset_rows, strict=True):
            offer_rows.append(
                {"asset_id": asset_id, "title": asset["name"], "themes": asset["themes"], "status": "published"}
            )
        session.execute(insert(Offer), offer_rows)
        need_rows = []
        for n in range(needs):
            point = _position(rng)
            need_rows.append(
                {"person_ref": f"r-{n}", "themes": [rng.choice(themes)], "geom": point, **bounds_of(point)}
            )
        need_ids = session.scalars(insert(Need).returning(Need.id), need_rows).all()
        token = create_token(session, role=Role.builder, name="bench", organisation_id=None)
    return [str(need_id) for need_id in need_ids], token


def settle(database: Database) -> None:
    """Leave the database as a running service has it, not as a bulk load leaves it: SQLite's
    write-ahead log folded into the file (else the first requests' commits do it); PostgreSQL's
    tables vacuumed and their planner statistics gathered, as autovacuum leaves them (else it plans
    for empty tables, index-only scans visit the table for every row not yet marked all-visible, and
    autovacuum does the work while the requests are timed)."""
    if database.backend == "sqlite":
        raw = database.engine.raw_connection()  # outside a transaction, which would hold the log open
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
        return
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


@contextmanager
def serve(url: str, app: str = "app.main:create_app", ready: str = "/health") -> Iterator[str]:
    """A uvicorn server in its own process, as deployed (no access log), on a free port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    factory = ["--factory"] if app.endswith("create_app") else []
    command = [sys.executable, "-m", "uvicorn", app, *factory, "--port", str(port), "--log-level", "warning",
               "--no-access-log"]  # fmt: skip
    server = subprocess.Popen(command, env={**os.environ, "NABIJ_DATABASE_URL": url})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # start-up reads the offer catalogue: seconds for 100,000 offers
            try:
                httpx.get(f"{base}{ready}").raise_for_status()
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"the server at {base} did not answer {ready} within a minute")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def percentiles(timings: list[float]) -> tuple[float, float]:
    cut = statistics.quantiles(timings, n=100)
    return statistics.median(timings), cut[98]


def measure(url: str, assets: int, requests: int, label: str) -> None:
    upgrade(url)
    database = Database(url)
    started = time.perf_counter()
    need_ids, token = fill(database, assets, requests)
    settle(database)
    print(f"{label} fill: {time.perf_counter() - started:.1f} s")
    headers = {"Authorization": f"Bearer {token}"}
    with serve(url) as base, httpx.Client(base_url=base, headers=headers) as http:
        health, first, again = [], [], []
        for need_id in need_ids:
            health.append(_timed(http, "/health"))
            first.append(_timed(http, f"/api/v1/needs/{need_id}/matches"))
        for need_id in need_ids:
            again.append(_timed(http, f"/api/v1/needs/{need_id}/matches"))
    with serve(url, "benchmarks._bare_app:app", "/ping") as base, httpx.Client(base_url=base) as http:
        bare = [_timed(http, "/ping") for _ in need_ids]
    database.dispose()
    (h50, h99), (b50, _) = percentiles(health), percentiles(bare)
    print(f"{label} health p50: {h50:.2f} ms")
    print(f"{label} health p99: {h99:.2f} ms")
    print(f"{label} bare fastapi route p50: {b50:.2f} ms")
    for name, timings in (("matches", first), ("matches again", again)):
        m50, m99 = percentiles(timings)
        print(f"{label} {name} p50: {m50:.2f} ms")
        print(f"{label} {name} p99: {m99:.2f} ms")
        print(f"{label} {name} p50 vs health p50: {m50 / h50:.1f} x")
        print(f"{label} {name} p50 vs bare fastapi route p50: {m50 / b50:.1f} x")


def _timed(http: httpx.Client, path: str) -> float:
    """Milliseconds for one GET, which must succeed."""
    started = time.perf_counter()
    http.get(path).raise_for_status()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    on_both_backends(lambda url, backend: measure(url, args.assets, args.requests, f"api {backend}"), "bench")


def on_both_backends(run: Callable[[str, str], None], name: str) -> None:
    """`run(url, backend)` on a throwaway SQLite file, then on a throwaway PostGIS database."""
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / f'{name}.db'}", "sqlite")
    with postgis_server() as admin_url:
        run(create_database(admin_url, name), "postgis")


if __name__ == "__main__":
    main()
