"""A logged-in browser reads the builders' map pages with its login; the JSON API never takes the cookie."""

from tests import factories
from tests.accounts import log_in


def stored_need(client, auth) -> str:
    response = client.post("/api/v1/needs", json=factories.need(), headers=auth["builder"])
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_a_logged_in_builder_opens_a_needs_map_and_reads_needs(client, auth, users):
    need_id = stored_need(client, auth)
    client.cookies.clear()
    assert client.get(f"/map/needs/{need_id}").status_code == 401
    log_in(client, "builder")
    page = client.get(f"/map/needs/{need_id}")
    assert page.status_code == 200 and "Voorstellen voor r-0002" in page.text
    assert client.get("/map/gaps").status_code == 200


def test_a_logged_in_association_is_refused_the_needs_map(client, auth, users):
    need_id = stored_need(client, auth)
    log_in(client, "association")
    assert client.get(f"/map/needs/{need_id}").status_code == 403


def test_the_json_api_never_takes_the_login_cookie(client, auth, users):
    stored_need(client, auth)
    log_in(client, "builder")
    assert client.get("/api/v1/needs").status_code == 401
    assert client.post("/api/v1/needs", json=factories.need()).status_code == 401
    assert client.get("/api/v1/needs", headers=auth["builder"]).json()["numberMatched"] == 1
