"""Failure counts per client and window, shared through the database by every worker."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from app.db import Database
from app.errors import TooManyRequests
from app.models import RateLimitHit
from app.store import rate_limits
from app.store.rate_limits import Limit

LOGIN = Limit("login", failures=3, window_s=60)
T0 = 1_800_000_000.0  # the start of a window: a multiple of 60 s since the epoch


def _fail(database: Database, client: str, times: int, now: float = T0) -> None:
    for _ in range(times):
        with database.session() as session:
            rate_limits.record_failure(session, LOGIN, client, now=now)


def _check(database: Database, client: str, now: float = T0) -> None:
    with database.session() as session:
        rate_limits.check(session, LOGIN, client, now=now)


def test_a_client_is_refused_once_it_has_failed_as_often_as_the_limit_allows(database):
    _fail(database, "192.0.2.1", 2)
    _check(database, "192.0.2.1")
    _fail(database, "192.0.2.1", 1)
    with pytest.raises(TooManyRequests) as refused:
        _check(database, "192.0.2.1", now=T0 + 15.5)
    assert refused.value.retry_after_s == 45  # the window ends at T0 + 60
    _check(database, "192.0.2.2", now=T0 + 15.5)  # another client is not held back


def test_the_next_window_starts_afresh_and_forgets_the_ones_that_passed(database):
    _fail(database, "192.0.2.1", 3)
    _check(database, "192.0.2.1", now=T0 + 60)
    _fail(database, "192.0.2.1", 1, now=T0 + 60)
    with database.session() as session:
        assert [row.window_start for row in session.exec(select(RateLimitHit))] == [int(T0) + 60]


def test_every_worker_sees_the_same_count(settings):
    workers = [Database(settings.database_url) for _ in range(2)]
    _fail(workers[0], "192.0.2.1", 2)
    _fail(workers[1], "192.0.2.1", 1)
    with pytest.raises(TooManyRequests):
        _check(workers[0], "192.0.2.1")
    for worker in workers:
        worker.dispose()


def test_failures_recorded_at_once_are_each_counted(database):
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _: _fail(database, "192.0.2.1", 10), range(4)))
    with database.session() as session:
        assert [row.hits for row in session.exec(select(RateLimitHit))] == [40]


def test_the_table_holds_no_client_address(database):
    _fail(database, "192.0.2.1", 1)
    with database.session() as session:
        row = session.exec(select(RateLimitHit)).one()
    assert row.bucket == "login" and len(row.client) == 64 and "192.0.2.1" not in row.client
