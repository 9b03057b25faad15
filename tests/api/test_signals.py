"""/api/v1/signals over HTTP on both backends: clusters, protected counts, marks."""

from app import demo
from tests import factories

SHOPPING = "instrumentele_adl/boodschappen"
BUURT = "BU99990101"


def _street_of_needs(client, headers, residents=12):
    _post = lambda path, body: client.post(path, json=body, headers=headers)  # noqa: E731
    assert _post("/api/v1/areas", factories.area(BUURT, factories.square(6.10, 52.10, 0.01))).status_code == 201
    for n in range(residents):
        need = factories.need(factories.point(6.102 + n / 5000, 52.105), person_ref=f"r-{n}", themes=[SHOPPING])
        assert _post("/api/v1/needs", need).status_code == 201
    volunteer = factories.volunteer(factories.point(6.104, 52.106), themes=[SHOPPING], person_ref="v-1")
    assert _post("/api/v1/volunteers", volunteer).status_code == 201


def test_a_street_of_needs_is_a_signal_exact_for_builders_protected_for_planners(client, auth):
    _street_of_needs(client, auth["admin"])
    (seen,) = client.get("/api/v1/signals", headers=auth["builder"]).json()
    assert (seen["area_code"], seen["theme"], seen["residents"], seen["volunteers_nearby"]) == (BUURT, SHOPPING, 12, 1)
    assert seen["status"] == "open" and seen["marked_at"] is None
    (planned,) = client.get("/api/v1/signals", headers=auth["planner"]).json()
    assert (planned["residents"], planned["needs"], planned["volunteers_nearby"]) == (10, 10, None)
    assert (planned["lon"], planned["lat"]) == (seen["lon"], seen["lat"])
    assert client.get("/api/v1/signals", headers=auth["association"]).status_code == 403
    assert client.get("/api/v1/signals", params={"theme": "huisvesting"}, headers=auth["planner"]).json() == []
    assert client.get("/api/v1/signals", params={"min_residents": 13}, headers=auth["planner"]).json() == []


def test_builders_mark_a_signal_taken_up_and_planners_see_it(client, auth):
    _street_of_needs(client, auth["admin"])
    body = {"area_code": BUURT, "theme": SHOPPING, "status": "taken_up", "note": "Boodschappenbus met de kerk"}
    assert client.post("/api/v1/signals/status", json=body, headers=auth["planner"]).status_code == 403
    marked = client.post("/api/v1/signals/status", json=body, headers=auth["builder"])
    assert marked.status_code == 200 and marked.json()["status"] == "taken_up"
    (seen,) = client.get("/api/v1/signals", headers=auth["planner"]).json()
    assert (seen["status"], seen["note"]) == ("taken_up", "Boodschappenbus met de kerk") and seen["marked_at"]
    assert client.get("/api/v1/signals", params={"status": "open"}, headers=auth["planner"]).json() == []
    reopened = client.post("/api/v1/signals/status", json=body | {"status": "open"}, headers=auth["builder"])
    assert reopened.json()["status"] == "open"
    assert client.get("/api/v1/signals", params={"status": "open"}, headers=auth["planner"]).json()


def test_marks_name_what_is_wrong(client, auth):
    _street_of_needs(client, auth["admin"], residents=0)
    good = {"area_code": BUURT, "theme": SHOPPING, "status": "taken_up"}
    for change, name in (
        ({"area_code": "BU99990199"}, "area_code"), ({"theme": "nope"}, "theme"), ({"status": "done"}, "status"),
    ):  # fmt: skip
        answer = client.post("/api/v1/signals/status", json=good | change, headers=auth["builder"])
        assert answer.status_code == 422 and name in answer.json()["invalidParams"][0]["name"], answer.text
    bad = client.get("/api/v1/signals", params={"window_days": 0}, headers=auth["planner"])
    assert bad.status_code == 422 and bad.json()["invalidParams"][0]["name"] == "window_days"


def test_the_demo_town_has_a_street_asking_for_rides_to_the_shops(client, database, auth):
    with database.session() as session:
        demo.load(session)
    (signal,) = client.get("/api/v1/signals", headers=auth["builder"]).json()
    expected = ("Lindenbuurt", "instrumentele_adl/vervoer", 12)
    assert (signal["area_name"], signal["theme"], signal["residents"]) == expected
