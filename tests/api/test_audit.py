"""The access log: every read and change of personal data is in it, without the data itself; only
admins read it, and nobody alters it, through the API or in the database."""

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests import factories

GARDEN = "huisvesting/tuin"
AT = (6.213457, 52.131791)


def _entries(client, auth, **params) -> list[dict]:
    response = client.get("/api/v1/audit", params={"limit": 1000, **params}, headers=auth["admin"])
    assert response.status_code == 200, response.text
    return response.json()["items"]


def _about(client, auth, record_id: str) -> list[tuple[str, str, str | None]]:
    """(action, resource, purpose) of the entries naming the record, oldest first."""
    entries = [e for e in _entries(client, auth) if e["record_id"] == record_id]
    return [(e["action"], e["resource"], e["purpose"]) for e in reversed(entries)]


@pytest.fixture
def marker() -> str:
    return f"zq{uuid.uuid4().hex[:14]}"


@pytest.fixture
def need_id(client, auth, marker) -> str:
    asset = client.post("/api/v1/assets", json=factories.asset(themes=[GARDEN]), headers=auth["admin"]).json()
    client.post("/api/v1/offers", json=factories.offer(asset["id"], themes=[GARDEN]), headers=auth["admin"])
    body = factories.need(factories.point(*AT), person_ref=marker, themes=[GARDEN], description=f"{marker} here")
    response = client.post("/api/v1/needs", json=body, headers=auth["builder"])
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_reads_and_changes_of_a_need_are_logged_with_their_purpose(client, auth, need_id):
    builder = auth["builder"]
    why = {**builder, "X-Purpose": "huisbezoek voorbereiden"}
    assert client.get(f"/api/v1/needs/{need_id}", headers=why).status_code == 200
    change = {"properties": {"status": "in_progress"}}
    assert client.patch(f"/api/v1/needs/{need_id}", json=change, headers=builder).status_code == 200
    matches = client.get(f"/api/v1/needs/{need_id}/matches", headers=builder).json()["matches"]
    match_id = matches[0]["id"]
    assert client.get(f"/api/v1/matches/{match_id}", headers=builder).status_code == 200
    assert client.patch(f"/api/v1/matches/{match_id}", json={"status": "introduced"}, headers=builder).is_success
    assert client.get(f"/map/needs/{need_id}", headers=builder).status_code == 200
    assert client.delete(f"/api/v1/needs/{need_id}", headers=builder).status_code == 204
    assert _about(client, auth, need_id) == [
        ("create", "needs", "matching"),
        ("read", "needs", "huisbezoek voorbereiden"),
        ("update", "needs", "matching"),
        ("read", "need_matches", "matching"),
        ("read", "need_maps", "matching"),
        ("delete", "needs", "matching"),
    ]
    assert _about(client, auth, match_id) == [("read", "matches", None), ("update", "matches", None)]


def test_a_purpose_is_a_short_reason(client, auth, need_id):
    response = client.get(f"/api/v1/needs/{need_id}", headers={**auth["builder"], "X-Purpose": "x" * 201})
    assert response.status_code == 422 and response.json()["invalidParams"][0]["name"] == "X-Purpose"


def test_lists_and_downloads_of_people_are_logged_by_count(client, auth, need_id):
    assert client.get("/api/v1/needs", headers=auth["builder"]).status_code == 200
    assert client.get("/api/v1/volunteers", params={"f": "csv"}, headers=auth["admin"]).status_code == 200
    exported, listed = _entries(client, auth)[:2]
    assert (listed["action"], listed["resource"], listed["record_id"], listed["count"]) == ("read", "needs", None, 1)
    assert (listed["role"], exported["role"]) == ("builder", "admin")
    assert (exported["action"], exported["resource"], exported["count"]) == ("export", "volunteers", 0)
    assert listed["token_id"] and listed["token_id"] != exported["token_id"]


def _total(client, auth) -> int:
    return client.get("/api/v1/audit", params={"limit": 1}, headers=auth["admin"]).json()["numberMatched"]


def test_refused_reads_and_places_are_not_logged(client, auth, need_id):
    before = _total(client, auth)
    assert client.get(f"/api/v1/needs/{need_id}", headers=auth["planner"]).status_code == 403
    assert client.get("/api/v1/assets", headers=auth["builder"]).status_code == 200
    assert _total(client, auth) == before


def test_the_log_holds_no_reference_text_or_place_of_a_person(client, auth, database, marker, need_id):
    client.get(f"/api/v1/people/{marker}", headers=auth["builder"])
    client.get(f"/api/v1/needs/{need_id}/matches", headers=auth["builder"])
    assert client.delete(f"/api/v1/people/{marker}", headers=auth["builder"]).status_code == 204
    with database.session() as session:
        stored = " ".join(str(row) for row in session.execute(text("SELECT * FROM access_log")))
    listed = client.get("/api/v1/audit", params={"limit": 1000, "f": "csv"}, headers=auth["admin"]).text
    for kept in (stored, listed):
        assert uuid.UUID(need_id).hex in kept.replace("-", "")  # record ids are kept, on purpose
        for personal in (marker, f"{AT[0]:.4f}", f"{AT[1]:.4f}"):
            assert personal not in kept


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("association", 403), ("planner", 403),
                                              ("builder", 403)])  # fmt: skip
def test_only_admins_read_the_log(client, auth, role, status):
    response = client.get("/api/v1/audit", headers=auth[role])
    assert response.status_code == status and response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_no_route_changes_the_log(client, auth, need_id, method):
    before = _entries(client, auth, limit=10)
    response = client.request(method, "/api/v1/audit", json={"role": "admin"}, headers=auth["admin"])
    assert response.status_code == 405 and response.headers["content-type"] == "application/problem+json"
    assert _entries(client, auth, limit=10) == before


@pytest.mark.parametrize("statement", ["UPDATE access_log SET role = 'admin'", "DELETE FROM access_log"])
def test_the_database_refuses_to_change_or_remove_entries(client, auth, database, need_id, statement):
    with pytest.raises(DBAPIError, match="access_log is append-only"), database.session() as session:
        session.execute(text(statement))
    assert any(entry["record_id"] == need_id for entry in _entries(client, auth))


def test_the_log_pages_newest_first(client, auth, need_id):
    for _ in range(3):
        client.get(f"/api/v1/needs/{need_id}", headers=auth["builder"])
    page = client.get("/api/v1/audit", params={"limit": 2}, headers=auth["admin"]).json()
    assert page["numberReturned"] == 2 and page["numberMatched"] >= 4
    assert [link["rel"] for link in page["links"]] == ["self", "next"]
    newest = [(entry["at"], entry["id"]) for entry in _entries(client, auth)]
    assert newest == sorted(newest, reverse=True)
