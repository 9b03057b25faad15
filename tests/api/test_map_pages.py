"""/map over HTTP on both backends: what it holds for whom, and clear errors for bad filters."""

import re

from app import demo
from app.main import GZIP_FROM_BYTES
from tests import factories
from tests.importers.conftest import shared


def _load_demo(database):
    with database.session() as session:
        demo.load(session)


def test_the_page_holds_published_assets_and_only_local_scripts(client, database):
    _load_demo(database)
    page = client.get("/map")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page.text)
    assert sources and all(source.startswith("/vendor/") for source in sources)
    assert all(client.get(source).status_code == 200 for source in sources)
    assert "Alle 314 plekken als lijst" in page.text
    assert "Open vragen per buurt" not in page.text


def test_builders_see_open_needs_counted_per_buurt_never_as_points(client, database, auth):
    _load_demo(database)
    page = client.get("/map", headers=auth["builder"]).text
    assert "Open vragen per buurt" in page and "open vragen" in page
    assert "person_ref" not in page
    assert "Open vragen per buurt" not in client.get("/map", headers=auth["planner"]).text


def test_filters_narrow_the_page_and_unknown_values_are_named(client, auth):
    headers = auth["admin"]
    for name, level in (("Tuinclub", "vereniging"), ("Wijkteam", "maatwerk")):
        body = factories.asset(name=name, support_level=level, themes=["huisvesting/tuin"])
        assert client.post("/api/v1/assets", json=body, headers=headers).status_code == 201
    page = client.get("/map", params={"support_level": "vereniging", "theme": "huisvesting"}).text
    assert "Tuinclub" in page and "Wijkteam" not in page
    bad = client.get("/map", params={"type": "castle"})
    assert bad.status_code == 422 and bad.json()["invalidParams"][0]["name"] == "type"
    assert client.get("/map", params={"theme": "nope"}).json()["invalidParams"][0]["name"] == "theme"


def test_layers_come_as_geojson_with_escaped_properties(client, auth):
    headers = auth["admin"]
    for name, kind in (("<b>Koor</b>", "association"), ("Bibliotheek", "institution")):
        body = factories.asset(name=name, asset_type=kind, support_level="vereniging")
        assert client.post("/api/v1/assets", json=body, headers=headers).status_code == 201
    layer = client.get("/map/assets.geojson", params={"type": "association"})
    assert layer.status_code == 200 and layer.headers["content-type"] == "application/geo+json"
    assert [f["properties"]["name"] for f in layer.json()["features"]] == ["&lt;b&gt;Koor&lt;/b&gt;"]
    page = client.get("/map").text
    assert "/map/assets.geojson?" in page and "type=association" in page and "Koor" not in page.split("<table")[0]
    assert client.get("/map/assets.geojson", params={"support_level": "top"}).status_code == 422


def test_large_answers_are_compressed_for_clients_that_ask(client, database):
    _load_demo(database)
    layer = client.get("/map/assets.geojson", headers={"Accept-Encoding": "gzip"})
    assert layer.headers["content-encoding"] == "gzip" and layer.headers["API-Version"]
    assert len(layer.json()["features"]) > 100
    plain = client.get("/map/assets.geojson", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == layer.json()


def test_answers_that_fit_the_first_flight_are_sent_as_they_are(client, database):
    _load_demo(database)
    few = client.get("/map/assets.geojson", params={"type": "culture"}, headers={"Accept-Encoding": "gzip"})
    assert 1000 < len(few.content) < GZIP_FROM_BYTES
    assert "content-encoding" not in few.headers


def test_imported_data_is_credited_on_the_page(client, auth):
    noord = shared("osm/amsterdam_noord_amenities.geojson")
    with open(noord, "rb") as handle:
        files = {"file": (noord.name, handle)}
        assert (
            client.post("/api/v1/imports", headers=auth["admin"], data={"kind": "osm"}, files=files).status_code == 200
        )
    assert "Gegevens: © OpenStreetMap-bijdragers (ODbL)" in client.get("/map").text
    assert "Gegevens:" not in client.get("/map", params={"type": "culture", "theme": "financien"}).text


def test_the_gaps_map_is_for_planners_and_shows_protected_counts_per_buurt(client, database, auth):
    _load_demo(database)
    for role, status in (("anonymous", 401), ("association", 403), ("planner", 200), ("builder", 200)):
        assert client.get("/map/gaps", headers=auth[role]).status_code == status, role
    page = client.get("/map/gaps", params={"theme": "instrumentele_adl/boodschappen"}, headers=auth["planner"])
    figures = client.get(
        "/api/v1/stats/areas", params={"theme": "instrumentele_adl/boodschappen"}, headers=auth["planner"]
    ).json()
    assert f"{len(figures)} buurten als lijst" in page.text and "Waar aanbod ontbreekt: Boodschappen" in page.text
    for row in figures:
        unmet = "verborgen" if row["needs_unmet"] is None else str(row["needs_unmet"])
        assert f"<td>{row['code']}</td><td>{unmet}</td>" in page.text
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page.text)
    assert sources and all(source.startswith("/vendor/") for source in sources)
    assert "person_ref" not in page.text
    assert client.get("/map/gaps", params={"theme": "nope"}, headers=auth["planner"]).status_code == 422
