"""The `nabij` command, run as a real process against a real database."""

import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from app.models import Need
from tests import factories
from tests.importers.conftest import shared
from tests.postgis import free_port

NABIJ = str(Path(sys.executable).with_name("nabij"))


def nabij(database_url: str, *args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NABIJ_DATABASE_URL": database_url, **(env or {})}
    return subprocess.run([NABIJ, *args], env=env, capture_output=True, text=True, check=check, timeout=120)


def test_token_create_prints_a_working_token_alone_on_the_last_line(database_url, client):
    output = nabij(database_url, "token", "create", "--role", "builder", "--name", "Wijkteam Noord").stdout
    token = output.strip().splitlines()[-1]
    assert token.startswith("nabij_") and " " not in token
    listed = client.get("/api/v1/needs", headers={"Authorization": f"Bearer {token}"})
    assert listed.status_code == 200


def test_association_token_needs_an_existing_organisation(database_url, organisations):
    refused = nabij(database_url, "token", "create", "--role", "association", "--name", "x", check=False)
    assert refused.returncode == 2 and "organisation" in refused.stderr
    made = nabij(
        database_url,
        "token",
        "create",
        "--role",
        "association",
        "--name",
        "x",
        "--organisation",
        str(organisations["own"]),
    )
    assert made.stdout.strip().splitlines()[-1].startswith("nabij_")


def test_unknown_token_is_refused_with_401(client):
    response = client.get("/api/v1/assets", headers={"Authorization": "Bearer nabij_not-a-token"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.fixture
def fresh_sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'fresh' / 'nabij.db'}"


def test_migrate_then_demo_load_once(fresh_sqlite_url):
    assert "Schema up to date" in nabij(fresh_sqlite_url, "migrate").stdout
    first = nabij(fresh_sqlite_url, "demo", "load", "--if-empty").stdout
    assert "336 assets" in first
    again = nabij(fresh_sqlite_url, "demo", "load", "--if-empty").stdout
    assert "already present" in again


def test_serve_answers_health_over_real_http(fresh_sqlite_url):
    nabij(fresh_sqlite_url, "migrate")
    env = {**os.environ, "NABIJ_DATABASE_URL": fresh_sqlite_url}
    port = str(free_port())
    with subprocess.Popen([NABIJ, "serve", "--port", port], env=env, stderr=subprocess.PIPE, text=True) as server:
        try:
            for line in server.stderr:
                if "Uvicorn running" in line:
                    break
            health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=10).json()
        finally:
            server.terminate()
    assert health == {"status": "ok", "backend": "sqlite", "version": "1.0.0"}


def test_import_commands_report_store_and_refuse_bad_files_whole(database_url, client, tmp_path):
    osm = str(shared("osm/amsterdam_noord_amenities.geojson"))
    dry = nabij(database_url, "import", "osm", osm, "--dry-run").stdout
    assert "osm:amsterdam_noord_amenities: 41 created" in dry and "would be stored" in dry
    assert client.get("/api/v1/assets", params={"limit": 1}).json()["numberMatched"] == 0
    stored = nabij(database_url, "import", "osm", osm).stdout
    assert "41 created" in stored and "left out: 216 x no mapping rule" in stored
    assert client.get("/api/v1/assets", params={"limit": 1}).json()["numberMatched"] == 41
    assert "41 unchanged" in nabij(database_url, "import", "osm", osm).stdout

    sheet = tmp_path / "leden.csv"
    sheet.write_text("naam,lat,lon\nGoed,52.39,4.94\nFout,noord,4.94\n", encoding="utf-8")
    refused = nabij(database_url, "import", "csv", str(sheet), check=False)
    assert refused.returncode == 2
    assert "row 3: lat: 'noord' is not a number" in refused.stderr and "nothing was imported" in refused.stderr
    assert client.get("/api/v1/assets", params={"limit": 1}).json()["numberMatched"] == 41


def test_privacy_retention_anonymises_closed_needs_and_says_how_many(database_url, database, client, auth):
    need_id = client.post("/api/v1/needs", json=factories.need(status="closed"), headers=auth["builder"]).json()["id"]
    with database.session() as session:
        session.get(Need, uuid.UUID(need_id)).closed_at = datetime.now(UTC) - timedelta(days=400)
    env = {"NABIJ_RETENTION_DAYS": "365"}
    assert nabij(database_url, "privacy", "retention", env=env).stdout == (
        "Closed needs anonymised: 1 (closed more than 365 days ago).\n"
    )
    assert "anonymised: 0" in nabij(database_url, "privacy", "retention", env=env).stdout
    stored = client.get(f"/api/v1/needs/{need_id}", headers=auth["builder"]).json()["properties"]
    assert stored["person_ref"].startswith("anon-") and stored["anonymised_at"]
