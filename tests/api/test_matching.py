"""Matching through the API: ranked proposals with reasons, their lifecycle, and batch runs."""

import uuid

import pytest

from app.geo import EARTH_RADIUS_M
from app.models import Need as NeedRow
from tests import factories

GARDEN = "huisvesting/tuin"
METRE_LON = 1 / (EARTH_RADIUS_M * 0.01745329 * 0.6140)  # degrees of longitude per metre at 52.13 N


def east(metres: float) -> dict:
    """A point `metres` east of the test home."""
    return factories.point(factories.HOME[0] + metres * METRE_LON, factories.HOME[1])


@pytest.fixture
def neighbourhood(client, auth) -> dict[str, str]:
    """A need for garden help, and around it a neighbour, a club, a service and a far place."""
    headers = auth["builder"]
    ids = {}

    def offer_at(name, metres, level, **fields):
        asset = factories.asset(east(metres), name=name, support_level=level, themes=[GARDEN], asset_type="association")
        asset_id = client.post("/api/v1/assets", json=asset, headers=headers).json()["id"]
        offer = client.post(
            "/api/v1/offers", json=factories.offer(asset_id, themes=[GARDEN], **fields), headers=headers
        )
        assert offer.status_code == 201, offer.text
        ids[name] = offer.json()["id"]

    offer_at("hovenier", 200, "maatwerk")
    offer_at("tuinclub", 500, "vereniging")
    offer_at("verre tuin", 2500, "vereniging")
    volunteer = client.post("/api/v1/volunteers", json=factories.volunteer(east(300), themes=[GARDEN]), headers=headers)
    ids["buurman"] = volunteer.json()["id"]
    need = client.post("/api/v1/needs", json=factories.need(themes=[GARDEN]), headers=headers)
    ids["need"] = need.json()["id"]
    return ids


def matches_of(client, auth, need_id: str, **params) -> dict:
    response = client.get(f"/api/v1/needs/{need_id}/matches", params=params, headers=auth["builder"])
    assert response.status_code == 200, response.text
    return response.json()


def ids_in_order(body: dict) -> list[str]:
    return [m["offer_id"] or m["volunteer_id"] for m in body["matches"]]


def test_matches_are_ranked_informal_first_and_explained(client, auth, neighbourhood):
    body = matches_of(client, auth, neighbourhood["need"])
    assert body["need_id"] == neighbourhood["need"]
    assert ids_in_order(body) == [neighbourhood[n] for n in ("buurman", "tuinclub", "hovenier")]
    first = body["matches"][0]
    assert (first["rank"], first["kind"], first["support_level"], first["asset_id"]) == (
        1,
        "volunteer",
        "sociaal_netwerk",
        None,
    )
    assert first["distance_m"] == pytest.approx(300, abs=2)
    assert first["reasons"][:3] == ["hulp in de tuin", "300 m lopen", "vrijwilliger uit de buurt"]
    club = body["matches"][1]
    assert (club["kind"], club["support_level"]) == ("offer", "vereniging") and club["asset_id"]
    assert [m["score"] for m in body["matches"]] == sorted((m["score"] for m in body["matches"]), reverse=True)


def test_asking_again_gives_the_same_matches(client, auth, neighbourhood):
    first = matches_of(client, auth, neighbourhood["need"])
    again = matches_of(client, auth, neighbourhood["need"])
    assert [m["id"] for m in again["matches"]] == [m["id"] for m in first["matches"]]
    assert {uuid.UUID(m["id"]).version for m in first["matches"]} == {7}  # stored side by side, in order
    assert matches_of(client, auth, neighbourhood["need"], limit=1)["matches"] == first["matches"][:1]


def test_a_match_no_longer_proposed_goes_unless_a_builder_acted_on_it(client, auth, neighbourhood):
    headers = auth["builder"]
    first = matches_of(client, auth, neighbourhood["need"])["matches"]
    club, service = first[1], first[2]
    client.patch(f"/api/v1/matches/{club['id']}", json={"status": "introduced"}, headers=headers)
    assert [m["id"] for m in matches_of(client, auth, neighbourhood["need"], limit=1)["matches"]] == [first[0]["id"]]
    kept = client.get(f"/api/v1/matches/{club['id']}", headers=headers).json()
    assert (kept["status"], kept["rank"]) == ("introduced", None)
    assert client.get(f"/api/v1/matches/{service['id']}", headers=headers).status_code == 404
    again = matches_of(client, auth, neighbourhood["need"])["matches"]
    assert [m["id"] for m in again[:2]] == [first[0]["id"], club["id"]] and again[2]["id"] != service["id"]
    assert client.get(f"/api/v1/matches/{club['id']}", headers=headers).json()["rank"] == 2


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("planner", 403), ("association", 403)])
def test_only_builders_and_admins_see_matches(client, auth, neighbourhood, role, status):
    response = client.get(f"/api/v1/needs/{neighbourhood['need']}/matches", headers=auth[role])
    assert response.status_code == status
    run = client.post("/api/v1/matching/runs", json={"bbox": [6.1, 52.0, 6.3, 52.2]}, headers=auth[role])
    assert run.status_code == status


def test_lifecycle_moves_forward_and_the_need_follows(client, auth, neighbourhood):
    headers = auth["builder"]
    match = matches_of(client, auth, neighbourhood["need"])["matches"][0]
    for status in ("introduced", "met", "continuing"):
        changed = client.patch(f"/api/v1/matches/{match['id']}", json={"status": status, "note": "ok"}, headers=headers)
        assert changed.status_code == 200, changed.text
        assert changed.json()["status"] == status
    need = client.get(f"/api/v1/needs/{neighbourhood['need']}", headers=headers).json()
    assert need["properties"]["status"] == "in_progress"
    back = client.patch(f"/api/v1/matches/{match['id']}", json={"status": "introduced"}, headers=headers)
    assert back.status_code == 409 and "status" in back.json()["detail"]
    assert client.get(f"/api/v1/matches/{match['id']}", headers=headers).json()["status"] == "continuing"


def test_the_need_is_open_again_when_its_only_active_match_did_not_fit(client, auth, neighbourhood):
    headers = auth["builder"]
    need_url = f"/api/v1/needs/{neighbourhood['need']}"
    first, second = matches_of(client, auth, neighbourhood["need"])["matches"][:2]
    for match, status in ((first, "introduced"), (second, "introduced"), (first, "did_not_fit")):
        client.patch(f"/api/v1/matches/{match['id']}", json={"status": status}, headers=headers)
    assert client.get(need_url, headers=headers).json()["properties"]["status"] == "in_progress"
    client.patch(f"/api/v1/matches/{second['id']}", json={"status": "did_not_fit"}, headers=headers)
    assert client.get(need_url, headers=headers).json()["properties"]["status"] == "open"


def test_closing_a_need_records_when_and_reopening_forgets_it(client, database, auth, neighbourhood):
    headers = auth["builder"]
    need_url = f"/api/v1/needs/{neighbourhood['need']}"
    client.patch(need_url, json={"properties": {"status": "closed"}}, headers=headers)
    with database.session() as session:
        assert session.get(NeedRow, uuid.UUID(neighbourhood["need"])).closed_at is not None
    client.patch(need_url, json={"properties": {"status": "open"}}, headers=headers)
    with database.session() as session:
        assert session.get(NeedRow, uuid.UUID(neighbourhood["need"])).closed_at is None


@pytest.mark.parametrize("name", ["tuinclub", "buurman"])  # an offer, a volunteer
def test_did_not_fit_drops_it_for_this_need_and_lowers_it_for_the_theme(client, auth, neighbourhood, name):
    headers = auth["builder"]
    body = matches_of(client, auth, neighbourhood["need"])
    refused = next(m for m in body["matches"] if neighbourhood[name] in (m["offer_id"], m["volunteer_id"]))
    client.patch(f"/api/v1/matches/{refused['id']}", json={"status": "did_not_fit"}, headers=headers)
    assert neighbourhood[name] not in ids_in_order(matches_of(client, auth, neighbourhood["need"]))
    other = client.post("/api/v1/needs", json=factories.need(person_ref="r-0009", themes=[GARDEN]), headers=headers)
    again = next(
        m
        for m in matches_of(client, auth, other.json()["id"])["matches"]
        if neighbourhood[name] in (m["offer_id"], m["volunteer_id"])
    )
    assert again["score"] < refused["score"]
    assert "paste eerder niet (1x)" in again["reasons"]


def test_a_full_offer_is_not_proposed(client, auth, neighbourhood):
    headers = auth["builder"]
    client.patch(f"/api/v1/offers/{neighbourhood['tuinclub']}", json={"capacity": 1}, headers=headers)
    first = matches_of(client, auth, neighbourhood["need"])
    club = next(m for m in first["matches"] if m["offer_id"] == neighbourhood["tuinclub"])
    client.patch(f"/api/v1/matches/{club['id']}", json={"status": "introduced"}, headers=headers)
    other = client.post("/api/v1/needs", json=factories.need(person_ref="r-0009", themes=[GARDEN]), headers=headers)
    assert neighbourhood["tuinclub"] not in ids_in_order(matches_of(client, auth, other.json()["id"]))


def test_a_run_matches_every_open_need_in_an_area(client, auth, neighbourhood):
    headers = auth["builder"]
    client.post(
        "/api/v1/areas", json=factories.area("BU99990101", factories.square(6.19, 52.12, 0.02)), headers=auth["admin"]
    )
    lonely = factories.need(person_ref="r-0003", themes=["justitie/slachtofferhulp"])
    client.post("/api/v1/needs", json=lonely, headers=headers)
    run = client.post("/api/v1/matching/runs", json={"area": "BU99990101"}, headers=headers)
    assert run.status_code == 201, run.text
    summary = run.json()
    assert (summary["needs"], summary["matched"], summary["unmatched"]) == (2, 1, 1)
    assert summary["per_theme"] == {GARDEN: {"matched": 1, "unmatched": 0},
                                    "justitie/slachtofferhulp": {"matched": 0, "unmatched": 1}}  # fmt: skip
    assert client.get(f"/api/v1/matching/runs/{summary['id']}", headers=headers).json() == summary


@pytest.mark.parametrize(
    "body", [{}, {"area": "BU99990101", "bbox": [6, 52, 6.1, 52.1]}, {"bbox": [6.2, 52, 6.1, 52.1]}]
)
def test_a_run_needs_exactly_one_valid_place(client, auth, body):
    response = client.post("/api/v1/matching/runs", json=body, headers=auth["builder"])
    assert response.status_code == 422
