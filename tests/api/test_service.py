"""Service-wide behaviour: health, themes, the API-Version header, problem+json, OpenAPI."""

import gc
import json
import re

from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.taxonomy import load_taxonomy


def test_health_reports_the_backend(client, database_url):
    response = client.get("/health")
    assert response.status_code == 200
    expected = "sqlite" if database_url.startswith("sqlite") else "postgis"
    assert response.json()["backend"] == expected


def test_every_response_carries_the_api_version(client):
    for path in ("/health", "/api/v1/themes", "/api/v1/nope", "/api/v1/needs"):
        assert client.get(path).headers["API-Version"] == "1.0.0"


def test_themes_list_every_theme_with_labels(client):
    themes = client.get("/api/v1/themes").json()
    raw = json.loads(Settings().themes_file.read_text())
    assert len(themes) == sum(len(domain["themes"]) for domain in raw["domains"])
    assert {theme["domain"] for theme in themes} == {domain["code"] for domain in raw["domains"]}
    garden = next(theme for theme in themes if theme["code"] == "huisvesting/tuin")
    assert garden == {
        "code": "huisvesting/tuin",
        "domain": "huisvesting",
        "label_nl": "Hulp in de tuin",
        "label_en": "Help with the garden",
    }


def test_taxonomy_has_the_thirteen_zrm_life_domains():
    taxonomy = load_taxonomy(Settings().themes_file)
    assert set(taxonomy.domains) == {
        "financien", "werk_opleiding", "tijdsbesteding", "huisvesting", "huiselijke_relaties",
        "geestelijke_gezondheid", "lichamelijke_gezondheid", "middelengebruik", "basale_adl",
        "instrumentele_adl", "sociaal_netwerk", "maatschappelijke_participatie", "justitie",
    }  # fmt: skip
    assert all(theme.label_nl and theme.label_en for theme in taxonomy.themes.values())
    assert all(code.split("/")[0] == theme.domain for code, theme in taxonomy.themes.items())


def test_unknown_routes_and_ids_answer_problem_json(client):
    for path in ("/api/v1/nope", "/api/v1/assets/7d4e0a3c-0000-4000-8000-000000000000"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == 404
    malformed = client.get("/api/v1/assets/not-a-uuid")
    assert malformed.status_code == 422
    assert malformed.json()["invalidParams"][0]["name"] == "object_id"


def test_openapi_document_names_servers_and_contact(client):
    document = client.get("/openapi.json").json()
    assert document["servers"] == [{"url": "http://testserver"}]
    assert document["info"]["contact"]["name"]
    for resource in ("areas", "organisations", "assets", "offers", "volunteers", "needs"):
        assert {"get", "post"} <= set(document["paths"][f"/api/v1/{resource}"])
        assert {"get", "patch", "delete"} <= set(document["paths"][f"/api/v1/{resource}/{{object_id}}"])


def test_docs_page_loads_everything_from_nabij_itself(client):
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text) + re.findall(r"url: '([^']+)'", page.text)
    assert sources and all(source.startswith("/") for source in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source


def test_openapi_document_is_self_contained_for_offline_tools(client):
    text = client.get("/openapi.json").text
    references = re.findall(r'"\$ref":\s*"([^"]+)"', text)
    assert references and all(reference.startswith("#/components/") for reference in references)
    document = client.get("/openapi.json").json()
    for path in ("/api/v1/stats/areas", "/api/v1/gaps", "/api/v1/signals", "/ogc/collections", "/hsds/services"):
        assert "get" in document["paths"][path], path


def test_what_start_up_built_is_kept_out_of_full_collections_while_serving(settings):
    """The collector's full passes would walk every route, model and theme now and then (tail latency)."""
    before = gc.get_freeze_count()
    with TestClient(create_app(settings)) as client:
        assert client.get("/health").status_code == 200
        assert gc.get_freeze_count() > before + 100_000
    assert gc.get_freeze_count() == 0  # given back to the collector when the service stops
