"""Create, read, list, partially update and delete every resource, as a community builder."""

import pytest

from tests import factories

SPATIAL = {
    "areas": (factories.area, {"name": "Lindenbuurt"}),
    "assets": (factories.asset, {"name": "Buurthuis De Eik"}),
    "volunteers": (factories.volunteer, {"themes": ["huisvesting/klussen"]}),
    "needs": (factories.need, {"status": "in_progress"}),
}


@pytest.mark.parametrize("resource", SPATIAL)
def test_spatial_resource_round_trip_as_geojson_feature(client, auth, resource):
    make, change = SPATIAL[resource]
    headers = auth["admin"]
    created = client.post(f"/api/v1/{resource}", json=make(), headers=headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["type"] == "Feature" and len(body["id"]) == 36
    assert created.headers["content-type"].startswith("application/geo+json")

    url = f"/api/v1/{resource}/{body['id']}"
    assert client.get(url, headers=headers).json() == body
    patched = client.patch(url, json={"properties": change}, headers=headers)
    assert patched.status_code == 200, patched.text
    for key, value in change.items():
        assert patched.json()["properties"][key] == value
    assert patched.json()["geometry"] == body["geometry"]

    listed = client.get(f"/api/v1/{resource}", headers=headers).json()
    assert listed["type"] == "FeatureCollection"
    assert (listed["numberMatched"], listed["numberReturned"]) == (1, 1)
    assert listed["features"][0]["id"] == body["id"]

    assert client.delete(url, headers=headers).status_code == 204
    assert client.get(url, headers=headers).status_code == 404


def test_organisation_and_offer_round_trip_as_json_objects(client, auth):
    headers = auth["builder"]
    organisation = client.post("/api/v1/organisations", json=factories.organisation(), headers=headers)
    assert organisation.status_code == 201, organisation.text
    organisation_id = organisation.json()["id"]
    asset = client.post("/api/v1/assets", json=factories.asset(organisation_id=organisation_id), headers=headers).json()
    offer = client.post("/api/v1/offers", json=factories.offer(asset["id"], capacity=12), headers=headers)
    assert offer.status_code == 201, offer.text
    assert offer.json()["asset_id"] == asset["id"] and offer.json()["capacity"] == 12

    url = f"/api/v1/offers/{offer.json()['id']}"
    patched = client.patch(url, json={"capacity": None, "title": "Soepmiddag"}, headers=headers).json()
    assert (patched["capacity"], patched["title"], patched["themes"]) == (
        None,
        "Soepmiddag",
        ["sociaal_netwerk/ontmoeting"],
    )
    listed = client.get("/api/v1/offers", headers=headers).json()
    assert listed["numberMatched"] == 1 and listed["items"][0]["id"] == patched["id"]


def test_geometry_alone_can_be_patched(client, auth):
    headers = auth["builder"]
    created = client.post("/api/v1/assets", json=factories.asset(), headers=headers).json()
    moved = client.patch(
        f"/api/v1/assets/{created['id']}", json={"geometry": factories.point(6.21, 52.14)}, headers=headers
    ).json()
    assert moved["geometry"]["coordinates"] == [6.21, 52.14]
    assert moved["properties"]["name"] == created["properties"]["name"]
    near_new_place = client.get("/api/v1/assets?near=6.21,52.14&radius=10", headers=headers).json()
    assert near_new_place["numberMatched"] == 1


def test_deleting_an_asset_removes_its_offers(client, auth):
    headers = auth["builder"]
    asset = client.post("/api/v1/assets", json=factories.asset(), headers=headers).json()
    offer = client.post("/api/v1/offers", json=factories.offer(asset["id"]), headers=headers).json()
    assert client.delete(f"/api/v1/assets/{asset['id']}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/offers/{offer['id']}", headers=headers).status_code == 404


def test_organisation_with_assets_cannot_be_deleted(client, auth):
    headers = auth["builder"]
    organisation = client.post("/api/v1/organisations", json=factories.organisation(), headers=headers).json()
    client.post("/api/v1/assets", json=factories.asset(organisation_id=organisation["id"]), headers=headers)
    refused = client.delete(f"/api/v1/organisations/{organisation['id']}", headers=headers)
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert client.get(f"/api/v1/organisations/{organisation['id']}").status_code == 200


def test_area_level_follows_from_its_cbs_code(client, auth):
    headers = auth["admin"]
    gemeente = client.post("/api/v1/areas", json=factories.area("GM9999"), headers=headers).json()
    wijk = client.post("/api/v1/areas", json=factories.area("WK999901", parent_code="GM9999"), headers=headers)
    assert gemeente["properties"]["level"] == "gemeente"
    assert wijk.json()["properties"]["level"] == "wijk"
