"""Column types that hold geometries: PostGIS geometry on PostgreSQL, WKB in a BLOB on SQLite."""

from datetime import UTC, datetime

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import DateTime, LargeBinary
from sqlalchemy.dialects.postgresql import base as postgresql_base
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine, UserDefinedType

SRID = 4326


class PostGISGeometry(UserDefinedType):
    """PostGIS `geometry(Geometry, 4326)`; values travel as hex EWKB text."""

    cache_ok = True

    def __init__(self, *_reflected: object, **_options: object):
        # Reflection passes the type's modifiers (Geometry, 4326); the column spec is fixed.
        super().__init__()

    def get_col_spec(self, **kw: object) -> str:
        return f"geometry(Geometry,{SRID})"


# Reflection (alembic check) then knows the column type instead of warning about it.
postgresql_base.ischema_names["geometry"] = PostGISGeometry


class Geometry(TypeDecorator):
    """A WGS84 shapely geometry, stored natively on PostGIS and as WKB on SQLite."""

    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(PostGISGeometry())
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: BaseGeometry | None, dialect: Dialect) -> bytes | str | None:
        if value is None:
            return None
        if dialect.name == "postgresql":
            return shapely.to_wkb(shapely.set_srid(value, SRID), hex=True, include_srid=True)
        return shapely.to_wkb(value)

    def process_result_value(self, value: bytes | str | None, dialect: Dialect) -> BaseGeometry | None:
        if value is None:
            return None
        return shapely.from_wkb(value)


class UTCDateTime(TypeDecorator):
    """A moment in UTC; SQLite forgets the zone, so it is put back on reading."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value
