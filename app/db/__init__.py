"""The database: engine and sessions. The only package that knows SQLite from PostGIS."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.db.sqlite_functions import register_functions

SQLITE_MMAP_BYTES = 1 << 30
SQLITE_CACHE_KIB = 16 * 1024


class Database:
    """One engine for the configured URL, with the settings each backend needs.

    `session_info` is given to every session as its `info`: the service's own rules that queries
    need (app.store.freshness), without the database knowing what they are.
    """

    def __init__(self, url: str, *, busy_timeout_ms: int = 30_000, session_info: Mapping | None = None):
        self.url = make_url(url)
        self.session_info = dict(session_info or {})
        if self.url.get_backend_name() == "sqlite":
            self.engine = _sqlite_engine(url, busy_timeout_ms)
        else:
            self.engine = create_engine(url, pool_pre_ping=True)

    @property
    def backend(self) -> str:
        """`sqlite` or `postgis`."""
        return "sqlite" if self.engine.dialect.name == "sqlite" else "postgis"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block succeeds and rolls back when it raises."""
        with Session(self.engine, expire_on_commit=False, info=self.session_info) as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_engine(url: str, busy_timeout_ms: int) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        # The driver's own transaction handling is switched off so that `begin` below decides.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # With WAL, NORMAL syncs the log at checkpoints, not at each commit: a commit is in the
        # operating system's hands when it returns, so killing the process (kill -9, the OOM killer,
        # a crash) never loses an acknowledged write (tests/db/test_crash.py); only a power cut or
        # kernel crash can lose the last commits, never the file's integrity. FULL would sync every
        # commit (5 to 6.5 ms each on a virtual disk) and hold every writer behind it. docs/durability.md.
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Reads straight from the operating system's page cache, and more pages kept per connection.
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()
        register_functions(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection) -> None:
        # Taking the write lock at BEGIN means no transaction ever has to upgrade a read lock,
        # which is where concurrent SQLite writers deadlock; others wait up to the busy timeout.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
