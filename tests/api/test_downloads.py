"""Downloads of lists and figures: CSV that spreadsheets read, GeoPackage that GeoPandas reads."""

import csv
import io

import geopandas as gpd
import pytest

from app import demo
from tests import factories


def _demo(database):
    with database.session() as session:
        demo.load(session)


def _gpkg(answer, tmp_path):
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/geopackage+sqlite3"
    path = tmp_path / "download.gpkg"
    path.write_bytes(answer.content)
    return gpd.read_file(path)


def _csv(answer):
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"].startswith("attachment; filename=")
    return list(csv.DictReader(io.StringIO(answer.text)))


def test_the_whole_asset_list_downloads_past_the_page_size_as_geopackage_and_csv(client, database, tmp_path):
    _demo(database)
    as_json = client.get("/api/v1/assets", params={"limit": 1000}).json()
    frame = _gpkg(client.get("/api/v1/assets", params={"f": "gpkg"}), tmp_path)
    assert len(frame) == as_json["numberMatched"] == 314 and frame.crs.to_epsg() == 4326
    first = as_json["features"][0]
    row = frame[frame["id"] == first["id"]].iloc[0]
    assert row["name"] == first["properties"]["name"]
    assert (row.geometry.x, row.geometry.y) == pytest.approx(tuple(first["geometry"]["coordinates"]))
    rows = _csv(client.get("/api/v1/assets", params={"f": "csv", "type": "association"}))
    assert rows and all(r["asset_type"] == "association" and r["geometry"].startswith("POINT (") for r in rows)
    assert "; " in next(r["themes"] for r in rows if ";" in r["themes"])


def test_lists_without_geometry_and_empty_lists_download_too(client, auth, tmp_path):
    assert client.post("/api/v1/organisations", json=factories.organisation(), headers=auth["admin"]).status_code == 201
    organisations = _csv(client.get("/api/v1/organisations", params={"f": "csv"}, headers=auth["admin"]))
    assert sorted(row["name"] for row in organisations) == ["Repair Café Noord", "Vereniging other", "Vereniging own"]
    empty = _gpkg(client.get("/api/v1/assets", params={"f": "gpkg"}), tmp_path)
    assert len(empty) == 0 and "id" in empty.columns


def test_people_lists_download_for_builders_only(client, auth):
    assert client.get("/api/v1/needs", params={"f": "csv"}).status_code == 401
    assert client.get("/api/v1/needs", params={"f": "csv"}, headers=auth["builder"]).status_code == 200


def test_figures_gaps_and_signals_download_with_their_areas(client, database, auth, tmp_path):
    _demo(database)
    headers = auth["planner"]
    figures = client.get("/api/v1/stats/areas", params={"level": "buurt"}, headers=headers).json()
    frame = _gpkg(client.get("/api/v1/stats/areas", params={"level": "buurt", "f": "gpkg"}, headers=headers), tmp_path)
    assert list(frame["code"]) == [row["code"] for row in figures]
    assert set(frame.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    assert "assets_by_type.physical" in frame.columns and "needs_open" in frame.columns
    gaps = _csv(client.get("/api/v1/gaps", params={"f": "csv"}, headers=headers))
    assert len(gaps) == len(client.get("/api/v1/gaps", headers=headers).json())
    signals = _csv(client.get("/api/v1/signals", params={"f": "csv", "min_residents": 2}, headers=headers))
    assert signals and all(row["geometry"].startswith("POINT (") for row in signals)


def test_unknown_formats_and_oversized_downloads_are_named(client, auth):
    assert client.get("/api/v1/assets", params={"f": "xlsx"}).json()["invalidParams"][0]["name"] == "f"
    too_many = client.get("/api/v1/assets", params={"f": "csv", "limit": 100_001})
    assert too_many.status_code == 422 and too_many.json()["invalidParams"][0]["name"] == "limit"
    assert client.get("/api/v1/assets", params={"limit": 1001}).status_code == 422
