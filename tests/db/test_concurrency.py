"""Concurrent writers: no 'database is locked', no lost write, on either backend."""

from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlmodel import func, select

from app.models import Asset, Organisation
from tests import factories

WRITERS = 8
WRITES_EACH = 15


def test_concurrent_http_writes_all_succeed(live_url, auth, database):
    headers = auth["builder"]

    def write_many(writer: int) -> list[int]:
        with httpx.Client(base_url=live_url, headers=headers, timeout=60) as http:
            statuses = []
            for n in range(WRITES_EACH):
                body = factories.asset(name=f"Plek {writer}-{n}")
                statuses.append(http.post("/api/v1/assets", json=body).status_code)
                statuses.append(http.get("/api/v1/assets?limit=5").status_code)
            return statuses

    with ThreadPoolExecutor(WRITERS) as pool:
        statuses = [s for batch in pool.map(write_many, range(WRITERS)) for s in batch]
    assert statuses.count(201) == WRITERS * WRITES_EACH
    assert set(statuses) == {200, 201}
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Asset)) == WRITERS * WRITES_EACH


def test_read_then_write_transactions_do_not_deadlock(database):
    """Each transaction reads before it writes: the pattern that deadlocks deferred SQLite locks."""

    def read_then_write(writer: int) -> None:
        for n in range(WRITES_EACH):
            with database.session() as session:
                seen = session.scalar(select(func.count()).select_from(Organisation))
                session.add(Organisation(name=f"Vereniging {writer}-{n} na {seen}"))

    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(read_then_write, range(WRITERS)))
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == WRITERS * WRITES_EACH


def test_a_reading_connection_does_not_wait_for_a_writer(database):
    """Token lookups read through `Database.reading`: a write transaction in progress must not hold them up."""
    with database.session() as writing:
        writing.add(Organisation(name="Vereniging in wording"))
        writing.flush()  # the write transaction has begun and holds its lock
        with ThreadPoolExecutor(1) as pool:
            seen = pool.submit(_organisations_seen_by_a_reader, database).result(timeout=5)
        assert seen == 0  # the reader sees what was committed, not the writer's row
    assert _organisations_seen_by_a_reader(database) == 1


def _organisations_seen_by_a_reader(database) -> int:
    with database.reading() as connection:
        return connection.scalar(select(func.count()).select_from(Organisation))
