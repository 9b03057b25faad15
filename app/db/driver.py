"""Statements on the busiest path, run on the driver's own cursor.

SQLAlchemy's execution (its context, events, parameter and result processing) costs about 0.1 ms
a statement and more for every row; a look at a need's matches runs some ten statements that
SQLite answers in a few hundredths of a millisecond each. A `DriverStatement` is a Core
statement compiled once per dialect; each run binds its values as the statement's types would
and returns the rows as the driver gives them, plain tuples. Select only columns both drivers
give alike, text and numbers (cast ids, dates and JSON to text: `as_text`), so that callers
need not know the backend.

The statement runs in the connection's transaction, but past SQLAlchemy: nothing listening for
statements on the engine sees it.
"""

import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any, NamedTuple

from sqlalchemy import Connection, Dialect, String, Table, cast, column, insert
from sqlalchemy import table as sa_table
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.sql import ClauseElement, ColumnElement
from sqlalchemy.sql.compiler import SQLCompiler


def as_text(column: Any) -> ColumnElement[str]:
    """A column as text: how ids, dates and JSON read alike from both drivers."""
    return cast(column, String)


class DriverStatement:
    """A Core statement compiled once per dialect, run on the driver's cursor."""

    def __init__(self, statement: ClauseElement):
        self.statement = statement
        self._bindings: dict[str, _Binding] = {}

    def rows(self, connection: Connection, values: Mapping[str, Any] | None = None) -> list[tuple]:
        """The rows for these bound values."""
        return rows_together(connection, [(self, values)])[0]

    def run(self, connection: Connection, values: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> None:
        """Run a statement that returns no rows: once, or once for each set of values in a list."""
        many = [values] if isinstance(values, Mapping) else list(values)
        if not many:
            return
        bound = [self._bound(connection, one) for one in many]
        with _cursors(connection, 1, bound[0]) as (cursor,):
            cursor.executemany(bound[0][0], [parameters for _, parameters in bound])

    def _bound(self, connection: Connection, values: Mapping[str, Any] | None) -> tuple[str, Any]:
        """The statement's text for these values and its parameters, converted as its types convert them."""
        binding = self._bindings.get(connection.dialect.name) or self._compile(connection.dialect)
        given = values or {}
        converted = [
            (name, value if convert is None else convert(value))
            for name, key, default, convert in binding.slots
            for value in (given.get(key, default),)
        ]
        parameters: Any = tuple(value for _, value in converted) if binding.positional else dict(converted)
        return binding.sql, parameters

    def _compile(self, dialect: Dialect) -> "_Binding":
        compiled = typing.cast(SQLCompiler, self.statement.compile(dialect=dialect))
        binds = compiled.binds
        names = compiled.positiontup or () if compiled.positional else tuple(binds)
        slots = tuple(
            (
                name,
                binds[name].key,
                binds[name].effective_value,
                binds[name].type.dialect_impl(dialect).bind_processor(dialect),
            )
            for name in names
        )
        if compiled.literal_execute_params or compiled.post_compile_params or any(b.callable for b in binds.values()):
            raise ValueError("a DriverStatement's text must not depend on its values: bind a list with `one_of`")
        self._bindings[dialect.name] = _Binding(compiled.string, compiled.positional, slots)
        return self._bindings[dialect.name]


class _Binding(NamedTuple):
    """How a statement binds values on one dialect: its text and, for each parameter in the order the driver
    takes them, its name, the key it is given by, its value when none is given, and its type's conversion."""

    sql: str
    positional: bool
    slots: tuple[tuple[str, str, Any, Callable | None], ...]


def inserting(table: Table, names: Iterable[str]) -> DriverStatement:
    """An INSERT of just the named columns of `table`, each value bound as its column's type binds it.

    Name every column the row needs: the table's own defaults, filled in by SQLAlchemy's execution,
    do not apply here (the database's do).
    """
    return DriverStatement(insert(sa_table(table.name, *(column(name, table.c[name].type) for name in names))))


def rows_together(
    connection: Connection, asked: Sequence[tuple["DriverStatement", Mapping[str, Any] | None]]
) -> list[list[tuple]]:
    """The rows of statements that do not depend on each other, in the order asked.

    On PostgreSQL they go out together and come back in one round trip (psycopg's pipeline mode),
    with the BEGIN of a transaction not yet begun; on SQLite, which has no trips, one after the other.
    The driver's errors come as SQLAlchemy's (`DBAPIError`), as from any other statement; a
    connection found lost is invalidated, so that the pool does not hand it out again.
    """
    bound = [statement._bound(connection, values) for statement, values in asked]
    driver: Any = connection.connection.driver_connection
    together = driver.pipeline() if _saves_a_trip(driver, len(bound)) else nullcontext()
    with _cursors(connection, len(bound), bound[0]) as cursors, together:
        for cursor, (sql, parameters) in zip(cursors, bound, strict=True):
            cursor.execute(sql, parameters)
        return [cursor.fetchall() for cursor in cursors]


@contextmanager
def _cursors(connection: Connection, count: int, first: tuple[str, Any]) -> Iterator[list[Any]]:
    """`count` cursors of the driver, closed afterwards; the driver's errors raised as SQLAlchemy's (for
    the `first` statement's text and values), a connection found lost invalidated."""
    driver: Any = connection.connection.driver_connection
    cursors = [driver.cursor() for _ in range(count)]
    try:
        yield cursors
    except connection.dialect.loaded_dbapi.Error as error:
        raise _as_sqlalchemys(connection, error, first, cursors[0]) from error
    finally:
        for cursor in cursors:
            cursor.close()


def _saves_a_trip(driver: Any, statements: int) -> bool:
    """Whether psycopg's pipeline saves a round trip: for several statements, or one with the BEGIN of
    its transaction still to send (the pipeline costs about 0.1 ms of CPU a statement otherwise)."""
    if not hasattr(driver, "pipeline"):
        return False
    return statements > 1 or (not driver.autocommit and driver.info.transaction_status.name == "IDLE")


def _as_sqlalchemys(connection: Connection, error: Any, bound: tuple[str, Any], cursor) -> StatementError:
    dialect = connection.dialect
    lost = dialect.is_disconnect(error, connection.connection.driver_connection, cursor)
    if lost:
        connection.invalidate(error)
    sql, parameters = bound
    return DBAPIError.instance(
        sql, parameters, error, dialect.loaded_dbapi.Error, connection_invalidated=lost, dialect=dialect
    )
