"""`column` is one of a list bound as a single value, in SQL whose text does not depend on the list.

An IN list with a placeholder per item makes new SQL for every length: the statement is built
anew each time, and the drivers' prepared statements (psycopg prepares SQL it sees five times)
never come into play. Here the list is one parameter: an array on PostgreSQL (`= ANY(...)`), a
JSON array on SQLite (`IN (SELECT value FROM json_each(...))`), both answered from the column's
index.
"""

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Dialect, String, TypeDecorator, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.types import NULLTYPE, TypeEngine


class _ListOf(TypeDecorator):
    """A list of the column's values, bound as the backend takes a list."""

    impl = String  # JSON text on SQLite; an array of the item type on PostgreSQL
    cache_ok = True

    def __init__(self, item: TypeEngine):
        super().__init__()
        self.item = item

    def process_bind_param(self, value: Sequence | None, dialect: Dialect) -> Any:
        return self.bind_processor(dialect)(value)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine:
        return dialect.type_descriptor(ARRAY(self.item) if dialect.name == "postgresql" else String())

    def bind_processor(self, dialect: Dialect):  # the impl's own processor must not run on the list
        convert = self.item.bind_processor(dialect)  # found once: callers keep the processor
        as_json = dialect.name == "sqlite"

        def process(value: Sequence | None) -> Any:
            items = [convert(item) for item in value or ()] if convert else list(value or ())
            return json.dumps(items) if as_json else items

        return process


class OneOf(ColumnElement[bool]):
    type = NULLTYPE  # type: ignore[assignment]  # not Boolean: SQLite would be asked `... = 1`
    inherit_cache = True

    def __init__(self, column: ColumnElement, values: BindParameter):
        self.column, self.values = column, values


class _TextsOf(_ListOf):
    """A list of the column's values as text, as `as_text` reads them (an id as stored on SQLite, in its
    canonical form on PostgreSQL): nothing to convert. PostgreSQL gets one array literal to cast, which
    costs it less than a list of a hundred values to adapt one by one."""

    cache_ok = True

    def bind_processor(self, dialect: Dialect):
        if dialect.name == "sqlite":
            return lambda value: json.dumps(list(value or ()))
        return lambda value: "{" + ",".join(_array_element(item) for item in value or ()) + "}"


def _array_element(text: str) -> str:
    """A text quoted as an element of a PostgreSQL array literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def one_of(column: Any, name: str, value: Sequence | None = None, *, texts: bool = False) -> OneOf:
    """`column` is one of the list bound as `name` (or the constant list `value`); with `texts`, a list of
    its values as `as_text` reads them."""
    of = (_TextsOf if texts else _ListOf)(column.type)
    return OneOf(column, bindparam(name, value=list(value) if value is not None else None, type_=of))


@compiles(OneOf, "sqlite")
def _in_json_array(element: OneOf, compiler, **kw) -> str:
    column, values = compiler.process(element.column, **kw), compiler.process(element.values, **kw)
    return f"{column} IN (SELECT value FROM json_each({values}))"


@compiles(OneOf, "postgresql")
def _any_of_array(element: OneOf, compiler, **kw) -> str:
    column, values = compiler.process(element.column, **kw), compiler.process(element.values, **kw)
    return f"{column} = ANY({values})"


@compiles(OneOf)
def _in_list(element: OneOf, compiler, **kw) -> str:
    """How the condition reads when printed without a backend."""
    column, values = compiler.process(element.column, **kw), compiler.process(element.values, **kw)
    return f"{column} IN ({values})"
