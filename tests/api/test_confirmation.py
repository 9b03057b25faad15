"""One-click "still running" links: signed, no login, GET changes nothing, POST confirms, they expire."""

import uuid
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from app.store import confirmation
from app.store.freshness import today
from tests.api.offers import offer, place

JSON = {"Accept": "application/json"}


def link_path(client, auth, offer_id: str, role: str = "builder") -> str:
    response = client.get(f"/api/v1/offers/{offer_id}/confirmation-link", headers=auth[role])
    assert response.status_code == 200, response.text
    return urlsplit(response.json()["url"]).path


def confirmed_on(client, auth, offer_id: str) -> tuple[str, str]:
    shown = client.get(f"/api/v1/offers/{offer_id}", headers=auth["builder"]).json()
    return shown["last_confirmed"], shown["freshness"]


def test_a_link_confirms_the_offer_with_one_click_and_no_login(client, auth):
    offer_id = offer(client, auth, place(client, auth), 400, "Repair café <zaterdag>")
    answer = client.get(f"/api/v1/offers/{offer_id}/confirmation-link", headers=auth["builder"]).json()
    assert answer["url"].startswith("http://testserver/confirm/")
    assert answer["expires_on"] == str(today() + timedelta(days=60))
    before = confirmed_on(client, auth, offer_id)
    page = client.get(urlsplit(answer["url"]).path)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "Repair café &lt;zaterdag&gt;" in page.text and '<form method="post"' in page.text
    assert confirmed_on(client, auth, offer_id) == before == (str(today() - timedelta(days=400)), "stale")
    done = client.post(urlsplit(answer["url"]).path)
    assert done.status_code == 200 and "Bevestigd" in done.text
    assert confirmed_on(client, auth, offer_id) == (str(today()), "fresh")


def test_api_clients_get_json(client, auth):
    offer_id = offer(client, auth, place(client, auth), 400)
    path = link_path(client, auth, offer_id)
    shown = client.get(path, headers=JSON).json()
    assert (shown["offer_id"], shown["freshness"], shown["confirmed"]) == (offer_id, "stale", False)
    done = client.post(path, headers=JSON).json()
    assert (done["last_confirmed"], done["freshness"], done["confirmed"]) == (str(today()), "fresh", True)


def test_a_confirmation_brings_a_hidden_offer_back_to_the_public(client, auth):
    offer_id = offer(client, auth, place(client, auth), 600)
    assert client.get(f"/api/v1/offers/{offer_id}").status_code == 404
    client.post(link_path(client, auth, offer_id)).raise_for_status()
    assert client.get(f"/api/v1/offers/{offer_id}").json()["freshness"] == "fresh"


def _altered(path: str) -> list[str]:
    token = path.rsplit("/", 1)[1]
    flipped = token[:30] + ("A" if token[30] != "A" else "B") + token[31:]
    return [f"/confirm/{flipped}", f"/confirm/{token[:-4]}", "/confirm/not-a-token", f"/confirm/{uuid.uuid4()}"]


def test_an_altered_or_made_up_token_is_refused(client, auth):
    offer_id = offer(client, auth, place(client, auth), 400)
    before = confirmed_on(client, auth, offer_id)
    for path in _altered(link_path(client, auth, offer_id)):
        refused = client.post(path)
        assert refused.status_code == 404 and "Deze link werkt niet" in refused.text, path
        problem = client.get(path, headers=JSON)
        assert problem.status_code == 404 and problem.headers["content-type"] == "application/problem+json"
    assert confirmed_on(client, auth, offer_id) == before


def test_a_link_expires_after_sixty_days(client, auth, database):
    offer_id = offer(client, auth, place(client, auth), 400)
    with database.session() as session:
        made = {
            age: confirmation.link(session, uuid.UUID(offer_id), issued=today() - timedelta(days=age),
                                   public_url="http://testserver", valid_days=60)
            for age in (60, 61)
        }  # fmt: skip
    assert client.get(urlsplit(made[60].url).path).status_code == 200
    expired = client.post(urlsplit(made[61].url).path)
    assert expired.status_code == 410 and "ask for a new one" in expired.text
    assert confirmed_on(client, auth, offer_id)[1] == "stale"


def test_an_archived_offer_is_not_confirmed(client, auth):
    offer_id = offer(client, auth, place(client, auth), 400)
    path = link_path(client, auth, offer_id)
    client.patch(f"/api/v1/offers/{offer_id}", json={"status": "archived"}, headers=auth["admin"]).raise_for_status()
    assert client.post(path, headers=JSON).status_code == 409
    assert confirmed_on(client, auth, offer_id)[1] == "stale"


WHO = [("admin", 200), ("builder", 200), ("association", 200), ("planner", 403), ("anonymous", 401)]


@pytest.mark.parametrize(("role", "expected"), WHO)
def test_builders_admins_and_the_offers_association_get_links_and_confirm(client, auth, organisations, role, expected):
    offer_id = offer(client, auth, place(client, auth, organisations["own"]), 400)
    link = client.get(f"/api/v1/offers/{offer_id}/confirmation-link", headers=auth[role])
    confirm = client.post(f"/api/v1/offers/{offer_id}/confirm", headers=auth[role])
    assert (link.status_code, confirm.status_code) == (expected, expected)
    assert confirmed_on(client, auth, offer_id)[1] == ("fresh" if expected == 200 else "stale")


def test_another_associations_offer_is_not_found(client, auth, organisations):
    offer_id = offer(client, auth, place(client, auth, organisations["other"]), 400)
    for response in (
        client.get(f"/api/v1/offers/{offer_id}/confirmation-link", headers=auth["association"]),
        client.post(f"/api/v1/offers/{offer_id}/confirm", headers=auth["association"]),
    ):
        assert response.status_code == 404
    assert confirmed_on(client, auth, offer_id)[1] == "stale"


def test_confirming_answers_the_offer_as_the_api_shows_it(client, auth):
    offer_id = offer(client, auth, place(client, auth), 400)
    confirmed = client.post(f"/api/v1/offers/{offer_id}/confirm", headers=auth["builder"]).json()
    assert confirmed == client.get(f"/api/v1/offers/{offer_id}", headers=auth["builder"]).json()
    assert (confirmed["last_confirmed"], confirmed["freshness"]) == (str(today()), "fresh")


def test_a_draft_offer_is_confirmed_too(client, auth):
    offer_id = offer(client, auth, place(client, auth), 400)
    client.patch(f"/api/v1/offers/{offer_id}", json={"status": "draft"}, headers=auth["admin"]).raise_for_status()
    client.post(link_path(client, auth, offer_id)).raise_for_status()
    assert confirmed_on(client, auth, offer_id) == (str(today()), "fresh")
