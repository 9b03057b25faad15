"""A pooled PostgreSQL connection the server ended is replaced before use, without a ping per checkout."""

import time

import psycopg
import pytest
from sqlalchemy import text

from app.db import Database, liveness


def _backend_pid(database: Database) -> int:
    with database.reading() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _terminate(admin_url: str, pid: int) -> None:
    with psycopg.connect(f"{admin_url.replace('+psycopg', '')}/postgres", autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))
    time.sleep(0.05)  # the goodbye travels to the pooled connection's socket


@pytest.fixture
def pg(postgis_url) -> Database:
    database = Database(postgis_url)
    yield database
    database.dispose()


def test_a_connection_the_server_ended_is_replaced_at_checkout(pg, postgis_admin_url):
    first = _backend_pid(pg)
    assert _backend_pid(pg) == first  # the pool hands the same connection out again
    _terminate(postgis_admin_url, first)
    with pg.session() as session:  # no error: a new connection
        assert session.execute(text("SELECT pg_backend_pid()")).scalar_one() != first


def test_a_long_idle_connection_is_pinged_and_replaced_when_the_ping_fails(pg, monkeypatch):
    first = _backend_pid(pg)
    monkeypatch.setattr(liveness, "PING_AFTER_IDLE_S", 0.0)

    def no_answer(_dbapi_connection):
        raise psycopg.OperationalError("no answer")

    monkeypatch.setattr(pg.engine.dialect, "do_ping", no_answer)
    assert _backend_pid(pg) != first


def test_a_recently_used_connection_is_not_pinged(pg, monkeypatch):
    first = _backend_pid(pg)
    pings = []
    monkeypatch.setattr(pg.engine.dialect, "do_ping", pings.append)
    assert _backend_pid(pg) == first
    assert pings == []
