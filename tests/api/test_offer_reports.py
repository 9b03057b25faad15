"""Reports that an offer stopped: anyone sends one, builders see offers flagged and resolve them."""

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.api.offers import offer, place

REPORTS = "/api/v1/offer-reports"


def report(client, offer_id: str, headers: dict | None = None, **body) -> dict:
    response = client.post(f"/api/v1/offers/{offer_id}/reports", json=body or None, headers=headers or {})
    assert response.status_code == 201, response.text
    return response.json()


def open_reports(client, auth, offer_id: str) -> int:
    return client.get(f"/api/v1/offers/{offer_id}", headers=auth["builder"]).json()["open_reports"]


def test_a_resident_reports_without_login_and_builders_see_the_offer_flagged(client, auth):
    offer_id = offer(client, auth, place(client, auth), 10, "Koffieochtend")
    sent = report(client, offer_id, reason="  De koffieochtend is sinds de zomer gestopt. ")
    assert (sent["offer_id"], sent["status"]) == (offer_id, "open")
    assert sent["reason"] == "De koffieochtend is sinds de zomer gestopt."
    assert open_reports(client, auth, offer_id) == 1
    assert "open_reports" not in client.get(f"/api/v1/offers/{offer_id}").json()
    [listed] = client.get(REPORTS, headers=auth["builder"]).json()["items"]
    assert (listed["id"], listed["offer_title"], listed["place_name"]) == (
        sent["id"],
        "Koffieochtend",
        "Buurthuis De Linde",
    )


def test_the_reason_is_optional_and_short(client, auth):
    offer_id = offer(client, auth, place(client, auth), 10)
    assert report(client, offer_id)["reason"] == ""
    assert report(client, offer_id, reason="x" * 500)["reason"] == "x" * 500
    too_long = client.post(f"/api/v1/offers/{offer_id}/reports", json={"reason": "x" * 501})
    assert too_long.status_code == 422 and too_long.json()["invalidParams"][0]["name"] == "reason"


def test_the_public_reports_only_what_it_can_see(client, auth):
    asset_id = place(client, auth)
    hidden = offer(client, auth, asset_id, 600)
    draft = offer(client, auth, asset_id, 10)
    client.patch(f"/api/v1/offers/{draft}", json={"status": "draft"}, headers=auth["admin"]).raise_for_status()
    for offer_id in (hidden, draft):
        assert client.post(f"/api/v1/offers/{offer_id}/reports", json={}).status_code == 404
        assert report(client, offer_id, auth["builder"])["status"] == "open"


@pytest.mark.parametrize(("role", "expected"), [("anonymous", 401), ("association", 403), ("planner", 403)])
def test_only_builders_and_admins_read_and_resolve_reports(client, auth, organisations, role, expected):
    offer_id = offer(client, auth, place(client, auth, organisations["own"]), 10)
    sent = report(client, offer_id)
    assert client.get(REPORTS, headers=auth[role]).status_code == expected
    resolve = client.post(f"{REPORTS}/{sent['id']}/resolve", json={"action": "dismiss"}, headers=auth[role])
    assert resolve.status_code == expected
    assert open_reports(client, auth, offer_id) == 1


def test_archiving_takes_the_offer_off_and_closes_every_open_report_on_it(client, auth):
    offer_id = offer(client, auth, place(client, auth), 10)
    first, second = report(client, offer_id), report(client, offer_id)
    body = {"action": "archive_offer", "note": "Gebeld: gestopt"}
    resolved = client.post(f"{REPORTS}/{first['id']}/resolve", json=body, headers=auth["builder"]).json()
    assert (resolved["status"], resolved["note"]) == ("offer_archived", "Gebeld: gestopt")
    assert resolved["resolved_at"] is not None
    closed = client.get(REPORTS, params={"status": "offer_archived"}, headers=auth["builder"]).json()["items"]
    assert {r["id"] for r in closed} == {first["id"], second["id"]}
    assert client.get(REPORTS, headers=auth["builder"]).json()["numberMatched"] == 0
    assert client.get(f"/api/v1/offers/{offer_id}").status_code == 404
    shown = client.get(f"/api/v1/offers/{offer_id}", headers=auth["builder"]).json()
    assert (shown["status"], shown["open_reports"]) == ("archived", 0)


def test_dismissing_keeps_the_offer_and_the_other_reports(client, auth):
    offer_id = offer(client, auth, place(client, auth), 10)
    first, second = report(client, offer_id), report(client, offer_id)
    dismissed = client.post(f"{REPORTS}/{first['id']}/resolve", json={"action": "dismiss"}, headers=auth["admin"])
    assert dismissed.json()["status"] == "dismissed"
    assert [r["id"] for r in client.get(REPORTS, headers=auth["builder"]).json()["items"]] == [second["id"]]
    assert client.get(f"/api/v1/offers/{offer_id}").json()["status"] == "published"
    again = client.post(f"{REPORTS}/{first['id']}/resolve", json={"action": "archive_offer"}, headers=auth["admin"])
    assert again.status_code == 409
    assert open_reports(client, auth, offer_id) == 1


def test_the_report_list_pages(client, auth):
    offer_id = offer(client, auth, place(client, auth), 10)
    sent = [report(client, offer_id, reason=str(n))["id"] for n in range(3)]
    page = client.get(REPORTS, params={"limit": 2, "offset": 1}, headers=auth["builder"]).json()
    assert [r["id"] for r in page["items"]] == sent[1:]
    assert (page["numberMatched"], page["numberReturned"]) == (3, 2)
    assert [link["rel"] for link in page["links"]] == ["self", "prev"]
    assert client.get(REPORTS, params={"colour": "red"}, headers=auth["builder"]).status_code == 422


def test_reports_without_a_token_are_limited_per_client_address(database_url, auth):
    settings = Settings(database_url=database_url, public_url="http://testserver", anonymous_reports_per_hour=3)
    with TestClient(create_app(settings)) as client:
        offer_id = offer(client, auth, place(client, auth), 10)
        answers = [client.post(f"/api/v1/offers/{offer_id}/reports").status_code for _ in range(4)]
        assert answers == [201, 201, 201, 429]
        assert client.post(f"/api/v1/offers/{offer_id}/reports", headers=auth["builder"]).status_code == 201
