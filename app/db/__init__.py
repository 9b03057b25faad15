"""The database: engine and sessions. The only package that knows SQLite from PostGIS."""

import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.db.liveness import check_on_checkout
from app.db.sqlite_functions import register_functions

SQLITE_MMAP_BYTES = 1 << 30
SQLITE_CACHE_KIB = 16 * 1024
VACUUM_LOCK_TIMEOUT_MS = 5000
READ_ONLY = "nabij_read_only"  # an execution option: see Database.reading
SCRUB = "nabij_scrub"  # in Session.info: the tables whose removed rows must leave the files on commit
logger = logging.getLogger(__name__)


def scrub_after_commit(session: Session, *tables: str) -> None:
    """Ask that what this session removes from `tables` leaves the database files once it commits."""
    session.info.setdefault(SCRUB, set()).update(tables)


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
            self.engine = create_engine(url)
            check_on_checkout(self.engine)

    @property
    def backend(self) -> str:
        """`sqlite` or `postgis`."""
        return "sqlite" if self.engine.dialect.name == "sqlite" else "postgis"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block succeeds and rolls back when it raises.

        Tables named with `scrub_after_commit` are scrubbed after the commit, before this returns.
        """
        with Session(self.engine, expire_on_commit=False, info=dict(self.session_info)) as session:
            with session.begin():
                yield session
            tables = session.info.pop(SCRUB, set())
        if tables:
            self.scrub(sorted(tables))

    @property
    def reads_in_place(self) -> bool:
        """Whether a single read on a `reading` connection may run on an event loop rather than a worker
        thread now: on SQLite it reads a local file and never waits for a writer (microseconds), as
        long as the pool has a connection at hand (waiting for one would hold the loop up); on
        PostgreSQL it is a round trip over the network."""
        idle = getattr(self.engine.pool, "checkedin", None)
        return self.backend == "sqlite" and idle is not None and idle() > 0

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for single reads, never for writes. On SQLite its transaction takes no write
        lock, so it never waits for a writer; on PostgreSQL each statement stands alone (no BEGIN and
        ROLLBACK to wait for)."""
        options: dict = {READ_ONLY: True}
        if self.backend == "postgis":
            options["isolation_level"] = "AUTOCOMMIT"
        with self.engine.connect().execution_options(**options) as connection:
            yield connection

    def scrub(self, tables: Iterable[str]) -> None:
        """Make rows deleted or overwritten in `tables` leave the files, as far as the backend allows.

        SQLite has already zeroed them in their pages (secure_delete); a checkpoint writes those
        pages into the database file and empties the write-ahead log, which still held the old
        ones. PostgreSQL keeps old row versions until VACUUM removes them and their index entries;
        their bytes stay in the pages' free space until reused (docs/privacy.md says what else helps).
        """
        if self.backend == "sqlite":
            self._checkpoint()
            return
        quote = self.engine.dialect.identifier_preparer.quote
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            # A running (auto)vacuum may hold a table for long: then autovacuum finishes the job instead.
            connection.exec_driver_sql(f"SET lock_timeout = {VACUUM_LOCK_TIMEOUT_MS}")
            try:
                connection.exec_driver_sql(f"VACUUM (INDEX_CLEANUP ON) {', '.join(quote(t) for t in tables)}")
            except OperationalError:
                logger.warning("VACUUM waited too long for %s; autovacuum will remove the old rows", tables)
            finally:
                connection.exec_driver_sql("RESET lock_timeout")

    def _checkpoint(self) -> None:
        raw = self.engine.raw_connection()
        try:
            busy, _, _ = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.close()
        if busy:  # readers kept the old pages in use; the next checkpoint will finish the job
            logger.warning("the write-ahead log was not emptied; erased rows stay in it until the next checkpoint")

    def dispose(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.dispose()


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
        # Deleted rows are overwritten with zeros, not just unlinked: an erased person is gone from the file.
        cursor.execute("PRAGMA secure_delete=ON")
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
        # A reading connection (`Database.reading`) never writes, so it takes no lock and never waits.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine
