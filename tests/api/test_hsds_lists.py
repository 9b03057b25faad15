"""/hsds lists over HTTP on both backends: HSDS paging, the spec's filters, and refusals that name the parameter."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import event

from app import demo
from app.hsds.ids import TAXONOMY_ID, term_id
from tests import factories
from tests.api.hsds_schemas import assert_valid_page

LISTS = ("services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms")


def _post(client, path: str, body: dict, headers: dict) -> str:
    response = client.post(f"/api/v1/{path}", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _ids(client, path: str, **params) -> list[str]:
    response = client.get(f"/hsds/{path}", params=params)
    assert response.status_code == 200, response.text
    return [record["id"] for record in response.json()["contents"]]


@pytest.fixture
def offers(client, auth) -> dict[str, str]:
    """Three offers at two organisations' places: garden help, gardening together, choir singing."""
    admin = auth["admin"]
    garden, choir = (_post(client, "organisations", factories.organisation(name=n), admin) for n in ("Groen", "Koor"))
    plot = _post(client, "assets", factories.asset(name="Volkstuin Noord", organisation_id=garden), admin)
    hall = _post(client, "assets", factories.asset(name="Kerkzaal", organisation_id=choir), admin)
    made = {
        key: _post(client, "offers", factories.offer(place, title=title, themes=[theme], description=text), admin)
        for key, place, title, theme, text in (
            ("help", plot, "Hulp in je tuin", "huisvesting/tuin", ""),
            ("together", plot, "Samen tuinieren", "tijdsbesteding/tuinieren", ""),
            ("singing", hall, "Zingen", "tijdsbesteding/muziek", "Wekelijkse repetitie, 100% gezellig"),
        )
    }
    return {**made, "garden": garden, "choir": choir, "plot": plot}


def test_pages_carry_the_hsds_envelope(client, auth):
    asset = _post(client, "assets", factories.asset(), auth["admin"])
    made = [_post(client, "offers", factories.offer(asset, title=f"Aanbod {n}"), auth["admin"]) for n in range(5)]
    first = client.get("/hsds/services", params={"per_page": 2}).json()
    assert_valid_page(first, "service_list")
    assert {key: value for key, value in first.items() if key != "contents"} == {
        "total_items": 5,
        "total_pages": 3,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    last = client.get("/hsds/services", params={"per_page": 2, "page": 3}).json()
    assert (last["size"], last["first_page"], last["last_page"], last["empty"]) == (1, False, True, False)
    beyond = client.get("/hsds/services", params={"per_page": 2, "page": 4}).json()
    assert (beyond["size"], beyond["last_page"], beyond["empty"], beyond["contents"]) == (0, True, True, [])
    pages = [_ids(client, "services", per_page=2, page=page) for page in (1, 2, 3)]
    assert [offer for page in pages for offer in page] == made


def test_an_empty_list_is_one_empty_first_and_last_page(client):
    for path in ("services", "service_at_locations", "organizations"):
        body = client.get(f"/hsds/{path}").json()
        assert body == {
            "total_items": 0,
            "total_pages": 0,
            "page_number": 1,
            "size": 0,
            "first_page": True,
            "last_page": True,
            "empty": True,
            "contents": [],
        }


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"page": 0}, "page"),
        ({"page": -1}, "page"),
        ({"page": "twee"}, "page"),
        ({"page": 1_000_001}, "page"),
        ({"per_page": 0}, "per_page"),
        ({"per_page": -5}, "per_page"),
        ({"per_page": 1001}, "per_page"),
    ],
)
def test_bad_paging_is_a_422_naming_the_parameter(client, params, name):
    for path in LISTS:
        response = client.get(f"/hsds/{path}", params=params)
        assert response.status_code == 422, (path, params)
        assert response.headers["content-type"] == "application/problem+json"
        assert [p["name"] for p in response.json()["invalidParams"]] == [name]


@pytest.mark.parametrize(
    ("path", "params", "name"),
    [
        ("services", {"minimal": "true"}, "minimal"),
        ("service_at_locations", {"postcode": "1234 AB"}, "postcode"),
        ("service_at_locations", {"proximity": "500"}, "proximity"),
        ("services", {"format": "ndjson"}, "format"),
        ("taxonomy_terms", {"format": "ndjson"}, "format"),
        ("services", {"theme": "huisvesting"}, "theme"),
        ("services", {"taxonomy_term_id": "huisvesting"}, "taxonomy_term_id"),
        ("services", {"taxonomy_id": "7d4e0a3c-0000-4000-8000-000000000000"}, "taxonomy_id"),
        ("taxonomy_terms", {"taxonomy_id": "open-eligibility"}, "taxonomy_id"),
        ("services", {"organization_id": "Groen"}, "organization_id"),
        ("service_at_locations", {"modified_after": "gisteren"}, "modified_after"),
    ],
)
def test_unsupported_or_unknown_parameters_are_refused_by_name(client, path, params, name):
    response = client.get(f"/hsds/{path}", params=params)
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalidParams"]] == [name]


def test_the_defaults_of_refused_parameters_are_accepted(client):
    assert client.get("/hsds/services", params={"minimal": "false", "format": "json"}).status_code == 200


def test_services_filter_by_term_organisation_and_search_together(client, offers):
    for path in ("services", "service_at_locations"):
        assert _ids(client, path, taxonomy_term_id=term_id("huisvesting")) == [offers["help"]]
        assert _ids(client, path, taxonomy_term_id=term_id("tijdsbesteding")) == [offers["together"], offers["singing"]]
        assert _ids(client, path, taxonomy_term_id=term_id("tijdsbesteding/muziek")) == [offers["singing"]]
        assert _ids(client, path, organization_id=offers["garden"]) == [offers["help"], offers["together"]]
        both = {"organization_id": offers["garden"], "taxonomy_term_id": term_id("tijdsbesteding")}
        assert _ids(client, path, **both) == [offers["together"]]
        assert _ids(client, path, taxonomy_id=TAXONOMY_ID) == [offers["help"], offers["together"], offers["singing"]]
        assert _ids(client, path, search="ZINGEN") == [offers["singing"]]
        assert _ids(client, path, search="repetitie") == [offers["singing"]]
        assert _ids(client, path, search="volkstuin") == [offers["help"], offers["together"]]
        assert _ids(client, path, search="100%") == [offers["singing"]]
        assert _ids(client, path, search="%") == [offers["singing"]]


def test_modified_after_finds_offers_changed_since_or_at_a_changed_place(client, auth, offers):
    since = datetime.now(UTC)
    admin = auth["admin"]
    assert client.patch(f"/api/v1/offers/{offers['singing']}", json={"title": "Koor"}, headers=admin).status_code == 200
    assert _ids(client, "services", modified_after=since.isoformat()) == [offers["singing"]]
    assert _ids(client, "services", modified_after=since.replace(tzinfo=None).isoformat()) == [offers["singing"]]
    summer = since.astimezone(timezone(timedelta(hours=2))).isoformat()
    assert _ids(client, "service_at_locations", modified_after=summer) == [offers["singing"]]
    moved = {"properties": {"name": "Volkstuin Zuid"}}
    assert client.patch(f"/api/v1/assets/{offers['plot']}", json=moved, headers=admin).status_code == 200
    changed = [offers["help"], offers["together"], offers["singing"]]
    assert _ids(client, "services", modified_after=since.isoformat()) == changed
    assert _ids(client, "services", modified_after=datetime.now(UTC).isoformat()) == []


def test_organizations_are_searched_and_nest_what_they_publish(client, offers):
    assert _ids(client, "organizations", search="koo") == [offers["choir"]]
    (choir,) = client.get("/hsds/organizations", params={"search": "koor", "full": "true"}).json()["contents"]
    assert [location["name"] for location in choir["locations"]] == ["Kerkzaal"]
    assert [(service["id"], "schedules" in service) for service in choir["services"]] == [(offers["singing"], False)]
    nested = client.get("/hsds/organizations", params={"search": "koor", "full": "true", "full_service": "true"})
    assert "schedules" in nested.json()["contents"][0]["services"][0]


def test_a_page_takes_as_many_queries_however_long_it_is(client, database):
    with database.session() as session:
        demo.load(session)
    statements: list[str] = []
    engine = client.app.state.database.engine
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    for path, params in (
        ("services", {"full": "true"}),
        ("service_at_locations", {"full": "true"}),
        ("organizations", {"full": "true", "full_service": "true"}),
    ):
        counts = []
        for per_page in (2, 40):
            statements.clear()
            assert len(_ids(client, path, per_page=per_page, **params)) == per_page
            counts.append(len(statements))
        assert counts[0] == counts[1], (path, counts)
