"""Every write to an offer or a place is numbered, in commit order, on both backends."""

import pytest
from shapely.geometry import Point
from sqlalchemy import insert, text
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from app.db import Database
from app.db.spatial import bounds_of
from app.models import Asset, OfferChange
from tests import factories

PLACE = {"name": "Plek", "asset_type": "physical", "support_level": "vereniging", "themes": [],
         "status": "published", "geom": Point(6.2, 52.13), **bounds_of(Point(6.2, 52.13))}  # fmt: skip


def changes(database, after: int = 0) -> list[tuple[str | None, str | None]]:
    with database.session() as session:
        rows = session.exec(select(OfferChange).where(OfferChange.seq > after).order_by(OfferChange.seq)).all()
    return [(row.offer_id and str(row.offer_id), row.asset_id and str(row.asset_id)) for row in rows]


def last_seq(database) -> int:
    with database.session() as session:
        return max(session.exec(select(OfferChange.seq)).all(), default=0)


def test_offers_and_places_written_through_the_api_are_named_in_order(client, auth, database):
    headers = auth["admin"]
    asset_id = client.post("/api/v1/assets", json=factories.asset(), headers=headers).json()["id"]
    assert changes(database) == []  # a new place has no offers yet
    offer_id = client.post("/api/v1/offers", json=factories.offer(asset_id), headers=headers).json()["id"]
    client.patch(f"/api/v1/offers/{offer_id}", json={"title": "Anders"}, headers=headers).raise_for_status()
    client.patch(f"/api/v1/assets/{asset_id}", json={"properties": {"name": "Elders"}}, headers=headers)
    client.delete(f"/api/v1/offers/{offer_id}", headers=headers).raise_for_status()
    client.delete(f"/api/v1/assets/{asset_id}", headers=headers).raise_for_status()
    offer, place = (offer_id, None), (None, asset_id)
    assert changes(database) == [offer, offer, place, offer, place]


def test_a_writer_of_offers_waits_for_the_one_before_to_commit(postgis_url):
    """On PostgreSQL numbers come from a sequence, taken in the order statements run: without the lock,
    a later number could commit first, and a copy that read it would never read the earlier one."""
    database = Database(postgis_url)
    first, second = database.engine.connect(), database.engine.connect()
    try:
        with database.session() as session:
            asset_id = session.scalars(insert(Asset).returning(Asset.id), [PLACE]).one()
        before = last_seq(database)
        first.execute(text("UPDATE assets SET name = 'Eerst' WHERE id = :id"), {"id": asset_id})
        second.execute(text("SET lock_timeout = '300ms'"))
        with pytest.raises(OperationalError, match="lock timeout"):
            second.execute(text("UPDATE assets SET name = 'Daarna' WHERE id <> :id"), {"id": asset_id})
        second.rollback()
        first.commit()
        second.execute(text("UPDATE assets SET name = 'Daarna' WHERE id = :id"), {"id": asset_id})
        second.commit()
        assert changes(database, after=before) == [(None, str(asset_id))] * 2
    finally:
        first.close(), second.close()
        database.dispose()
