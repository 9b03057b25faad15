"""/hsds over HTTP on both backends: HSDS 3.0 records, valid against the spec's schemas, of public data only."""

import json
import uuid

from app import demo
from tests import factories
from tests.api.hsds_schemas import assert_valid, assert_valid_page, errors

# uuid5 ids under Nabij's fixed namespace: if these change, every referral tool's stored links break.
TAXONOMY_ID = "b7d488c2-acfe-58e9-ae44-6997f3d54453"
HUISVESTING = "2f7cfac7-74f7-52f7-aab8-4c50aece12eb"
TUIN = "ae9e3b6d-acdd-51d5-9bf1-20ac10a45676"
MISSING = "7d4e0a3c-0000-4000-8000-000000000000"


def _load_demo(database) -> None:
    with database.session() as session:
        demo.load(session)


def _demo() -> dict:
    return json.loads(demo.DEMO_FILE.read_text(encoding="utf-8"))


def _demo_public_offers() -> set[str]:
    """Published offers at published places that are not residents' own, read from the demo file itself."""
    data = _demo()
    public = {
        a["id"]
        for a in data["assets"]
        if a["properties"]["status"] == "published" and a["properties"]["asset_type"] != "individual"
    }
    return {o["id"] for o in data["offers"] if o["status"] == "published" and o["asset_id"] in public}


def _post(client, path: str, body: dict, headers: dict) -> str:
    response = client.post(f"/api/v1/{path}", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_the_validator_catches_what_the_schemas_forbid():
    assert errors({"id": "nope", "name": "x", "status": "open", "url": "not a url"}, "service") == [
        "['id']: 'nope' is not a 'uuid'",
        "['url']: 'not a url' is not a 'uri'",
        "['status']: 'open' is not one of ['active', 'inactive', 'defunct', 'temporarily closed']",
    ]


def test_demo_services_and_places_are_valid_hsds(client, database):
    _load_demo(database)
    assert client.get("/hsds/").json()["version"] == "3.0"
    assert_valid(client.get("/hsds/").json(), "about")
    listed = client.get("/hsds/services", params={"per_page": 1000}).json()
    assert_valid_page(listed, "service_list")
    assert {record["id"] for record in listed["contents"]} == _demo_public_offers()
    assert_valid_page(client.get("/hsds/services", params={"per_page": 1000, "full": "true"}).json(), "service")
    one = listed["contents"][0]["id"]
    assert_valid(client.get(f"/hsds/services/{one}").json(), "service")
    places = client.get("/hsds/service_at_locations", params={"per_page": 1000}).json()
    assert places["total_items"] == len(_demo_public_offers())
    assert_valid_page(places, "service_at_location_list")
    assert_valid_page(client.get("/hsds/service_at_locations", params={"full": "true"}).json(), "service_at_location")
    assert_valid(client.get(f"/hsds/service_at_locations/{one}").json(), "service_at_location")


def test_demo_organizations_and_taxonomy_are_valid_hsds(client, database):
    _load_demo(database)
    listed = client.get("/hsds/organizations", params={"per_page": 1000}).json()
    assert listed["total_items"] == len(_demo()["organisations"])
    assert_valid_page(listed, "organization_list")
    full = client.get("/hsds/organizations", params={"full": "true", "full_service": "true"}).json()
    assert_valid_page(full, "organization")
    one = listed["contents"][0]["id"]
    assert_valid(client.get(f"/hsds/organizations/{one}").json(), "organization")
    assert_valid(client.get(f"/hsds/organizations/{one}", params={"full_service": "true"}).json(), "organization")
    assert_valid_page(client.get("/hsds/taxonomies").json(), "taxonomy")
    assert_valid(client.get(f"/hsds/taxonomies/{TAXONOMY_ID}").json(), "taxonomy")
    assert_valid_page(client.get("/hsds/taxonomy_terms", params={"per_page": 1000}).json(), "taxonomy_term")
    assert_valid(client.get(f"/hsds/taxonomy_terms/{TUIN}").json(), "taxonomy_term")


CONTACT = {"email": "info@linde.example.nl", "website": "https://linde.example.nl/", "phone": "+31 20 123 4567"}


def _garden_help(client, admin: dict) -> tuple[str, str, str]:
    """An organisation, its place and an offer there, each with every field HSDS has room for."""
    organisation = _post(client, "organisations", factories.organisation(name="Stichting De Linde", **CONTACT), admin)
    facets = {"accessibility": ["step_free", "hearing_loop"], "languages": ["nl"]}
    address = "Kerkstraat 12, 1234 AB Demodorp"
    place = factories.asset(organisation_id=organisation, address=address, facets=facets, **CONTACT)
    asset = _post(client, "assets", place, admin)
    offer = factories.offer(
        asset,
        title="Tuinhulp",
        themes=["huisvesting/tuin"],
        schedule=[{"day": "tu", "opens": "13:30", "closes": "16:00"}],
        facets={"cost": "gratis", "target_groups": ["ouderen", "mantelzorgers"], "languages": ["nl", "ar"]},
        valid_until="2099-12-31",
        last_confirmed="2026-10-01",
    )
    return organisation, asset, _post(client, "offers", offer, admin)


def test_an_offer_is_a_service_with_its_themes_schedule_and_facets(client, auth):
    organisation, _, offer = _garden_help(client, auth["admin"])
    service = client.get(f"/hsds/services/{offer}").json()
    assert_valid(service, "service")
    assert {key: service[key] for key in ("id", "name", "status", "organization_id", "url", "email")} == {
        "id": offer,
        "name": "Tuinhulp",
        "status": "active",
        "organization_id": organisation,
        "url": "https://linde.example.nl/",
        "email": "info@linde.example.nl",
    }
    assert service["fees_description"] == "Gratis"
    assert service["eligibility_description"] == "Voor ouderen, mantelzorgers"
    assert service["assured_date"] == "2026-10-01" and service["organization"]["name"] == "Stichting De Linde"
    assert [(a["taxonomy_term_id"], a["link_id"], a["link_entity"]) for a in service["attributes"]] == [
        (TUIN, offer, "service")
    ]
    assert service["attributes"][0]["taxonomy_term"]["parent_id"] == HUISVESTING
    assert [(s["byday"], s["opens_at"], s["closes_at"], s["valid_to"]) for s in service["schedules"]] == [
        ("TU", "13:30", "16:00", "2099-12-31")
    ]
    assert [language["code"] for language in service["languages"]] == ["nl", "ar"]


def test_an_offers_place_is_its_location_with_address_access_and_phone(client, auth):
    _, asset, offer = _garden_help(client, auth["admin"])
    (at_place,) = client.get(f"/hsds/services/{offer}").json()["service_at_locations"]
    assert (at_place["id"], at_place["service_id"], at_place["location_id"]) == (offer, offer, asset)
    location = at_place["location"]
    assert (location["latitude"], location["longitude"], location["name"]) == (52.13, 6.2, "Buurthuis De Linde")
    address = location["addresses"][0]
    assert [address[key] for key in ("address_1", "postal_code", "city", "country", "address_type")] == [
        "Kerkstraat 12",
        "1234 AB",
        "Demodorp",
        "NL",
        "physical",
    ]
    assert [a["description"] for a in location["accessibility"]] == [
        "Drempelvrij: ook met een rolstoel of rollator te bereiken",
        "Ringleiding voor hoortoestellen",
    ]
    assert [phone["number"] for phone in location["phones"]] == ["+31 20 123 4567"]
    alone = client.get(f"/hsds/service_at_locations/{offer}").json()
    assert_valid(alone, "service_at_location")
    assert alone["location"] == location and alone["service"]["name"] == "Tuinhulp"


def test_an_offer_past_its_end_date_is_an_inactive_service(client, auth):
    asset = _post(client, "assets", factories.asset(), auth["admin"])
    offer = _post(client, "offers", factories.offer(asset, valid_until="2020-01-31"), auth["admin"])
    service = client.get(f"/hsds/services/{offer}").json()
    assert service["status"] == "inactive"
    assert service["schedules"] == []


def test_drafts_archived_rows_and_residents_own_offers_are_invisible(client, auth):
    admin = auth["admin"]
    organisation = _post(client, "organisations", factories.organisation(), admin)
    public = _post(client, "assets", factories.asset(organisation_id=organisation), admin)
    hidden_places = [
        _post(client, "assets", factories.asset(name=name, organisation_id=organisation, **values), admin)
        for name, values in (
            ("Concept", {"status": "draft"}),
            ("Oud", {"status": "archived"}),
            ("Handige buur Henk", {"asset_type": "individual", "support_level": "sociaal_netwerk"}),
        )
    ]
    shown = _post(client, "offers", factories.offer(public), admin)
    hidden = [_post(client, "offers", factories.offer(public, status=s), admin) for s in ("draft", "archived")]
    hidden += [_post(client, "offers", factories.offer(place), admin) for place in hidden_places]
    _post(client, "volunteers", factories.volunteer(person_ref="r-geheim-7"), admin)
    for path in ("services", "service_at_locations"):
        listed = client.get(f"/hsds/{path}", headers=admin).json()
        assert [record["id"] for record in listed["contents"]] == [shown]
        for offer in hidden:
            response = client.get(f"/hsds/{path}/{offer}", headers=admin)
            assert response.status_code == 404 and response.headers["content-type"] == "application/problem+json"
    full = client.get(f"/hsds/organizations/{organisation}", params={"full_service": "true"}).json()
    assert [location["id"] for location in full["locations"]] == [public]
    assert [service["id"] for service in full["services"]] == [shown]
    everything = client.get("/hsds/services", params={"full": "true"}).text + json.dumps(full)
    assert "r-geheim-7" not in everything and "Handige buur" not in everything


def test_taxonomy_terms_are_domains_with_their_themes_beneath(client):
    terms = client.get("/hsds/taxonomy_terms", params={"per_page": 1000}).json()
    themes = client.get("/api/v1/themes").json()
    assert terms["total_items"] == 13 + len(themes)
    garden = client.get(f"/hsds/taxonomy_terms/{TUIN}").json()
    assert {key: garden[key] for key in ("code", "name", "parent_id", "taxonomy_id", "language")} == {
        "code": "huisvesting/tuin",
        "name": "Hulp in de tuin",
        "parent_id": HUISVESTING,
        "taxonomy_id": TAXONOMY_ID,
        "language": "nl",
    }
    assert garden["description"] == "English: Help with the garden"
    top = client.get("/hsds/taxonomy_terms", params={"top_only": "true"}).json()["contents"]
    assert len(top) == 13 and all("parent_id" not in term for term in top)
    housing = client.get("/hsds/taxonomy_terms", params={"parent_id": HUISVESTING}).json()["contents"]
    assert [term["code"] for term in housing] == [t["code"] for t in themes if t["domain"] == "huisvesting"]
    assert client.get("/hsds/taxonomies").json()["contents"][0]["version"] == "2026.1"


def test_unknown_ids_are_404_problems(client):
    for path in ("services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms"):
        for wanted in (MISSING, "not-a-uuid", str(uuid.uuid4())):
            response = client.get(f"/hsds/{path}/{wanted}")
            assert response.status_code == 404, (path, wanted)
            assert response.headers["content-type"] == "application/problem+json"
            assert wanted in response.json()["detail"]


def test_the_openapi_document_lists_the_hsds_paths(client):
    paths = client.get("/openapi.json").json()["paths"]
    expected = {"/hsds/"} | {
        f"/hsds/{kind}{suffix}"
        for kind in ("services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms")
        for suffix in ("", "/{id}")
    }
    assert {path for path in paths if path.startswith("/hsds")} == expected
    parameters = {p["name"] for p in paths["/hsds/services"]["get"]["parameters"]}
    assert {"page", "per_page", "search", "taxonomy_term_id", "organization_id", "modified_after"} <= parameters
