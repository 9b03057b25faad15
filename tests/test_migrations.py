"""Alembic owns the schema: it builds an empty database and matches the models exactly."""

import shutil
import uuid
from datetime import UTC, date, datetime

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from shapely.geometry import Point
from sqlalchemy import func, insert, inspect, text
from sqlmodel import select

from app.config import PROJECT_ROOT
from app.db import Database
from app.db.spatial import bounds_of
from app.migrate import alembic_config, upgrade
from app.models import Asset, Match, Need, Offer, Volunteer, metadata
from tests import factories
from tests.postgis import create_database


@pytest.fixture(params=["sqlite", "postgis"])
def empty_database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    admin_url = request.getfixturevalue("postgis_admin_url")
    return create_database(admin_url, f"empty_{uuid.uuid4().hex[:8]}")


def _tables(url: str) -> set[str]:
    database = Database(url)
    names = set(inspect(database.engine).get_table_names()) - {"spatial_ref_sys"}
    database.dispose()
    return names


def test_upgrade_head_builds_every_table_and_check_finds_no_drift(empty_database_url):
    upgrade(empty_database_url)
    assert _tables(empty_database_url) == {t.name for t in metadata.sorted_tables} | {"alembic_version"}
    command.check(alembic_config(empty_database_url))


def test_downgrade_to_base_and_back(empty_database_url):
    config = alembic_config(empty_database_url)
    upgrade(empty_database_url)
    command.downgrade(config, "base")
    assert _tables(empty_database_url) == {"alembic_version"}
    upgrade(empty_database_url)
    command.check(config)


def test_postgis_has_gist_indexes_on_geometries(postgis_url):
    database = Database(postgis_url)
    indexes = {
        ix["name"]
        for table in ("areas", "assets", "needs", "volunteers")
        for ix in inspect(database.engine).get_indexes(table)
    }
    database.dispose()
    assert {"gix_areas_geom", "gix_assets_geom", "gix_needs_geom", "gix_volunteers_geom"} <= indexes


def test_offer_places_were_filled_for_offers_stored_before_they_existed_and_come_back_on_downgrade(
    empty_database_url,
):
    """Migration 0003 filled the index from the offers there were; 0015 dropped it, and going back fills it again."""
    config = alembic_config(empty_database_url)
    command.upgrade(config, "0002")
    database = Database(empty_database_url)
    asset = {"name": "Wijktuin", "asset_type": "physical", "support_level": "vereniging", "themes": [],
             "status": "published", "geom": Point(6.2, 52.13), **bounds_of(Point(6.2, 52.13))}  # fmt: skip
    with database.session() as session:
        asset_id = session.scalars(insert(Asset).returning(Asset.id), [asset]).one()
        offers = [
            {"asset_id": asset_id, "title": "Tuin", "themes": ["huisvesting/tuin", "huisvesting/klussen"],
             "status": "published"},
            {"asset_id": asset_id, "title": "Concept", "themes": ["huisvesting/tuin"], "status": "draft"},
        ]  # fmt: skip
        published, _ = session.scalars(insert(Offer).returning(Offer.id), offers).all()

    def places() -> list[tuple]:
        with database.session() as session:
            rows = session.execute(text("SELECT offer_id, domain, lon FROM offer_places")).all()
        return [(uuid.UUID(str(offer_id)), domain, lon) for offer_id, domain, lon in rows]

    command.upgrade(config, "0014")
    assert places() == [(published, "huisvesting", 6.2)]
    upgrade(empty_database_url)
    assert "offer_places" not in _tables(empty_database_url)
    command.downgrade(config, "0014")
    assert places() == [(published, "huisvesting", 6.2)]
    database.dispose()


def test_offers_never_confirmed_are_confirmed_on_the_day_they_were_made(empty_database_url):
    command.upgrade(alembic_config(empty_database_url), "0006")
    database = Database(empty_database_url)
    asset = {"name": "Wijktuin", "asset_type": "physical", "support_level": "vereniging", "themes": [],
             "status": "published", "geom": Point(6.2, 52.13), **bounds_of(Point(6.2, 52.13))}  # fmt: skip
    made = datetime(2025, 3, 4, 23, 30, tzinfo=UTC)
    with database.session() as session:
        asset_id = session.scalars(insert(Asset).returning(Asset.id), [asset]).one()
        offer = {"asset_id": asset_id, "themes": [], "created_at": made}
        session.execute(insert(Offer), [
            {**offer, "title": "Nooit", "last_confirmed": None},
            {**offer, "title": "Wel", "last_confirmed": date(2026, 1, 1)},
        ])  # fmt: skip
    upgrade(empty_database_url)
    with database.session() as session:
        rows = session.exec(select(Offer.title, Offer.last_confirmed).order_by(Offer.title)).all()
    database.dispose()
    assert rows == [("Nooit", date(2025, 3, 4)), ("Wel", date(2026, 1, 1))]


REBUILD_NEEDS = """
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"


def upgrade():
    # SQLite cannot alter a column in place: the batch rebuilds `needs` (copy, drop, rename).
    with op.batch_alter_table("needs") as batch_op:
        batch_op.alter_column("description", existing_type=sa.Text(), existing_nullable=False, server_default="")
    {more}


def downgrade():
    pass
"""


def _with_revision(tmp_path, url: str, more: str = "pass"):
    """The project's migrations and one more after head, in a throwaway script directory."""
    folder = tmp_path / "migrations"
    shutil.copytree(PROJECT_ROOT / "migrations", folder, ignore=shutil.ignore_patterns("__pycache__"))
    config = alembic_config(url)
    head = ScriptDirectory.from_config(config).get_current_head()
    (folder / "versions" / "9001_rebuild_needs.py").write_text(REBUILD_NEEDS.format(head=head, more=more))
    config.set_main_option("script_location", str(folder))
    return config


def _need_with_matches(database: Database) -> None:
    home = Point(*factories.HOME)
    with database.session() as session:
        need = Need(person_ref="r-1", themes=["huisvesting/tuin"], geom=home, **bounds_of(home))
        volunteer = Volunteer(person_ref="r-2", themes=["huisvesting/tuin"], geom=home, **bounds_of(home))
        session.add_all([need, volunteer])
        session.flush()
        session.add(Match(need_id=need.id, volunteer_id=volunteer.id, score=1.0, distance_m=0.0))


def _count(database: Database, model) -> int:
    with database.session() as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_rebuilding_a_parent_table_keeps_its_child_rows(empty_database_url, tmp_path):
    config = _with_revision(tmp_path, empty_database_url)
    upgrade(empty_database_url)
    database = Database(empty_database_url)
    _need_with_matches(database)
    command.upgrade(config, "9001")
    assert (_count(database, Need), _count(database, Match)) == (1, 1)
    database.dispose()


def test_a_migration_that_orphans_rows_is_undone(tmp_path):
    url = f"sqlite:///{tmp_path / 'nabij.db'}"
    config = _with_revision(tmp_path, url, more='op.execute("DELETE FROM needs")')
    upgrade(url)
    database = Database(url)
    _need_with_matches(database)
    with pytest.raises(RuntimeError, match="rows refer to missing parents"):
        command.upgrade(config, "9001")
    with database.session() as session:
        stored = session.exec(text("SELECT version_num FROM alembic_version")).one()
    assert stored == (ScriptDirectory.from_config(alembic_config(url)).get_current_head(),)
    assert (_count(database, Need), _count(database, Match)) == (1, 1)
    database.dispose()
