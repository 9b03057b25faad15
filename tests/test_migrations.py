"""Alembic owns the schema: it builds an empty database and matches the models exactly."""

import uuid

import pytest
from alembic import command
from shapely.geometry import Point
from sqlalchemy import insert, inspect
from sqlmodel import select

from app.db import Database
from app.db.spatial import bounds_of
from app.migrate import alembic_config, upgrade
from app.models import Asset, Offer, OfferPlace, metadata
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


def test_offer_places_are_filled_for_offers_stored_before_they_existed(empty_database_url):
    command.upgrade(alembic_config(empty_database_url), "0002")
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
    upgrade(empty_database_url)
    with database.session() as session:
        rows = session.exec(select(OfferPlace.offer_id, OfferPlace.domain, OfferPlace.lon)).all()
    database.dispose()
    assert rows == [(published, "huisvesting", 6.2)]
