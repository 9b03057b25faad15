"""/map in Chromium with many assets: markers grouped in clusters per layer, every asset still there."""

import pytest

from app.config import Settings
from tests.browser.test_neighbourhood_map import _published

CLUSTERED = (
    "let n = 0; map.eachLayer(l => { if (L.MarkerClusterGroup && l instanceof L.MarkerClusterGroup)"
    " n += l.getLayers().length; }); return n;"
)


@pytest.fixture
def settings(database_url) -> Settings:
    """Clusters from 100 assets, so that the demo town's 314 are many."""
    return Settings(database_url=database_url, public_url="http://testserver", map_cluster_from=100)


def test_many_assets_are_clustered_and_every_one_is_in_a_cluster_group(demo_town, database, visit):
    page = visit("/map")
    assert page.errors == []
    everything = _published(database)
    assert page.leaflet(CLUSTERED) == everything
    assert page.page.locator(".nabij-cluster").count() > 0
    assert page.circle_markers() < everything  # drawn one by one only where no cluster holds them
    associations = _published(database, asset_type="association")
    page.page.get_by_label(f"Verenigingen ({associations})").uncheck()
    assert page.leaflet(CLUSTERED) == everything - associations
    page.screenshot("map-clustered")


def test_few_assets_are_not_clustered(demo_town, database, visit, settings):
    assert settings.map_cluster_from == 100
    page = visit("/map?type=culture")
    culture = _published(database, asset_type="culture")
    assert culture < 100 and page.leaflet(CLUSTERED) == 0 and page.circle_markers() == culture
