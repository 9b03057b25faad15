"""List filters: bbox, near + radius, CBS area, type, theme, support level, status, paging."""

import pytest
from pyproj import Transformer

from app.geo import distance_m
from tests import factories

# name: (lon, lat, asset_type, support_level, themes, status)
PLACES = {
    "buurthuis": (6.2000, 52.1300, "physical", "algemene_voorziening", ["sociaal_netwerk/ontmoeting"], "published"),
    "koor": (6.2040, 52.1300, "association", "vereniging", ["tijdsbesteding/muziek"], "published"),
    "moestuin": (6.2100, 52.1380, "physical", "sociaal_netwerk", ["tijdsbesteding/tuinieren"], "published"),
    "schuldhulp": (6.2300, 52.1500, "institution", "maatwerk", ["financien/schulden"], "published"),
    "concept": (6.2001, 52.1301, "association", "vereniging", ["sociaal_netwerk/maatje"], "draft"),
}


@pytest.fixture
def places(client, auth) -> dict[str, str]:
    ids = {}
    for name, (lon, lat, asset_type, level, themes, status) in PLACES.items():
        body = factories.asset(
            factories.point(lon, lat),
            name=name,
            asset_type=asset_type,
            support_level=level,
            themes=themes,
            status=status,
        )
        response = client.post("/api/v1/assets", json=body, headers=auth["builder"])
        assert response.status_code == 201, response.text
        ids[name] = response.json()["id"]
    return ids


def names(client, query: str, headers: dict | None = None) -> list[str]:
    response = client.get(f"/api/v1/assets?{query}", headers=headers or {})
    assert response.status_code == 200, response.text
    return [feature["properties"]["name"] for feature in response.json()["features"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bbox=6.19,52.12,6.205,52.135", {"buurthuis", "koor"}),
        ("bbox=6.205,52.135,6.24,52.16", {"moestuin", "schuldhulp"}),
        ("type=association", {"koor"}),
        ("support_level=maatwerk", {"schuldhulp"}),
        ("theme=tijdsbesteding/muziek", {"koor"}),
        ("theme=tijdsbesteding", {"koor", "moestuin"}),
        ("theme=financien&type=institution", {"schuldhulp"}),
        ("theme=financien&type=physical", set()),
    ],
)
def test_public_list_filters(client, places, query, expected):
    assert set(names(client, query)) == expected


def test_near_sorts_by_distance_and_keeps_only_the_radius(client, places):
    response = client.get("/api/v1/assets?near=6.2000,52.1300&radius=1000").json()
    found = [(f["properties"]["name"], f["properties"]["distance_m"]) for f in response["features"]]
    expected_koor = distance_m(6.2, 52.13, 6.204, 52.13)
    assert [name for name, _ in found] == ["buurthuis", "koor"]
    assert found[0][1] == 0.0
    assert found[1][1] == pytest.approx(expected_koor, abs=0.1)
    assert 270 < expected_koor < 275


def test_radius_edge_is_measured_in_metres(client, places):
    just_short = distance_m(6.2, 52.13, 6.204, 52.13) - 1
    assert names(client, f"near=6.2,52.13&radius={just_short}") == ["buurthuis"]
    assert names(client, f"near=6.2,52.13&radius={just_short + 2}") == ["buurthuis", "koor"]


def test_near_accepts_rd_new_coordinates(client, places):
    rd_x, rd_y = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True).transform(6.2, 52.13)
    assert (round(rd_x), round(rd_y)) == (210654, 460511)
    found = names(client, f"near={rd_x},{rd_y}&radius=2000&filter-crs=EPSG:28992")
    assert found[:2] == ["buurthuis", "koor"]


def test_builders_see_drafts_and_can_filter_on_status(client, auth, places):
    assert "concept" not in names(client, "limit=100")
    assert names(client, "status=draft", auth["builder"]) == ["concept"]
    assert len(names(client, "limit=100", auth["builder"])) == 5


def test_area_filter_uses_the_areas_polygon(client, auth, places):
    buurt = factories.area("BU99990101", factories.square(6.195, 52.125, 0.012))
    assert client.post("/api/v1/areas", json=buurt, headers=auth["admin"]).status_code == 201
    assert set(names(client, "area=BU99990101")) == {"buurthuis", "koor"}
    assert set(names(client, "area=BU99990101&type=physical")) == {"buurthuis"}


def test_paging_reports_totals_and_links(client, places):
    first = client.get("/api/v1/assets?limit=3").json()
    assert (first["numberMatched"], first["numberReturned"]) == (4, 3)
    rels = {link["rel"]: link["href"] for link in first["links"]}
    assert set(rels) == {"self", "next"}
    second = client.get(rels["next"].removeprefix("http://testserver")).json()
    assert (second["numberMatched"], second["numberReturned"]) == (4, 1)
    assert {link["rel"] for link in second["links"]} == {"self", "prev"}
    seen = [f["id"] for f in first["features"] + second["features"]]
    assert sorted(seen) == sorted(v for k, v in places.items() if k != "concept")


def test_offers_filter_by_their_assets_location_and_theme(client, auth, places):
    headers = auth["builder"]
    for place, theme in (("buurthuis", "sociaal_netwerk/samen_eten"), ("schuldhulp", "financien/budget")):
        offer = factories.offer(places[place], themes=[theme])
        assert client.post("/api/v1/offers", json=offer, headers=headers).status_code == 201
    near = client.get("/api/v1/offers?near=6.2,52.13&radius=500").json()
    assert [item["themes"] for item in near["items"]] == [["sociaal_netwerk/samen_eten"]]
    by_domain = client.get("/api/v1/offers?theme=financien").json()
    assert [item["asset_id"] for item in by_domain["items"]] == [places["schuldhulp"]]


def test_people_filter_by_theme_and_status(client, auth):
    headers = auth["builder"]
    client.post("/api/v1/needs", json=factories.need(themes=["huisvesting/tuin"]), headers=headers)
    client.post("/api/v1/needs", json=factories.need(status="closed"), headers=headers)
    open_garden = client.get("/api/v1/needs?theme=huisvesting&status=open", headers=headers).json()
    assert [f["properties"]["themes"] for f in open_garden["features"]] == [["huisvesting/tuin"]]
