"""Statements on the driver's cursor read alike on both backends, inside the session's transaction; lists
bound as one value keep the statement's text, so PostgreSQL keeps it prepared."""

import json
import uuid
from datetime import UTC, date, datetime

import psycopg
import pytest
from shapely.geometry import Point
from sqlalchemy import bindparam, column, func, table
from sqlalchemy import select as sa_select
from sqlalchemy.exc import DBAPIError
from sqlmodel import col, select

from app.db import Database
from app.db.driver import DriverStatement, as_text, inserting, rows_together
from app.db.one_of import one_of
from app.db.spatial import bounds_of
from app.models import Asset, Offer

OFFERS = DriverStatement(
    sa_select(as_text(col(Offer.id)), as_text(col(Offer.themes)), as_text(col(Offer.valid_until)), col(Offer.capacity))
    .where(one_of(col(Offer.id), "ids"), col(Offer.title) != bindparam("title"))
    .order_by(col(Offer.title))
)


def _offers(session, count: int) -> list[Offer]:
    place = Point(6.2, 52.13)
    asset = Asset(
        name="Buurthuis", asset_type="community_centre", support_level="vereniging", geom=place, **bounds_of(place)
    )
    offers = [
        Offer(asset_id=asset.id, title=f"Aanbod {n}", themes=["huisvesting/tuin"], valid_until=date(2027, 3, n + 1),
              capacity=n or None)
        for n in range(count)
    ]  # fmt: skip
    session.add_all([asset, *offers])
    session.flush()
    return offers


def test_ids_dates_and_json_read_alike_and_values_bind_by_type(database):
    with database.session() as session:
        offers = _offers(session, 3)
        asked = [offers[0].id, offers[2].id, uuid.uuid4()]
        rows = OFFERS.rows(session.connection(), {"ids": asked, "title": "Aanbod 2"})
    read = [
        (uuid.UUID(id_), json.loads(themes), date.fromisoformat(until), capacity)
        for id_, themes, until, capacity in rows
    ]
    assert read == [(offers[0].id, ["huisvesting/tuin"], date(2027, 3, 1), None)]


def test_values_bound_as_text_match_as_the_columns_read_as_text(database):
    """Ids as the driver read them (stored form on SQLite, canonical on PostgreSQL) and texts with the
    characters an array literal quotes."""
    titles = ["Aanbod 0", 'met "aanhalingstekens", komma', "back\\slash {accolades}", "één", ""]
    by_id = DriverStatement(sa_select(col(Offer.title)).where(one_of(col(Offer.id), "ids", texts=True)))
    by_title = DriverStatement(sa_select(col(Offer.title)).where(one_of(col(Offer.title), "titles", texts=True)))
    with database.session() as session:
        offers = _offers(session, 2)
        offers[1].title = titles[1]
        session.flush()
        connection = session.connection()
        (stored_id,) = DriverStatement(sa_select(as_text(col(Offer.id))).where(col(Offer.title) == "Aanbod 0")).rows(
            connection
        )[0]
        assert by_id.rows(connection, {"ids": [stored_id, str(uuid.uuid4())]}) == [("Aanbod 0",)]
        assert sorted(by_title.rows(connection, {"titles": titles})) == [("Aanbod 0",), (titles[1],)]
        assert by_title.rows(connection, {"titles": []}) == []


def test_an_empty_list_matches_nothing(database):
    with database.session() as session:
        _offers(session, 1)
        assert OFFERS.rows(session.connection(), {"ids": [], "title": ""}) == []


def test_it_reads_the_transaction_it_runs_in(database):
    with database.session() as session:
        offers = _offers(session, 2)  # flushed, not committed
        found = OFFERS.rows(session.connection(), {"ids": [offer.id for offer in offers], "title": ""})
        assert len(found) == 2
        session.rollback()
    with database.session() as session:
        assert OFFERS.rows(session.connection(), {"ids": [offer.id for offer in offers], "title": ""}) == []


def test_lists_of_any_length_share_one_prepared_statement_on_postgresql(postgis_url):
    database = Database(postgis_url)
    try:
        with database.session() as session:
            offers = _offers(session, 6)
            connection = session.connection()
            for count in range(1, 7):  # psycopg prepares what it is asked five times
                found = OFFERS.rows(connection, {"ids": [offer.id for offer in offers[:count]], "title": ""})
                assert len(found) == count
            prepared = connection.exec_driver_sql(
                "SELECT count(*) FROM pg_prepared_statements WHERE strpos(statement, '= ANY(') > 0"
            ).scalar_one()
            session.rollback()
    finally:
        database.dispose()
    assert prepared == 1


def test_a_driver_error_comes_as_sqlalchemys(database):
    missing = DriverStatement(sa_select(column("x")).select_from(table("no_such_table")))
    with pytest.raises(DBAPIError) as raised, database.session() as session:
        missing.rows(session.connection())
    assert "no_such_table" in str(raised.value)
    assert not raised.value.connection_invalidated


def test_a_connection_lost_during_a_statement_is_invalidated_and_replaced(postgis_url, postgis_admin_url):
    database = Database(postgis_url)
    backend_pid = DriverStatement(sa_select(func.pg_backend_pid()))
    try:
        with pytest.raises(DBAPIError) as raised, database.session() as session:
            (lost_pid,) = backend_pid.rows(session.connection())[0]
            with psycopg.connect(f"{postgis_admin_url.replace('+psycopg', '')}/postgres", autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s, 5000)", (lost_pid,))
            backend_pid.rows(session.connection())
        # The statement's own error, the connection already let go (rolling back did not fail on it).
        assert "pg_backend_pid" in str(raised.value.statement)
        assert raised.value.connection_invalidated
        with database.session() as session:
            assert backend_pid.rows(session.connection())[0][0] != lost_pid
    finally:
        database.dispose()


def test_statements_asked_together_answer_in_the_order_asked(database):
    with database.session() as session:
        offers = _offers(session, 3)
        first, second = rows_together(
            session.connection(),
            [
                (OFFERS, {"ids": [offers[2].id], "title": ""}),
                (OFFERS, {"ids": [offers[0].id, offers[1].id], "title": ""}),
            ],
        )
    assert [uuid.UUID(row[0]) for row in first] == [offers[2].id]
    assert [uuid.UUID(row[0]) for row in second] == [offers[0].id, offers[1].id]


def test_an_error_among_statements_asked_together_leaves_the_session_to_roll_back(database):
    missing = DriverStatement(sa_select(column("x")).select_from(table("no_such_table")))
    with pytest.raises(DBAPIError), database.session() as session:
        offers = _offers(session, 1)
        rows_together(session.connection(), [(OFFERS, {"ids": [offers[0].id], "title": ""}), (missing, None)])
    with database.session() as session:
        assert OFFERS.rows(session.connection(), {"ids": [offers[0].id], "title": ""}) == []  # rolled back


NEW_OFFERS = inserting(
    Offer.__table__,
    (
        "id",
        "asset_id",
        "title",
        "description",
        "themes",
        "schedule",
        "facets",
        "valid_until",
        "capacity",
        "status",
        "created_at",
        "updated_at",
    ),
)


def test_rows_inserted_on_the_driver_read_back_as_the_orm_wrote_them(database):
    with database.session() as session:
        (model,) = _offers(session, 1)
        stamp = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
        written = [
            {"id": uuid.uuid4(), "asset_id": model.asset_id, "title": f"Nieuw {n}", "description": "",
             "themes": ["zorg/eenzaamheid", "x"], "schedule": [{"day": "di"}], "facets": {"cost": 0}, "status": "draft",
             "valid_until": date(2027, 1, n + 1), "capacity": n, "created_at": stamp, "updated_at": stamp}
            for n in range(3)
        ]  # fmt: skip
        NEW_OFFERS.run(session.connection(), written)
        NEW_OFFERS.run(session.connection(), [])  # nothing to write: no statement
    with database.session() as session:
        read = session.exec(select(Offer).where(col(Offer.title).startswith("Nieuw")).order_by(col(Offer.title))).all()
        assert [
            {"id": o.id, "asset_id": o.asset_id, "title": o.title, "description": o.description, "themes": o.themes,
             "schedule": o.schedule, "facets": o.facets, "status": o.status, "valid_until": o.valid_until,
             "capacity": o.capacity, "created_at": o.created_at, "updated_at": o.updated_at}
            for o in read
        ] == written  # fmt: skip


def test_a_failed_insert_comes_as_sqlalchemys_and_writes_nothing(database):
    with database.session() as session:
        (model,) = _offers(session, 1)
    twice = {"id": model.id, "asset_id": model.asset_id, "title": "Dubbel", "description": "", "themes": [],
             "schedule": [], "facets": {}, "status": "draft", "valid_until": None, "capacity": None,
             "created_at": model.created_at, "updated_at": model.updated_at}  # fmt: skip
    with pytest.raises(DBAPIError) as raised, database.session() as session:
        NEW_OFFERS.run(session.connection(), twice)
    assert "offers" in str(raised.value.statement)
    with database.session() as session:
        assert session.get(Offer, model.id).title == "Aanbod 0"


def test_a_statement_whose_text_would_depend_on_its_values_is_refused(database):
    spread = DriverStatement(
        sa_select(column("x")).select_from(table("t")).where(column("x").in_(bindparam("xs", expanding=True)))
    )
    with pytest.raises(ValueError, match="one_of"), database.session() as session:
        spread.rows(session.connection(), {"xs": [1, 2]})
