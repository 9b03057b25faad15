"""Counters that several workers add to at once: one atomic upsert, spelled by each backend's dialect."""

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def increment(session: Session, table: Table, key: dict[str, object], column: str) -> int:
    """Add one to `column` of the row with primary key `key` (made at 1 when missing); the new value."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(**key, **{column: 1})
    statement = statement.on_conflict_do_update(index_elements=list(key), set_={column: table.c[column] + 1}).returning(
        table.c[column]
    )
    return int(session.execute(statement).scalar_one())
