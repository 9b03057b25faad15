"""What the tests need: a real SQLite file and a real PostGIS server, and apps built on them.

Every test that takes `database_url` (or anything built on it) runs once on each backend.
"""

import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings

from app.config import Settings
from app.db import Database
from app.main import create_app
from app.migrate import upgrade
from app.models import Organisation, User, metadata
from app.models.token import Role
from app.store.auth import create_token
from tests.accounts import EMAILS, PASSWORD
from tests.postgis import create_database, postgis_server

BACKENDS = ["sqlite", "postgis"]

# CI explores the same examples on every run, so a red build always reproduces; locally, new ones.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("template") / "nabij.db"
    upgrade(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="session")
def postgis_admin_url() -> Iterator[str]:
    with postgis_server() as url:
        yield url


@pytest.fixture(scope="session")
def postgis_url(postgis_admin_url) -> str:
    url = create_database(postgis_admin_url, "nabij_test")
    upgrade(url)
    return url


def emptied(url: str) -> str:
    database = Database(url)
    # DELETE is much quicker than TRUNCATE on the few rows a test leaves behind. The access log
    # refuses DELETE (append-only): it keeps growing, and tests tell their entries by record id.
    with database.engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            if table.name != "access_log":
                connection.execute(table.delete())
    database.dispose()
    return url


@pytest.fixture(scope="session")
def sqlite_path(tmp_path_factory) -> Path:
    """One SQLite file for every test in turn, so that one app per backend serves them all."""
    return tmp_path_factory.mktemp("database") / "nabij.db"


@pytest.fixture(params=BACKENDS)
def database_url(request) -> str:
    """A migrated, empty database: the SQLite file copied afresh, or the PostGIS test database emptied."""
    if request.param == "sqlite":
        return fresh_sqlite(request)
    return emptied(request.getfixturevalue("postgis_url"))


def fresh_sqlite(request) -> str:
    """The session's SQLite file, a fresh copy of the migrated template."""
    path = request.getfixturevalue("sqlite_path")
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy(request.getfixturevalue("sqlite_template"), path)
    return f"sqlite:///{path}"


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(database_url=database_url, public_url="http://testserver")


@pytest.fixture
def database(settings) -> Iterator[Database]:
    database = Database(settings.database_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def apps() -> dict[str, FastAPI]:
    return {}


@pytest.fixture
def app(settings, apps) -> FastAPI:
    """The app for these settings, built once per session: FastAPI takes about 0.3 s to analyse the routes."""
    key = settings.model_dump_json()
    if key not in apps:
        apps[key] = create_app(settings)
    return apps[key]


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as test_client:  # the lifespan opens the database afresh for every test
        yield test_client


@pytest.fixture
def organisations(database) -> dict[str, uuid.UUID]:
    """Two associations' organisations, `own` and `other`."""
    with database.session() as session:
        rows = {key: Organisation(name=f"Vereniging {key}") for key in ("own", "other")}
        session.add_all(rows.values())
    return {key: row.id for key, row in rows.items()}


@pytest.fixture
def auth(database, organisations) -> dict[str, dict[str, str]]:
    """Authorization headers per role; `association` belongs to organisations['own']."""
    headers = {"anonymous": {}}
    with database.session() as session:
        for role in Role:
            organisation_id = organisations["own"] if role == Role.association else None
            secret = create_token(session, role=role, name=f"test {role.value}", organisation_id=organisation_id)
            headers[role.value] = {"Authorization": f"Bearer {secret}"}
    return headers


@pytest.fixture
def live_url(settings) -> Iterator[str]:
    """The app served by a real uvicorn on a free loopback port, for tests that need real sockets."""
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def password_hash() -> str:
    """PASSWORD hashed once: an Argon2id hash takes 0.1-0.7 s here, and every account may share it."""
    return PasswordHasher().hash(PASSWORD)


@pytest.fixture
def users(database, organisations, password_hash) -> dict[str, uuid.UUID]:
    """One account per kind in EMAILS; the two associations belong to `own` and `other`."""
    organisation_of = {"association": organisations["own"], "other_association": organisations["other"]}
    with database.session() as session:
        made = {
            kind: User(
                email=email,
                password_hash=password_hash,
                role=Role.association if kind in organisation_of else Role(kind),
                organisation_id=organisation_of.get(kind),
            )
            for kind, email in EMAILS.items()
        }
        session.add_all(made.values())
    return {kind: user.id for kind, user in made.items()}
