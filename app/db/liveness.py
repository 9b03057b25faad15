"""PostgreSQL connections taken from the pool without a round trip to check them, where that is safe.

SQLAlchemy's pre-ping asks the server on every checkout: a round trip, two on a look at a need's
matches. Instead a pooled connection is replaced when its socket has something to read after it
sat idle: the server said goodbye (a restart, `pg_terminate_backend`, its idle timeouts all send
a message before closing). One idle longer than `PING_AFTER_IDLE_S` is pinged as before, since a
connection cut without a word (a firewall dropping it) shows nothing. A dead connection is
replaced before anyone uses it, as with pre-ping.
"""

import select
import time

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

PING_AFTER_IDLE_S = 30.0
IDLE_SINCE = "nabij_idle_since"  # in a pooled connection's info


def check_on_checkout(engine: Engine) -> None:
    """Replace dead connections at checkout, asking the server only after a long idle."""

    @event.listens_for(engine, "checkin")
    def _idle_from_now(_dbapi_connection, record) -> None:
        record.info[IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _alive(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.pop(IDLE_SINCE, None)
        if idle_since is None:  # a new connection
            return
        if dbapi_connection.closed or _has_word_waiting(dbapi_connection):
            raise DisconnectionError("the server closed this connection")
        if time.monotonic() - idle_since > PING_AFTER_IDLE_S:
            try:
                engine.dialect.do_ping(dbapi_connection)
            except engine.dialect.loaded_dbapi.Error as error:
                raise DisconnectionError("the connection no longer answers") from error


def _has_word_waiting(dbapi_connection) -> bool:
    """Whether the server sent anything to an idle connection, which it only does to end it."""
    readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    return bool(readable)
