"""The offer places index follows every write to offers and assets, on both backends."""

import uuid

from sqlmodel import select

from app.models import OfferPlace
from app.models.offer import band_of
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


def _offer_at(client, headers, lon: float, lat: float) -> str:
    place = factories.asset(factories.point(lon, lat), support_level="vereniging")
    asset = client.post("/api/v1/assets", json=place, headers=headers).json()
    return client.post("/api/v1/offers", json=factories.offer(asset["id"], themes=[GARDEN]), headers=headers).json()[
        "id"
    ]


def test_places_carry_the_band_of_their_longitude_as_the_application_computes_it(client, auth, database):
    headers = auth["admin"]
    lons = [6.1799999, 6.18, 6.1800001, 3.6, 7.1999]
    offer_ids = [_offer_at(client, headers, lon, 52.13) for lon in lons]
    with database.session() as session:
        stored = {
            str(offer_id): band for offer_id, band in session.exec(select(OfferPlace.offer_id, OfferPlace.band)).all()
        }
    assert [stored[offer_id] for offer_id in offer_ids] == [band_of(lon) for lon in lons]
    assert len({band_of(lon) for lon in lons[:3]}) == 2  # the first three straddle a band's edge


def test_a_need_on_a_band_edge_is_offered_what_lies_on_both_sides(client, auth):
    headers = auth["admin"]
    edge = 6.18  # (6.18 + 180) * 50 is a whole number
    west, east = _offer_at(client, headers, edge - 0.005, 52.13), _offer_at(client, headers, edge + 0.005, 52.13)
    need = client.post(
        "/api/v1/needs", json=factories.need(factories.point(edge, 52.13), themes=[GARDEN]), headers=headers
    )
    found = client.get(f"/api/v1/needs/{need.json()['id']}/matches", headers=headers).json()["matches"]
    assert {match["offer_id"] for match in found} == {west, east}
