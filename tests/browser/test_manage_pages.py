"""The association's pages in Chromium: log in, add a place by clicking the map, add an offer; axe-core finds
no WCAG 2.1 A/AA violation on any of them."""

import re

import pytest
from sqlmodel import select

from app.config import Settings
from app.models import Asset, Offer
from tests.accounts import EMAILS, PASSWORD


@pytest.fixture
def settings(database_url) -> Settings:
    """Plain HTTP on the loopback address: login cookies without Secure; no tiles (the map works without them)."""
    return Settings(database_url=database_url, public_url="http://testserver", secure_cookies=False, tiles_url="")


def test_association_logs_in_and_adds_a_place_and_an_offer_with_the_keyboard_and_the_map(visit, database, users):
    visit_ = visit("/login", headers={"Accept-Language": "nl-NL,nl;q=0.9"}, settle=False)
    page = visit_.page
    assert visit_.accessibility_violations() == []
    page.get_by_label("E-mailadres").fill(EMAILS["association"])
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/manage")
    assert visit_.accessibility_violations() == []
    visit_.screenshot("manage-overview")

    page.get_by_role("link", name="Nieuwe plek").click()
    page.wait_for_function("() => document.querySelector('#location-map .leaflet-pane') !== null")
    page.get_by_label("Naam").fill("Gemeenschapstuin De Wilg")
    page.get_by_label("Soort plek").select_option("physical")
    page.get_by_label("Niveau van steun").select_option("vereniging")
    page.get_by_label("Lengtegraad (oost)").fill("6.2")
    page.get_by_label("Breedtegraad (noord)").fill("52.13")
    page.get_by_label("Breedtegraad (noord)").dispatch_event("change")  # the marker follows typed coordinates
    box = page.locator("#location-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2 + 20)  # a click moves it
    clicked = tuple(
        float(page.get_by_label(name).input_value()) for name in ("Lengtegraad (oost)", "Breedtegraad (noord)")
    )
    assert clicked != [6.2, 52.13] and page.locator("#location-map .leaflet-marker-icon").count() == 1
    assert visit_.accessibility_violations() == []
    visit_.screenshot("manage-new-place")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/manage/assets/*?done=saved")
    assert page.get_by_role("status").inner_text() == "Opgeslagen."

    page.goto(page.url.split("/manage/")[0] + "/manage")
    page.get_by_role("link", name=re.compile(r"^Nieuw aanbod\W+Gemeenschapstuin De Wilg$")).click()
    page.get_by_label("Titel").fill("Samen tuinieren")
    page.get_by_role("group", name="Thema's").locator("summary", has_text="Vrije tijd").click()
    page.get_by_label("Tuinieren").check()
    page.get_by_label("Dag 1").select_option("sa")
    page.get_by_label("Van", exact=True).first.fill("10:00")
    page.get_by_label("Tot", exact=True).first.fill("09:00")
    page.get_by_role("button", name="Opslaan").click()
    assert page.locator("#error-schedule").inner_text() == "line 1: closes (09:00) must be later than opens (10:00)"
    assert page.get_by_label("Titel").input_value() == "Samen tuinieren"
    assert visit_.accessibility_violations() == []
    visit_.screenshot("manage-offer-mistake")
    page.get_by_label("Tot", exact=True).first.fill("12:00")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/manage/offers/*?done=saved")

    assert [error for error in visit_.errors if "status of 422" not in error] == []  # 422: the form with a mistake
    assert visit_.foreign_hosts == set()
    with database.session() as session:
        place = session.exec(select(Asset)).one()
        offer = session.exec(select(Offer)).one()
    assert (place.name, place.status) == ("Gemeenschapstuin De Wilg", "draft")
    assert abs(place.geom.x - clicked[0]) < 1e-6 and abs(place.geom.y - clicked[1]) < 1e-6
    assert (offer.title, offer.themes, offer.status) == ("Samen tuinieren", ["tijdsbesteding/tuinieren"], "draft")
    assert offer.schedule == [{"day": "sa", "opens": "10:00", "closes": "12:00"}]
