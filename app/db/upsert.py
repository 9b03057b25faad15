"""Insert-or-update by a unique key, many rows at once, the quickest way each backend offers.

Both backends spell it INSERT ... ON CONFLICT DO UPDATE ... WHERE: a row already stored as
given is left alone, and the count says how many rows were inserted or updated.
"""

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import Select, Table, column, or_, select, text
from sqlalchemy import table as table_clause
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

InsertT = TypeVar("InsertT", postgresql.Insert, sqlite.Insert)


def upsert(session: Session, table: Table, columns: dict[str, list], *, key: Sequence[str]) -> int:
    """Insert the rows given column by column, or update the row stored under the same `key` where
    one of its other values differs; how many rows were inserted or updated (not those left alone).
    No two rows may share a key."""
    if not next(iter(columns.values())):
        return 0
    if session.get_bind().dialect.name == "postgresql":
        return _upsert_postgresql(session, table, columns, key)
    return _upsert_sqlite(session, table, columns, key)


def _upsert_sqlite(session: Session, table: Table, columns: dict[str, list], key: Sequence[str]) -> int:
    # Straight to sqlite3's executemany, which sums every row's changes into its rowcount: SQLAlchemy's
    # handling of each row's parameters would take longer than SQLite takes to store them.
    names = list(columns)
    statement = _on_conflict(sqlite.insert(table), table, names, key)
    compiled = statement.compile(dialect=session.get_bind().dialect, column_keys=names)
    order = [columns[name] for name in compiled.positiontup or []]
    connection = session.connection().execution_options(preserve_rowcount=True)
    return connection.exec_driver_sql(str(compiled), list(zip(*order, strict=True))).rowcount


def _upsert_postgresql(session: Session, table: Table, columns: dict[str, list], key: Sequence[str]) -> int:
    # COPY into a temporary table, then one INSERT ... SELECT: twice as quick as unnest() over arrays,
    # and far quicker than a statement of many VALUES, which psycopg parses slowly.
    names = list(columns)
    incoming = f"{table.name}_incoming"
    listed = ", ".join(names)
    session.execute(text(f"CREATE TEMPORARY TABLE {incoming} AS SELECT {listed} FROM {table.name} WITH NO DATA"))
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {incoming} ({listed}) FROM STDIN") as copy:
        for row in zip(*columns.values(), strict=True):
            copy.write_row(row)
    copied: Select = select(*(column(name) for name in names)).select_from(table_clause(incoming))
    statement = _on_conflict(postgresql.insert(table).from_select(names, copied), table, names, key)
    # Without preserve_rowcount SQLAlchemy reports no rowcount for an INSERT.
    written = session.connection().execution_options(preserve_rowcount=True).execute(statement).rowcount
    session.execute(text(f"DROP TABLE {incoming}"))
    return written


def _on_conflict(statement: InsertT, table: Table, names: list[str], key: Sequence[str]) -> InsertT:
    values = [name for name in names if name not in key]
    changed = or_(*(table.c[name] != statement.excluded[name] for name in values))
    return statement.on_conflict_do_update(
        index_elements=list(key), set_={name: statement.excluded[name] for name in values}, where=changed
    )
