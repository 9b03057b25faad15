"""Radius, bbox and area queries are answered from an index on both backends."""

from shapely.geometry import box
from sqlalchemy import event, text
from sqlmodel import select

from app.db.spatial import spatial_sql
from app.models import Asset


def _plan(session, condition) -> str:
    """The query plan of `condition`, from the statement and parameters the driver really got."""
    engine = session.get_bind()
    sqlite = engine.dialect.name == "sqlite"
    sent = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        session.execute(select(Asset.id).where(condition)).all()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    statement, parameters = sent[-1]
    if not sqlite:
        # With a handful of rows the planner would rightly scan; forbid that to see the index is usable.
        session.execute(text("SET LOCAL enable_seqscan = off"))
    prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
    rows = session.connection().exec_driver_sql(prefix + statement, parameters).all()
    return " ".join(str(row[-1]) for row in rows)


def _expected_index(session) -> str:
    return "ix_assets_bbox" if session.get_bind().dialect.name == "sqlite" else "gix_assets_geom"


def test_radius_query_uses_the_spatial_index(database):
    with database.session() as session:
        plan = _plan(session, spatial_sql(session).within_m(Asset, 6.2, 52.13, 1000))
        assert _expected_index(session) in plan


def test_bbox_query_uses_the_spatial_index(database):
    with database.session() as session:
        plan = _plan(session, spatial_sql(session).box_overlaps(Asset, (6.19, 52.12, 6.21, 52.14)))
        assert _expected_index(session) in plan


def test_area_query_uses_the_spatial_index(database):
    with database.session() as session:
        plan = _plan(session, spatial_sql(session).intersects(Asset, box(6.19, 52.12, 6.21, 52.14)))
        assert _expected_index(session) in plan
