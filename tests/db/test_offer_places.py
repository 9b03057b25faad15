"""The offer places index follows every write to offers and assets, on both backends."""

import uuid

from sqlmodel import select

from app.models import OfferPlace
from tests import factories

GARDEN, JOBS, CHORES = "huisvesting/tuin", "werk_opleiding/werk_zoeken", "huisvesting/klussen"


def places(database, offer_id: str) -> list[tuple]:
    with database.session() as session:
        rows = session.exec(select(OfferPlace).where(OfferPlace.offer_id == uuid.UUID(offer_id))).all()
        return sorted((row.domain, round(row.lon, 6), round(row.lat, 6), row.support_level) for row in rows)


def test_places_follow_offers_and_assets_through_the_api(client, auth, database):
    headers = auth["admin"]
    asset = client.post("/api/v1/assets", json=factories.asset(support_level="vereniging"), headers=headers).json()
    lon, lat = factories.HOME
    body = factories.offer(asset["id"], themes=[GARDEN, CHORES, JOBS])
    offer_id = client.post("/api/v1/offers", json=body, headers=headers).json()["id"]
    assert places(database, offer_id) == [
        ("huisvesting", lon, lat, "vereniging"),
        ("werk_opleiding", lon, lat, "vereniging"),
    ]

    client.patch(f"/api/v1/offers/{offer_id}", json={"themes": [JOBS]}, headers=headers).raise_for_status()
    assert places(database, offer_id) == [("werk_opleiding", lon, lat, "vereniging")]

    moved = {"geometry": factories.point(6.21, 52.14), "properties": {"support_level": "maatwerk"}}
    client.patch(f"/api/v1/assets/{asset['id']}", json=moved, headers=headers).raise_for_status()
    assert places(database, offer_id) == [("werk_opleiding", 6.21, 52.14, "maatwerk")]

    client.patch(f"/api/v1/offers/{offer_id}", json={"status": "draft"}, headers=headers).raise_for_status()
    assert places(database, offer_id) == []
    client.patch(f"/api/v1/offers/{offer_id}", json={"status": "published"}, headers=headers).raise_for_status()
    assert len(places(database, offer_id)) == 1

    client.patch(
        f"/api/v1/assets/{asset['id']}", json={"properties": {"status": "archived"}}, headers=headers
    ).raise_for_status()
    assert places(database, offer_id) == []
    client.patch(
        f"/api/v1/assets/{asset['id']}", json={"properties": {"status": "published"}}, headers=headers
    ).raise_for_status()
    assert len(places(database, offer_id)) == 1

    client.delete(f"/api/v1/offers/{offer_id}", headers=headers).raise_for_status()
    assert places(database, offer_id) == []


def test_a_draft_offer_has_no_place(client, auth, database):
    headers = auth["admin"]
    asset = client.post("/api/v1/assets", json=factories.asset(), headers=headers).json()
    body = {**factories.offer(asset["id"], themes=[GARDEN]), "status": "draft"}
    offer_id = client.post("/api/v1/offers", json=body, headers=headers).json()["id"]
    assert places(database, offer_id) == []
