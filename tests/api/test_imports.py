"""`POST /api/v1/imports`: the importers over HTTP, admins only, refused whole on bad rows."""

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.importers.conftest import shared

NOORD = "osm/amsterdam_noord_amenities.geojson"


def _upload(client, headers, path, **form):
    with open(path, "rb") as handle:
        return client.post("/api/v1/imports", headers=headers, data=form, files={"file": (path.name, handle)})


def test_an_admin_imports_osm_places_and_a_repeat_changes_nothing(client, auth):
    path = shared(NOORD)
    first = _upload(client, auth["admin"], path, kind="osm")
    assert first.status_code == 200, first.text
    assert (first.json()["created"], first.json()["source"]) == (41, "osm:amsterdam_noord_amenities")
    assert first.headers["API-Version"]
    again = _upload(client, auth["admin"], path, kind="osm").json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 41)
    assert client.get("/api/v1/assets", params={"limit": 1}).json()["numberMatched"] == 41


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("builder", 403), ("planner", 403), ("association", 403)]
)
def test_only_admins_import(client, auth, role, status):
    response = _upload(client, auth.get(role, {}), shared(NOORD), kind="osm")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


def test_a_sheet_with_a_bad_row_is_refused_whole_naming_the_row(client, auth, tmp_path):
    sheet = tmp_path / "leden.csv"
    sheet.write_text("naam;thema;lat;lon\nTuinclub;Tuinieren;52.39;4.94\nKoor;Zingen op zondag;52.39;4.94\n")
    response = _upload(client, auth["admin"], sheet, kind="csv")
    assert response.status_code == 422
    assert response.json()["invalidParams"] == [
        {"name": "file: row 3: themes", "reason": "unknown theme 'Zingen op zondag'; see GET /api/v1/themes"}
    ]
    assert client.get("/api/v1/assets", params={"limit": 1}).json()["numberMatched"] == 0
    skipped = _upload(client, auth["admin"], sheet, kind="csv", skip_errors="true").json()
    assert skipped["created"] == 1 and skipped["problems"] == [
        "row 3: themes: unknown theme 'Zingen op zondag'; see GET /api/v1/themes"
    ]


def test_an_unreadable_file_is_a_clear_422(client, auth, tmp_path):
    sheet = tmp_path / "leeg.csv"
    sheet.write_text("titel\nx\n")
    response = _upload(client, auth["admin"], sheet, kind="csv")
    assert response.status_code == 422
    assert response.json()["invalidParams"][0]["name"] == "file"
    assert "no name column" in response.json()["invalidParams"][0]["reason"]


def test_imports_have_their_own_body_limit(tmp_path, database_url):
    settings = Settings(database_url=database_url, max_body_bytes=100, max_import_bytes=200)
    with TestClient(create_app(settings)) as small:
        sheet = tmp_path / "groot.csv"
        sheet.write_text("naam,lat,lon\n" + "Plek,52.39,4.94\n" * 20)
        response = _upload(small, {}, sheet, kind="csv")
        assert response.status_code == 413
        assert "limit of 200 bytes" in response.json()["detail"]
