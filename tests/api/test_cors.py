"""CORS: off unless origins are listed; then only the listed origins, and never `*` with credentials."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.config import Settings
from app.main import create_app

ALLOWED = "https://kaart.gemeente.example"
FOREIGN = "https://elders.example"
ONLY_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _preflight(client: TestClient, origin: str):
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    return client.options("/api/v1/assets", headers=headers)


@pytest.fixture
def cors_client(settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"cors_origins": [ALLOWED]}))) as client:
        yield client


@ONLY_SQLITE
def test_a_listed_origin_passes_the_preflight_with_the_token_header(cors_client):
    response = _preflight(cors_client, ALLOWED)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "Authorization" in response.headers["access-control-allow-headers"]
    assert "access-control-allow-credentials" not in response.headers
    read = cors_client.get("/api/v1/assets", headers={"Origin": ALLOWED})
    assert read.headers["access-control-allow-origin"] == ALLOWED


@ONLY_SQLITE
def test_a_foreign_origin_gets_no_cors_headers(cors_client):
    response = _preflight(cors_client, FOREIGN)
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers
    read = cors_client.get("/api/v1/assets", headers={"Origin": FOREIGN})
    assert read.status_code == 200 and "access-control-allow-origin" not in read.headers


@ONLY_SQLITE
def test_without_origins_there_are_no_cors_headers_at_all(client):
    assert "access-control-allow-origin" not in _preflight(client, ALLOWED).headers
    assert "access-control-allow-origin" not in client.get("/api/v1/assets", headers={"Origin": ALLOWED}).headers


def test_a_wildcard_is_refused_when_credentials_are_allowed():
    with pytest.raises(ValidationError, match="'\\*' is refused when cors_allow_credentials is on"):
        Settings(cors_origins=["*"], cors_allow_credentials=True)
    assert Settings(cors_origins=[ALLOWED], cors_allow_credentials=True).cors_origins == [ALLOWED]


@pytest.mark.parametrize("origin", [f"{ALLOWED}/", f"{ALLOWED}/kaart", "kaart.gemeente.example", "ftp://x.example"])
def test_origins_are_scheme_host_and_port_only(origin):
    with pytest.raises(ValidationError, match="not an origin"):
        Settings(cors_origins=[origin])


def test_origins_come_from_the_environment_comma_separated(monkeypatch):
    monkeypatch.setenv("NABIJ_CORS_ORIGINS", f"{ALLOWED}, http://localhost:5173")
    assert Settings().cors_origins == [ALLOWED, "http://localhost:5173"]
