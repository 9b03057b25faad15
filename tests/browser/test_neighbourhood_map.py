"""/map in Chromium: every published asset drawn, layers toggle, filters filter, nothing from elsewhere."""

from sqlmodel import func, select

from app.models import Asset
from tests.browser.conftest import TILE_HOST


def _published(database, **equal) -> int:
    with database.session() as session:
        statement = select(func.count()).select_from(Asset).where(Asset.status == "published")
        for name, value in equal.items():
            statement = statement.where(getattr(Asset, name) == value)
        return session.exec(statement).one()


def test_the_map_shows_every_published_asset_with_nothing_from_other_hosts(demo_town, database, visit):
    page = visit("/map")
    assert page.circle_markers() == _published(database)
    assert page.errors == []
    assert page.foreign_hosts <= {TILE_HOST}
    assert page.page.locator(".leaflet-control-layers-overlays label").count() >= 4
    assert page.page.locator("table tbody tr").count() == _published(database)
    page.screenshot("map")


def test_a_layer_toggles_off_and_on(demo_town, database, visit):
    page = visit("/map")
    everything, associations = _published(database), _published(database, asset_type="association")
    toggle = page.page.get_by_label(f"Verenigingen ({associations})")
    toggle.uncheck()
    assert page.circle_markers() == everything - associations
    toggle.check()
    assert page.circle_markers() == everything


def test_filters_in_the_address_and_on_the_page(demo_town, database, visit):
    page = visit("/map?support_level=vereniging")
    assert page.circle_markers() == _published(database, support_level="vereniging")
    page.page.select_option("select[name=type]", "institution")
    page.page.select_option("select[name=support_level]", "")
    page.page.get_by_role("button", name="Toon").click()
    page.page.wait_for_url("**/map?*type=institution*")
    page.settled()
    assert page.circle_markers() == _published(database, asset_type="institution")


def test_a_popup_shows_the_place_its_offers_and_contact(demo_town, database, visit):
    page = visit("/map")
    text = page.leaflet(
        "let found = null; map.eachLayer(l => { if (!found && l instanceof L.CircleMarker && l.feature"
        " && l.feature.properties.offers.length) found = l; });"
        " found.openPopup(); return document.querySelector('.leaflet-popup-content').innerText;"
    )
    with database.session() as session:
        names = set(session.exec(select(Asset.name).where(Asset.status == "published")))
    assert text.splitlines()[0] in names
    assert page.page.locator(".popup-offers li").count() >= 1
