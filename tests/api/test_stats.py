"""/api/v1/stats over HTTP on both backends: who may ask, what comes back, and nothing in 1-9."""

from app import demo
from tests import factories

WEST, EAST = factories.square(6.10, 52.10, 0.01), factories.square(6.11, 52.10, 0.01)
PEOPLE = ("volunteers", "needs_open", "needs_matched", "needs_within_reach", "needs_unmet")


def _post(client, headers, path, body):
    answer = client.post(path, json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


def _two_buurten_with_needs(client, headers):
    """West holds 12 needs for shopping help and an offer; East 3 needs beyond any offer's reach."""
    _post(client, headers, "/api/v1/areas", factories.area("WK999901", factories.square(6.10, 52.10, 0.02)))
    for code, shape in (("BU99990101", WEST), ("BU99990102", EAST)):
        _post(client, headers, "/api/v1/areas", factories.area(code, shape, parent_code="WK999901"))
    asset = _post(client, headers, "/api/v1/assets", factories.asset(factories.point(6.105, 52.105)))
    _post(client, headers, "/api/v1/offers", factories.offer(asset["id"], themes=["instrumentele_adl/boodschappen"]))
    for n in range(12):
        body = factories.need(factories.point(6.104, 52.101 + n / 10000), person_ref=f"w-{n}")
        _post(client, headers, "/api/v1/needs", body)
    for n in range(3):
        _post(client, headers, "/api/v1/needs", factories.need(factories.point(6.119, 52.109), person_ref=f"e-{n}"))


def test_planners_builders_and_admins_see_figures_others_do_not(client, auth):
    assert client.get("/api/v1/stats/areas").status_code == 401
    forbidden = client.get("/api/v1/stats/areas", headers=auth["association"])
    assert forbidden.status_code == 403 and forbidden.headers["content-type"] == "application/problem+json"
    for role in ("planner", "builder", "admin"):
        assert client.get("/api/v1/stats/areas", headers=auth[role]).json() == []


def test_buurten_count_needs_rounded_and_hide_small_counts_with_what_reveals_them(client, auth):
    _two_buurten_with_needs(client, auth["admin"])
    rows = client.get("/api/v1/stats/areas", params={"level": "buurt"}, headers=auth["planner"]).json()
    west, east = rows
    assert (west["code"], west["name"], west["parent_code"]) == ("BU99990101", "Buurt BU99990101", "WK999901")
    # East's 3 are hidden; West's 12 would give them away from the wijk's 15, so they are hidden too;
    # the wijk's 12 within reach would give away its 3 out of reach, so it hides, and West's with it.
    assert (east["needs_open"], east["needs_unmet"], west["needs_open"], west["needs_within_reach"]) == (
        None, None, None, None,
    )  # fmt: skip
    assert set(east["suppressed"]) == {"needs_open", "needs_unmet"} and west["offers"] == 1
    (wijk,) = client.get("/api/v1/stats/areas", params={"level": "wijk"}, headers=auth["planner"]).json()
    assert (wijk["needs_open"], wijk["needs_within_reach"], wijk["needs_unmet"]) == (15, None, None)


def test_one_area_and_a_theme_scope(client, auth):
    _two_buurten_with_needs(client, auth["admin"])
    wijk = client.get("/api/v1/stats/areas/WK999901", headers=auth["planner"]).json()
    assert (wijk["level"], wijk["needs_open"], wijk["assets_by_type"]) == ("wijk", 15, {"physical": 1})
    gardening = client.get("/api/v1/stats/areas/WK999901", params={"theme": "huisvesting"}, headers=auth["planner"])
    assert (gardening.json()["needs_open"], gardening.json()["offers"]) == (0, 0)
    assert client.get("/api/v1/stats/areas/BU99990199", headers=auth["planner"]).status_code == 404


def test_bad_parameters_are_named(client, auth):
    for params, name in (({"level": "street"}, "level"), ({"theme": "nope"}, "theme"), ({"bbox": "1,2,3,4"}, "bbox")):
        answer = client.get("/api/v1/stats/areas", params=params, headers=auth["planner"])
        assert answer.status_code in (400, 422) and answer.json()["invalidParams"][0]["name"] == name


def test_on_the_demo_every_people_count_is_zero_a_multiple_of_five_or_hidden(client, database, auth):
    with database.session() as session:
        demo.load(session)
    for level in ("buurt", "wijk", "gemeente"):
        rows = client.get("/api/v1/stats/areas", params={"level": level}, headers=auth["planner"]).json()
        assert rows
        for row in rows:
            for measure in PEOPLE:
                assert row[measure] is None or (row[measure] % 5 == 0 and not 0 < row[measure] < 10)
                assert (row[measure] is None) == (measure in row["suppressed"])


def test_gaps_name_the_area_theme_and_nearest_offer_worst_first(client, auth):
    _two_buurten_with_needs(client, auth["admin"])
    assert client.get("/api/v1/gaps", headers=auth["association"]).status_code == 403
    found = client.get("/api/v1/gaps", params={"theme": "instrumentele_adl"}, headers=auth["planner"]).json()
    (east,) = found  # West's needs all reach the shop help in West
    assert (east["code"], east["theme"], east["needs_unmet"], east["offers"]) == (
        "BU99990102", "instrumentele_adl/boodschappen", None, 0,
    )  # fmt: skip
    assert east["nearest_offers"][0]["title"] == "Koffieochtend" and east["nearest_offers"][0]["distance_m"] > 0
    wijken = client.get("/api/v1/gaps", params={"level": "wijk", "needs_per_offer": 5}, headers=auth["planner"]).json()
    assert [(gap["code"], gap["needs_per_offer"]) for gap in wijken] == [("WK999901", 15.0)]
    assert client.get("/api/v1/gaps", params={"needs_per_offer": 0}, headers=auth["planner"]).status_code == 422
