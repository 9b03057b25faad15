"""The `nabij` command against a real database.

Most commands run in this process (tests/cli.py): the same code, database, output and exit codes,
without a new interpreter's seconds of imports each. Three run as real processes, because there
the process is what is tested: `serve` answering over real HTTP, the password read from the
process's stdin, and the exit status the shell sees when a command refuses.
"""

import csv
import io
import os
import re
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.models import Need
from app.store.freshness import today
from tests import factories
from tests.accounts import form_token
from tests.api.offers import offer, place
from tests.cli import nabij
from tests.importers.conftest import shared
from tests.postgis import free_port

NABIJ = str(Path(sys.executable).with_name("nabij"))


def nabij_process(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """`nabij ARGS` as a real process, as the shell or cron runs it."""
    env = {**os.environ, "NABIJ_DATABASE_URL": database_url}
    return subprocess.run([NABIJ, *args], input=stdin, env=env, capture_output=True, text=True, timeout=120)


def test_token_create_prints_a_working_token_alone_on_the_last_line(database_url, client):
    output = nabij(database_url, "token", "create", "--role", "builder", "--name", "Wijkteam Noord").stdout
    token = output.strip().splitlines()[-1]
    assert token.startswith("nabij_") and " " not in token
    listed = client.get("/api/v1/needs", headers={"Authorization": f"Bearer {token}"})
    assert listed.status_code == 200


def test_association_token_needs_an_existing_organisation(database_url, organisations):
    refused = nabij(database_url, "token", "create", "--role", "association", "--name", "x", check=False)
    assert refused.exit_code == 2 and "organisation" in refused.stderr
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


def test_token_list_shows_no_secret_and_revoke_refuses_the_token_at_once(database_url, client):
    secret = nabij(database_url, "token", "create", "--role", "builder", "--name", "Wijkteam Zuid").stdout.split()[-1]
    listed = nabij(database_url, "token", "list").stdout
    assert "Wijkteam Zuid" in listed and "builder" in listed and "active" in listed and secret not in listed
    token_id = listed.split()[0]
    assert "Revoked the token for Wijkteam Zuid" in nabij(database_url, "token", "revoke", token_id).stdout
    assert "revoked" in nabij(database_url, "token", "list").stdout
    assert client.get("/api/v1/needs", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    unknown = nabij(database_url, "token", "revoke", "7d4e0a3c-0000-4000-8000-000000000000", check=False)
    assert unknown.exit_code == 2 and "no token" in unknown.stderr


def test_unknown_token_is_refused_with_401(client):
    response = client.get("/api/v1/assets", headers={"Authorization": "Bearer nabij_not-a-token"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.fixture
def fresh_sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'fresh' / 'nabij.db'}"


def login_client(database_url: str) -> TestClient:
    return TestClient(create_app(Settings(database_url=database_url, secure_cookies=False)))


def can_log_in(client: TestClient, email: str, password: str) -> bool:
    """Whether the login form takes these credentials, asked without the cookies of an earlier login."""
    client.cookies.clear()
    token = form_token(client.get("/login").text)
    answer = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    return answer.status_code == 200 and "Uitloggen" in answer.text


def test_migrate_then_demo_load_once_with_two_accounts_to_try(fresh_sqlite_url):
    assert "Schema up to date" in nabij(fresh_sqlite_url, "migrate").stdout
    first = nabij(fresh_sqlite_url, "demo", "load", "--if-empty").stdout
    assert "336 assets" in first
    logins = re.findall(r"as (\S+) \((\w+)\) with the password (\S+) ", first)
    assert [(email, role) for email, role, _ in logins] == [
        ("opbouwwerker@demo.nabij.nl", "builder"),
        ("vereniging@demo.nabij.nl", "association"),
    ]
    with login_client(fresh_sqlite_url) as client:
        assert all(can_log_in(client, email, password) for email, _, password in logins)
    again = nabij(fresh_sqlite_url, "demo", "load", "--if-empty").stdout
    assert "already present" in again and "password" not in again


def test_user_create_reads_the_password_from_stdin_and_disable_ends_it(fresh_sqlite_url):
    nabij(fresh_sqlite_url, "migrate")
    password = "een-lang-wachtwoord"
    made = nabij_process(fresh_sqlite_url, "user", "create", "--email", "Wijk@Example.nl", "--role", "builder",
                         "--password-stdin", stdin=password + "\n")  # fmt: skip
    assert made.returncode == 0 and "Account wijk@example.nl (builder) made" in made.stdout
    assert password not in made.stdout + made.stderr
    with login_client(fresh_sqlite_url) as client:
        assert can_log_in(client, "wijk@example.nl", password)
        nabij(fresh_sqlite_url, "user", "disable", "wijk@example.nl")
        assert not can_log_in(client, "wijk@example.nl", password)


def test_a_refused_command_exits_with_status_2_for_the_shell(fresh_sqlite_url):
    nabij(fresh_sqlite_url, "migrate")
    refused = nabij_process(fresh_sqlite_url, "user", "disable", "niemand@example.nl")
    assert refused.returncode == 2 and "no account for niemand@example.nl" in refused.stderr


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
    assert refused.exit_code == 2
    assert "row 3: lat: 'noord' is not a number" in refused.stderr and "nothing was imported" in refused.stderr
    assert client.get("/api/v1/assets", params={"limit": 1}).json()["numberMatched"] == 41


def test_offers_stale_lists_what_to_confirm_for_a_mail_merge_with_working_links(database_url, client, auth):
    body = {"name": "Tuinclub", "email": "info@tuinclub.example"}
    organisation = client.post("/api/v1/organisations", json=body, headers=auth["admin"]).json()["id"]
    asset_id = place(client, auth, organisation)
    offer(client, auth, asset_id, 10, "Nieuw")
    stale, hidden = offer(client, auth, asset_id, 400, "Oud"), offer(client, auth, asset_id, 600, "Verborgen")
    rows = list(csv.DictReader(io.StringIO(nabij(database_url, "offers", "stale").stdout)))
    assert [(r["offer_id"], r["title"], r["freshness"]) for r in rows] == [
        (hidden, "Verborgen", "hidden"),
        (stale, "Oud", "stale"),
    ]
    assert {(r["organisation"], r["email"], r["link_expires_on"]) for r in rows} == {
        ("Tuinclub", "info@tuinclub.example", str(today() + timedelta(days=60)))
    }
    client.post(urlsplit(rows[0]["link"]).path).raise_for_status()
    assert client.get(f"/api/v1/offers/{hidden}").json()["freshness"] == "fresh"


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
