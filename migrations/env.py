"""Alembic environment: the schema belongs to the migrations; the URL comes from Settings."""

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from alembic import context
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection

from app.config import Settings
from app.db import Database
from app.db.types import Geometry, UTCDateTime
from app.models import metadata


def _compare_type(_context, _column, inspected, metadata_type, *_args) -> bool | None:
    # The database reports PostGIS geometry (or SQLite's BLOB) under its own name; ours is the same.
    if isinstance(metadata_type, Geometry):
        return False
    return None


POSTGIS_OWN_TABLES = {"spatial_ref_sys", "geometry_columns", "geography_columns", "raster_columns"}


def _include_object(obj, name, type_, reflected, compare_to) -> bool:
    if type_ == "table" and reflected and compare_to is None and name in POSTGIS_OWN_TABLES:
        return False
    # GiST indexes exist on PostGIS only (see app.models.base.add_spatial_indexes).
    return not (type_ == "index" and name.startswith("gix_") and _dialect_name() == "sqlite")


def _dialect_name() -> str:
    return context.get_context().dialect.name


def _render_item(type_: str, obj: object, autogen_context) -> str | bool:
    # New migrations spell our column types the way the first one does.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, Geometry):
        autogen_context.imports.add("from app.db.types import Geometry")
        return "Geometry()"
    return False


@contextmanager
def _sqlite_foreign_keys_off(connection: Connection) -> Iterator[None]:
    """Foreign keys off while migrating: a batch migration rebuilds a table by copy, drop and rename,
    and dropping a parent table with foreign keys on deletes its children (ON DELETE CASCADE).

    SQLite ignores the pragma inside a transaction, so it goes to the bare driver connection before
    Alembic begins one; if it did not take, the migration stops here rather than lose rows.
    """
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys=OFF")
    if driver.execute("PRAGMA foreign_keys").fetchone() != (0,):
        raise RuntimeError("foreign keys stayed on (the connection is inside a transaction); not migrating")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(ctx: MigrationContext, step, **_kw) -> None:
    """After each migration, inside its transaction: any row whose parent is gone undoes the migration."""
    assert ctx.connection is not None
    orphans = ctx.connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if orphans:
        raise RuntimeError(f"{step}: rows refer to missing parents (table, rowid, parent, key): {orphans[:20]}")


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    with _sqlite_foreign_keys_off(connection) if sqlite else nullcontext():
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=sqlite,
            compare_type=_compare_type,
            include_object=_include_object,
            render_item=_render_item,
            on_version_apply=[_check_foreign_keys] if sqlite else [],
        )
        with context.begin_transaction():
            context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url") or Settings().database_url
    database = Database(url)
    with database.engine.connect() as connection:
        _run(connection)
    database.dispose()


run_migrations_online()
