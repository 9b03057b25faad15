"""What the privacy controls cost, on SQLite and on PostGIS, with 20k needs and 10k volunteers stored.

    .venv/bin/python -m benchmarks.privacy [--needs 20000] [--requests 200]

- retention: `retention.run` anonymising the closed needs past their period (a quarter of all), needs/s;
- the access log: `GET /api/v1/needs/{id}` (one log entry each) against `GET /api/v1/assets/{id}`
  (the same route code, no entry), p50 in ms, over real HTTP to a uvicorn process;
- erasure: `DELETE /api/v1/people/{ref}` (a need, a volunteer record, then the scrub: WAL checkpoint
  or VACUUM) against `DELETE /api/v1/needs/{id}` (one row, no scrub), p50 in ms.
"""

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import insert
from sqlmodel import select

from app.db import Database
from app.db.spatial import bounds_of
from app.migrate import upgrade
from app.models import Asset, Need, Volunteer
from app.models.token import Role
from app.store import retention
from app.store.auth import create_token
from benchmarks.api_single_need import _position, on_both_backends, serve

NOW = datetime.now(UTC)
THEMES = ["huisvesting/tuin"]


def fill(database: Database, needs: int) -> tuple[str, list[str]]:
    """The people, one asset per ten needs, and a builder's token; returns the token and the asset ids."""
    rng = random.Random(5)
    rows = []
    for n in range(needs):
        point = _position(rng)
        old = n % 4 == 0  # closed more than a year ago: due for retention
        rows.append({"person_ref": f"r-{n}", "themes": THEMES, "description": f"Bewoner {n} vraagt hulp",
                     "status": "closed" if old else "open", "closed_at": NOW - timedelta(days=400) if old else None,
                     "geom": point, **bounds_of(point)})  # fmt: skip
    volunteers = [{"person_ref": f"r-{n}", "themes": THEMES, **_placed(rng)} for n in range(needs // 2)]
    assets = [{"name": f"Plek {n}", "asset_type": "association", "support_level": "vereniging",
               "status": "published", "themes": THEMES, **_placed(rng)} for n in range(needs // 10)]  # fmt: skip
    with database.session() as session:
        session.execute(insert(Need), rows)
        session.execute(insert(Volunteer), volunteers)
        asset_ids = session.scalars(insert(Asset).returning(Asset.id), assets).all()
        token = create_token(session, role=Role.builder, name="bench", organisation_id=None)
    return token, [str(asset_id) for asset_id in asset_ids]


def _placed(rng: random.Random) -> dict:
    point = _position(rng)
    return {"geom": point, **bounds_of(point)}


def _p50s(http: httpx.Client, method: str, *urls: list[str]) -> list[float]:
    """The median time (ms) of each list of requests, asked in turns so that both see the same load."""
    timings: list[list[float]] = [[] for _ in urls]
    for turn in zip(*urls, strict=True):
        for url, times in zip(turn, timings, strict=True):
            started = time.perf_counter()
            http.request(method, url).raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
    return [statistics.median(times) for times in timings]


def measure(url: str, needs: int, requests: int, label: str) -> None:
    upgrade(url)
    database = Database(url)
    token, asset_ids = fill(database, needs)
    started = time.perf_counter()
    done = retention.run(database, days=365, now=NOW) or 0
    print(f"{label} retention: {done / (time.perf_counter() - started):,.0f} needs/s ({done:,} needs)")
    with database.session() as session:
        # Needs of people with no volunteer record (r-<n> from needs/2 on): deleted one by one below.
        found = session.exec(select(Need.id, Need.person_ref).where(Need.status == "open"))
        open_ids = [str(need_id) for need_id, ref in found if int(ref.removeprefix("r-")) >= needs // 2]
    database.dispose()
    with serve(url) as base, httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as http:
        reads = ([f"/api/v1/needs/{i}" for i in open_ids[:requests]], [f"/api/v1/assets/{i}" for i in asset_ids])
        needs_read, assets_read = _p50s(http, "GET", *(urls[:requests] for urls in reads))
        people = [f"/api/v1/people/r-{n}" for n in range(1, 1 + 2 * requests, 2)]  # a need and a volunteer record
        single = [f"/api/v1/needs/{i}" for i in open_ids[requests : 2 * requests]]
        deleted, erased = _p50s(http, "DELETE", single, people[: len(single)])
    print(f"{label} read a need (logged) p50: {needs_read:.2f} ms")
    print(f"{label} read a need vs an asset (not logged): {needs_read / assets_read:.2f} x")
    print(f"{label} erase a person p50: {erased:.1f} ms")
    print(f"{label} erase a person vs delete one need: {erased / deleted:.1f} x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    on_both_backends(lambda url, backend: measure(url, args.needs, args.requests, backend), "privacy")


if __name__ == "__main__":
    main()
