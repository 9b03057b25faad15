"""Offers confirmed a given number of days ago, made through the API for the freshness tests."""

from datetime import timedelta

from app.store.freshness import today
from tests import factories

GARDEN = "huisvesting/tuin"


def place(client, auth, organisation_id=None) -> str:
    body = factories.asset(organisation_id=str(organisation_id) if organisation_id else None)
    return client.post("/api/v1/assets", json=body, headers=auth["admin"]).json()["id"]


def offer(client, auth, asset_id: str, confirmed_days_ago: int, title: str = "Tuinhulp") -> str:
    confirmed = str(today() - timedelta(days=confirmed_days_ago))
    body = factories.offer(asset_id, title=title, themes=[GARDEN], last_confirmed=confirmed)
    response = client.post("/api/v1/offers", json=body, headers=auth["admin"])
    assert response.status_code == 201, response.text
    return response.json()["id"]
