"""The same neighbourhood gives the same proposals on SQLite and on PostGIS (hypothesis)."""

import shutil

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.config import Settings
from app.db import Database
from app.main import create_app
from app.models.token import Role
from app.store.auth import create_token
from tests import factories
from tests.conftest import emptied

THEMES = ["huisvesting/tuin", "huisvesting/klussen", "sociaal_netwerk/ontmoeting"]
LEVELS = ["sociaal_netwerk", "vereniging", "algemene_voorziening", "maatwerk"]
offsets = st.tuples(st.floats(-0.03, 0.03), st.floats(-0.02, 0.02))
places = st.lists(
    st.tuples(offsets, st.sampled_from(LEVELS), st.frozensets(st.sampled_from(THEMES), min_size=1)), max_size=12
)
helpers = st.lists(st.tuples(offsets, st.sampled_from(THEMES), st.sampled_from(["walk", "home"])), max_size=6)


@pytest.fixture
def backends(sqlite_template, postgis_url, tmp_path):
    path = tmp_path / "nabij.db"
    shutil.copy(sqlite_template, path)
    clients = {}
    for name, url in (("sqlite", f"sqlite:///{path}"), ("postgis", postgis_url)):
        clients[name] = TestClient(create_app(Settings(database_url=url, public_url="http://testserver")))
        clients[name].__enter__()
    yield clients
    for client in clients.values():
        client.__exit__(None, None, None)


def _builder_headers(url: str) -> dict[str, str]:
    database = Database(emptied(url))
    with database.session() as session:
        secret = create_token(session, role=Role.builder, name="test", organisation_id=None)
    database.dispose()
    return {"Authorization": f"Bearer {secret}"}


def _at(offset: tuple[float, float]) -> dict:
    return factories.point(factories.HOME[0] + offset[0], factories.HOME[1] + offset[1])


def _ranking(client: TestClient, headers, need_themes, mode, place_list, helper_list) -> list[tuple]:
    names = {}
    for n, (offset, level, themes) in enumerate(place_list):
        asset = factories.asset(_at(offset), name=f"plek {n}", support_level=level, themes=sorted(themes))
        asset_id = client.post("/api/v1/assets", json=asset, headers=headers).json()["id"]
        offer = client.post("/api/v1/offers", json=factories.offer(asset_id, themes=sorted(themes)), headers=headers)
        names[offer.json()["id"]] = f"plek {n}"
    for n, (offset, theme, helper_mode) in enumerate(helper_list):
        body = factories.volunteer(_at(offset), person_ref=f"v-{n}", themes=[theme], mode=helper_mode, reach_m=2000)
        names[client.post("/api/v1/volunteers", json=body, headers=headers).json()["id"]] = f"buur {n}"
    need = client.post("/api/v1/needs", json=factories.need(themes=sorted(need_themes), mode=mode), headers=headers)
    body = client.get(f"/api/v1/needs/{need.json()['id']}/matches?limit=50", headers=headers).json()
    return [
        (names[m["offer_id"] or m["volunteer_id"]], m["rank"], m["distance_m"], m["reasons"]) for m in body["matches"]
    ]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    need_themes=st.frozensets(st.sampled_from(THEMES), min_size=1, max_size=2),
    mode=st.sampled_from(["walk", "bike", "home"]),
    place_list=places,
    helper_list=helpers,
)
def test_sqlite_and_postgis_propose_the_same(backends, postgis_url, need_themes, mode, place_list, helper_list):
    rankings = {}
    for name, client in backends.items():
        url = str(client.app.state.settings.database_url)
        rankings[name] = _ranking(client, _builder_headers(url), need_themes, mode, place_list, helper_list)
    # Full ties fall to the ids the server drew, which differ: compare ranks with distances, and the set of rows.
    sqlite, postgis = rankings["sqlite"], rankings["postgis"]
    assert [(rank, distance) for _, rank, distance, _ in sqlite] == [
        (rank, distance) for _, rank, distance, _ in postgis
    ]
    assert sorted((d, reasons, name) for name, _, d, reasons in sqlite) == sorted(
        (d, reasons, name) for name, _, d, reasons in postgis
    )
