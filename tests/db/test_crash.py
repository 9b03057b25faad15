"""kill -9 during concurrent writes, many times over: the SQLite file stays sound and keeps every
write the server acknowledged.

Each round starts the service in its own process on one SQLite file, lets writer threads post
needs, assets and offers over real HTTP, kills the process with SIGKILL at a random moment, and
then opens the file afresh: `integrity_check` must say ok, `foreign_key_check` must find nothing,
and every id answered with a 2xx must be stored (an offer with its row in `offer_changes`, which a
trigger writes in the same transaction). The server processes fork from a process that has Nabij imported already,
so a restart takes a fraction of a second instead of the four an interpreter needs to import it.

What the round count buys: each round is one kill at a new random moment, so a loss that only some
kill moments cause is caught with the chance 1 - (1 - p)^rounds, for a fault at a fraction p of the
moments. The suite runs 4 rounds (about 1.5 s each after the first start; for p = 1/5 that is 59%,
12 rounds would be 93%), with a new seed every run, so successive runs sample new moments; a failure
names its seed, and NABIJ_CRASH_SEED repeats it. Before changing how writes are committed, run many
rounds: NABIJ_CRASH_ROUNDS=200 pytest tests/db/test_crash.py.
"""

import multiprocessing
import os
import random
import shutil
import sqlite3
import threading
import time
import uuid
from collections import defaultdict
from contextlib import closing

import httpx
import uvicorn
from shapely.geometry import Point

from app.config import Settings
from app.db import Database
from app.db.spatial import bounds_of
from app.main import create_app
from app.models import Asset
from app.models.token import Role
from app.store.auth import create_token
from tests import factories
from tests.postgis import free_port

ROUNDS = int(os.environ.get("NABIJ_CRASH_ROUNDS", 4))
WRITERS = 4
KILL_AFTER_S = (0.0, 0.5)  # the random moment, counted from the first acknowledged write
SEED = int(os.environ.get("NABIJ_CRASH_SEED", time.time_ns() % 1_000_000))


def serve(database_url: str, port: int) -> None:
    """The server process: the app `nabij serve` runs, on this database and port."""
    settings = Settings(database_url=database_url, public_url=f"http://127.0.0.1:{port}")
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="error")


_forks = multiprocessing.get_context("forkserver")
_forks.set_forkserver_preload([__name__])


def _start(database_url: str) -> tuple[multiprocessing.process.BaseProcess, str]:
    port = free_port()
    process = _forks.Process(target=serve, args=(database_url, port), daemon=True)
    process.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while process.is_alive() and time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.05)
    process.kill()
    raise AssertionError(f"the server did not answer /health within 30 s (exit code {process.exitcode})")


class Writers:
    """Threads that post until the server goes away; they keep the ids answered with 201."""

    def __init__(self, url: str, token: str, asset_id: str):
        self.url, self.headers, self.asset_id = url, {"Authorization": f"Bearer {token}"}, asset_id
        self.acknowledged: dict[str, list[str]] = defaultdict(list)
        self.refused: list[tuple[str, int, str]] = []
        self.cut_off: list[int] = []  # writers whose connection the kill cut
        self.first_stored = threading.Event()
        self.threads = [threading.Thread(target=self._write, args=(n,)) for n in range(WRITERS)]

    def _body(self, kind: str, writer: int, n: int, asset_id: str) -> dict:
        if kind == "needs":
            return factories.need(person_ref=f"r-{writer}-{n}")
        if kind == "assets":
            return factories.asset(name=f"Plek {writer}-{n}")
        return factories.offer(asset_id, title=f"Aanbod {writer}-{n}", themes=["huisvesting/tuin"])

    def _write(self, writer: int) -> None:
        asset_id = self.asset_id  # offers go to the newest acknowledged asset of this writer
        with httpx.Client(base_url=self.url, headers=self.headers, timeout=30) as http:
            for n in range(100_000):
                kind = ("needs", "assets", "offers")[n % 3]
                try:
                    response = http.post(f"/api/v1/{kind}", json=self._body(kind, writer, n, asset_id))
                except httpx.TransportError:
                    self.cut_off.append(writer)
                    return
                if response.status_code != 201:
                    self.refused.append((kind, response.status_code, response.text[:200]))
                    return
                self.acknowledged[kind].append(response.json()["id"])
                self.first_stored.set()
                asset_id = response.json()["id"] if kind == "assets" else asset_id

    def run_until_killed(self, process: multiprocessing.process.BaseProcess, after_s: float) -> None:
        for thread in self.threads:
            thread.start()
        assert self.first_stored.wait(timeout=30), f"no write acknowledged: {self.refused}"
        time.sleep(after_s)
        process.kill()  # SIGKILL: no shutdown, no last commit, no checkpoint
        process.join()
        for thread in self.threads:
            thread.join(timeout=30)


def _check(path: str, acknowledged: dict[str, set[str]]) -> None:
    """The file as the next process finds it: sound, consistent, and holding every acknowledged id."""
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        for kind, ids in acknowledged.items():
            stored = {uuid.UUID(hex=row[0]) for row in db.execute(f"SELECT id FROM {kind}")}
            assert not {uuid.UUID(i) for i in ids} - stored, f"acknowledged {kind} lost"
        changes = db.execute("SELECT offer_id FROM offer_changes WHERE offer_id IS NOT NULL")
        changed = {uuid.UUID(hex=row[0]) for row in changes}
        assert not {uuid.UUID(i) for i in acknowledged["offers"]} - changed, "acknowledged offers without changes"


def _prepare(path: str) -> tuple[str, str]:
    """A builder's token and one published asset for the first offers."""
    database = Database(f"sqlite:///{path}")
    with database.session() as session:
        token = create_token(session, role=Role.builder, name="crash test", organisation_id=None)
        home = Point(*factories.HOME)
        asset = Asset(name="Buurthuis", asset_type="physical", support_level="vereniging", status="published",
                      geom=home, **bounds_of(home))  # fmt: skip
        session.add(asset)
    database.dispose()
    return token, str(asset.id)


def test_kill_9_during_concurrent_writes_loses_no_acknowledged_write(sqlite_template, tmp_path):
    path = str(tmp_path / "nabij.db")
    shutil.copy(sqlite_template, path)
    token, asset_id = _prepare(path)
    rng = random.Random(SEED)
    acknowledged: dict[str, set[str]] = defaultdict(set)
    cut_off = 0
    for round_ in range(ROUNDS):
        process, url = _start(f"sqlite:///{path}")
        writers = Writers(url, token, asset_id)
        writers.run_until_killed(process, rng.uniform(*KILL_AFTER_S))
        assert writers.refused == [], f"round {round_} (seed {SEED}): writes refused"
        for kind, ids in writers.acknowledged.items():
            acknowledged[kind] |= set(ids)
        cut_off += len(writers.cut_off)
        _check(path, acknowledged)
    # The kill fell in the middle of requests: writers found their connection cut, not a clean end.
    assert cut_off >= ROUNDS * WRITERS // 2, f"seed {SEED}"
