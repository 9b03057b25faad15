"""/ogc read by real GIS clients from a live server on both backends: OWSLib, and GeoPandas (GDAL's GeoJSON driver)."""

import geopandas
import pytest
from owslib.ogcapi.features import Features

from app import demo


@pytest.fixture
def town(database) -> None:
    with database.session() as session:
        demo.load(session)


def test_owslib_lists_the_collections_and_reads_items(live_url, town):
    service = Features(f"{live_url}/ogc")
    assert service.feature_collections() == ["assets", "offers", "areas"]
    assert service.collection("areas")["extent"]["spatial"]["bbox"] == [[6.18, 52.125, 6.22, 52.1415]]
    page = service.collection_items("assets", limit=7)
    assert page["numberMatched"] == 314 and page["numberReturned"] == len(page["features"]) == 7
    one = service.collection_item("assets", page["features"][0]["id"])
    assert one["properties"] == page["features"][0]["properties"]


def test_owslib_bbox_keeps_the_features_inside(live_url, town):
    box = [6.18, 52.125, 6.19, 52.1305]  # the demo town's south-west buurt
    page = Features(f"{live_url}/ogc").collection_items("assets", bbox=box, limit=1000)
    positions = [feature["geometry"]["coordinates"] for feature in page["features"]]
    assert 0 < page["numberMatched"] == len(positions) < 314
    assert all(box[0] <= lon <= box[2] and box[1] <= lat <= box[3] for lon, lat in positions)


def test_geopandas_reads_a_page_of_items_as_geojson(live_url, town):
    frame = geopandas.read_file(f"{live_url}/ogc/collections/assets/items?limit=1000")
    assert len(frame) == 314 and frame.crs == "EPSG:4326"
    assert set(frame.geom_type) == {"Point"}
    assert frame.total_bounds.round(3).tolist() == [6.18, 52.125, 6.22, 52.141]
    assert {"name", "asset_type", "support_level"} <= set(frame.columns) and "person_ref" not in frame.columns


def test_owslib_with_a_planners_token_reads_the_protected_figures_per_buurt(live_url, town, auth):
    service = Features(f"{live_url}/ogc", headers=auth["planner"])
    assert service.feature_collections() == ["assets", "offers", "areas", "figures-buurt", "figures-wijk",
                                             "figures-gemeente"]  # fmt: skip
    page = service.collection_items("figures-buurt", limit=100)
    assert page["numberMatched"] == page["numberReturned"] == 12
    for feature in page["features"]:
        for measure in ("volunteers", "needs_open", "needs_matched", "needs_within_reach", "needs_unmet"):
            count = feature["properties"][measure]
            assert count is None or (count % 5 == 0 and not 0 < count < 10)
