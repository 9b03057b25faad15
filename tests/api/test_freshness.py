"""Offers left unconfirmed: stale and flagged after a year, then hidden from the public and from matching."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from app.config import Settings
from app.main import create_app
from app.models import Offer
from app.store.analysis import neighbourhood
from app.store.freshness import today
from tests import factories
from tests.api.offers import GARDEN, offer, place


@pytest.mark.parametrize(
    ("confirmed_days_ago", "freshness"),
    [(0, "fresh"), (365, "fresh"), (366, "stale"), (545, "stale"), (546, "hidden")],
)
def test_an_offer_turns_stale_after_a_year_and_hidden_half_a_year_later(client, auth, confirmed_days_ago, freshness):
    offer_id = offer(client, auth, place(client, auth), confirmed_days_ago)
    shown = client.get(f"/api/v1/offers/{offer_id}", headers=auth["builder"]).json()
    assert (shown["freshness"], shown["open_reports"]) == (freshness, 0)


def test_a_hidden_offer_is_gone_for_the_public_and_kept_flagged_for_those_who_keep_it(client, auth, organisations):
    asset_id = place(client, auth, organisations["own"])
    stale, hidden = offer(client, auth, asset_id, 400, "Oud"), offer(client, auth, asset_id, 600, "Verborgen")
    public = client.get("/api/v1/offers").json()["items"]
    assert [(o["id"], o["freshness"]) for o in public] == [(stale, "stale")]
    assert "open_reports" not in public[0]
    assert client.get(f"/api/v1/offers/{hidden}").status_code == 404
    for role in ("builder", "admin", "planner", "association"):
        listed = client.get("/api/v1/offers", headers=auth[role]).json()["items"]
        assert {o["id"]: o["freshness"] for o in listed} == {stale: "stale", hidden: "hidden"}, role
    other = client.post("/api/v1/organisations", json=factories.organisation(), headers=auth["admin"]).json()["id"]
    client.patch(f"/api/v1/assets/{asset_id}", json={"properties": {"organisation_id": other}}, headers=auth["admin"])
    assert client.get(f"/api/v1/offers/{hidden}", headers=auth["association"]).status_code == 404


def test_hidden_offers_leave_the_open_standard_feeds_and_the_map(client, auth):
    asset_id = place(client, auth)
    shown, hidden = offer(client, auth, asset_id, 400, "Oud"), offer(client, auth, asset_id, 600, "Verborgen")
    ogc = client.get("/ogc/collections/offers/items").json()
    assert [f["id"] for f in ogc["features"]] == [shown]
    assert client.get(f"/ogc/collections/offers/items/{hidden}").status_code == 404
    hsds = client.get("/hsds/services").json()
    assert [service["id"] for service in hsds["contents"]] == [shown]
    assert client.get(f"/hsds/services/{hidden}").status_code == 404
    [asset] = client.get("/map/assets.geojson").json()["features"]
    assert asset["properties"]["offers"] == ["Oud"]


def test_a_never_confirmed_offer_counts_from_the_day_it_was_made(client, auth, database):
    offer_id = offer(client, auth, place(client, auth), 0)
    cleared = client.patch(f"/api/v1/offers/{offer_id}", json={"last_confirmed": None}, headers=auth["admin"])
    assert cleared.json()["freshness"] == "fresh"
    with database.session() as session:
        long_ago = datetime.now(UTC) - timedelta(days=600)
        session.execute(update(Offer).where(Offer.id == uuid.UUID(offer_id)).values(created_at=long_ago))
    assert client.get(f"/api/v1/offers/{offer_id}", headers=auth["builder"]).json()["freshness"] == "hidden"
    assert client.get(f"/api/v1/offers/{offer_id}").status_code == 404


def test_a_new_offer_is_confirmed_the_day_it_is_made(client, auth):
    body = {key: value for key, value in factories.offer(place(client, auth)).items() if key != "last_confirmed"}
    made = client.post("/api/v1/offers", json=body, headers=auth["admin"]).json()
    assert (made["last_confirmed"], made["freshness"]) == (str(today()), "fresh")


def test_matching_proposes_stale_offers_lower_and_hidden_ones_never(client, auth):
    stale = offer(client, auth, place(client, auth), 400, "Oud")
    hidden = offer(client, auth, place(client, auth), 600, "Verborgen")
    fresh = offer(client, auth, place(client, auth), 10, "Nieuw")
    need = client.post("/api/v1/needs", json=factories.need(themes=[GARDEN]), headers=auth["builder"]).json()
    matches = client.get(f"/api/v1/needs/{need['id']}/matches", headers=auth["builder"]).json()
    proposed = [m["offer_id"] for m in matches["matches"]]
    assert proposed == [fresh, stale] and hidden not in proposed


AGES_AT_30_10 = [(30, "fresh"), (31, "stale"), (41, "hidden")]


def test_the_periods_are_settings(database_url, auth):
    settings = Settings(database_url=database_url, stale_after_days=30, hide_after_days=10)
    with TestClient(create_app(settings)) as client:
        asset_id = place(client, auth)
        ages = {offer(client, auth, asset_id, days): state for days, state in AGES_AT_30_10}
        listed = client.get("/api/v1/offers", headers=auth["builder"]).json()["items"]
    assert {o["id"]: o["freshness"] for o in listed} == ages


def test_the_planners_neighbourhood_has_no_hidden_offer(client, auth, database):
    asset_id = place(client, auth)
    shown, _hidden = offer(client, auth, asset_id, 400, "Oud"), offer(client, auth, asset_id, 600, "Verborgen")
    with database.session() as session:
        hood = neighbourhood(session, reach_m={"walk": 1000, "bike": 3000, "car": 10000, "home": 1000}, today=today())
    assert [str(offer_id) for offer_id in hood.offers["id"]] == [shown]
