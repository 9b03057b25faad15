"""A person's data as a whole: the access request returns all of it; the erasure removes it from
the database and from the database's files."""

import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app import demo
from app.models import metadata
from tests import factories

GARDEN = "huisvesting/tuin"
PROBLEM = "application/problem+json"


@pytest.fixture
def marker() -> str:
    """A string that appears nowhere but in one person's reference and description."""
    return f"zq{uuid.uuid4().hex[:14]}"


def _post(client, auth, resource: str, body: dict) -> str:
    response = client.post(f"/api/v1/{resource}", json=body, headers=auth["builder"])
    assert response.status_code == 201, response.text
    return response.json()["id"]


@pytest.fixture
def person(client, auth, database, marker) -> dict[str, str]:
    """In the demo town: a resident who asks for garden help and volunteers in gardens too, a
    neighbour whose need the resident's volunteering answers, and a club; the matches made."""
    with database.session() as session:
        demo.load(session)
    at = factories.point(6.2101, 52.1301)
    ids = {
        "need": _post(client, auth, "needs", factories.need(at, person_ref=marker, themes=[GARDEN],
                                                            description=f"{marker} first words")),
        "volunteer": _post(client, auth, "volunteers", factories.volunteer(at, person_ref=marker, themes=[GARDEN],
                                                                           description=f"Tuinman {marker}")),
        "other_need": _post(client, auth, "needs", factories.need(factories.point(6.2105, 52.1303),
                                                                  person_ref="buur-1", themes=[GARDEN])),
        "club": _post(client, auth, "assets", factories.asset(at, name="Tuinclub", themes=[GARDEN])),
    }  # fmt: skip
    _post(client, auth, "offers", factories.offer(ids["club"], themes=[GARDEN]))
    changed = {"properties": {"description": f"{marker} says: my garden is too much for me"}}
    assert client.patch(f"/api/v1/needs/{ids['need']}", json=changed, headers=auth["builder"]).status_code == 200
    for need in ("need", "other_need"):
        assert client.get(f"/api/v1/needs/{ids[need]}/matches", headers=auth["builder"]).status_code == 200
    return ids


def test_the_access_request_returns_every_record_and_match_of_the_person(client, auth, marker, person):
    response = client.get(f"/api/v1/people/{marker}", headers=auth["builder"])
    assert response.status_code == 200, response.text
    held = response.json()
    assert held["person_ref"] == marker
    assert [need["id"] for need in held["needs"]] == [person["need"]]
    assert held["needs"][0]["properties"]["description"] == f"{marker} says: my garden is too much for me"
    assert held["needs"][0]["geometry"] == factories.point(6.2101, 52.1301)
    assert (held["needs"][0]["properties"]["purpose"], held["needs"][0]["properties"]["legal_basis"]) == (
        "matching",
        "consent",
    )
    assert [volunteer["id"] for volunteer in held["volunteers"]] == [person["volunteer"]]
    involving = {(m["need_id"], m["volunteer_id"]) for m in held["matches"]}
    assert (person["other_need"], person["volunteer"]) in involving  # the neighbour was proposed the resident
    assert {need_id for need_id, _ in involving} == {person["need"], person["other_need"]}
    logged = {(entry["action"], entry["record_id"]) for entry in held["access_log"]}
    assert {("create", person["need"]), ("update", person["need"]), ("create", person["volunteer"])} <= logged


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("planner", 403), ("association", 403)])
def test_only_builders_and_admins_see_or_erase_a_person(client, auth, marker, person, role, status):
    for method in ("GET", "DELETE"):
        response = client.request(method, f"/api/v1/people/{marker}", headers=auth[role])
        assert response.status_code == status and response.headers["content-type"] == PROBLEM
        assert marker not in response.json()["detail"]
    assert client.get(f"/api/v1/people/{marker}", headers=auth["admin"]).status_code == 200


def test_a_reference_with_nothing_held_is_a_clear_404(client, auth):
    for method in ("GET", "DELETE"):
        response = client.request(method, "/api/v1/people/nobody-here", headers=auth["admin"])
        assert response.status_code == 404 and response.headers["content-type"] == PROBLEM
        assert response.json()["detail"] == "no data is held under this person reference"


def test_erasing_removes_the_person_and_every_match_involving_them(client, auth, marker, person):
    assert client.delete(f"/api/v1/people/{marker}", headers=auth["builder"]).status_code == 204
    erased = client.get("/api/v1/audit", headers=auth["admin"]).json()["items"][0]
    assert (erased["action"], erased["resource"], erased["record_id"]) == ("erase", "people", None)
    assert erased["count"] >= 3  # a need, a volunteer record and their matches
    assert client.get(f"/api/v1/people/{marker}", headers=auth["builder"]).status_code == 404
    for resource, key in (("needs", "need"), ("volunteers", "volunteer")):
        assert client.get(f"/api/v1/{resource}/{person[key]}", headers=auth["builder"]).status_code == 404
    neighbour = client.get(f"/api/v1/needs/{person['other_need']}/matches", headers=auth["builder"]).json()
    assert person["volunteer"] not in {m["volunteer_id"] for m in neighbour["matches"]}


def _files(database_url: str) -> list[Path]:
    path = Path(make_url(database_url).database or "")
    return [p for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if p.exists()]


def _rows_holding(database, marker: str) -> dict[str, int]:
    """Per table, the rows whose text holds the marker (PostgreSQL: the whole row as text)."""
    found = {}
    with database.session() as session:
        for table in metadata.sorted_tables:
            count = session.scalar(text(f"SELECT count(*) FROM {table.name} AS r WHERE r::text LIKE :m"),
                                   {"m": f"%{marker}%"})  # fmt: skip
            found[table.name] = count
    return {name: count for name, count in found.items() if count}


def test_an_erased_person_is_gone_from_the_database_files(client, auth, database, settings, marker, person):
    if database.backend == "sqlite":
        assert any(marker.encode() in path.read_bytes() for path in _files(settings.database_url))
    else:
        assert _rows_holding(database, marker).keys() == {"needs", "volunteers"}
    assert client.delete(f"/api/v1/people/{marker}", headers=auth["builder"]).status_code == 204
    if database.backend == "sqlite":
        files = _files(settings.database_url)
        assert files and all(marker.encode() not in path.read_bytes() for path in files)
    else:
        assert _rows_holding(database, marker) == {}
