"""A wijkteam member's morning in Chromium, on SQLite and PostGIS: log in, register a resident's question by
postcode, see the proposals with their reasons on the map and in the list, introduce one, find the question
under My buurt; register a volunteer; a mistake shown next to its field. axe-core checks every page."""

import re
import shutil
from pathlib import Path

import pytest

from app.config import Settings
from tests import factories
from tests.accounts import EMAILS, PASSWORD
from tests.bag import load
from tests.conftest import BACKENDS, emptied, fresh_sqlite

GARDEN = "huisvesting/tuin"
OTTERLO = (5.7750129, 52.0935143)  # Arnhemseweg 99-2, 6731 BR
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DUTCH = {"Accept-Language": "nl-NL,nl;q=0.9"}


@pytest.fixture(params=BACKENDS)
def database_url(request) -> str:
    if request.param == "sqlite":
        return fresh_sqlite(request)
    return emptied(request.getfixturevalue("postgis_url"))


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(database_url=database_url, public_url="http://testserver", secure_cookies=False, tiles_url="")


@pytest.fixture
def otterlo(client, database, auth) -> None:
    """BAG addresses, a buurt around Arnhemseweg, and a gardening club and a handy neighbour nearby."""
    load(database)
    lon, lat = OTTERLO
    buurt = factories.area("BU02280101", geometry=factories.square(lon - 0.01, lat - 0.01, 0.02), name="Otterlo-Zuid")
    assert client.post("/api/v1/areas", json=buurt, headers=auth["admin"]).status_code == 201
    club = factories.asset(factories.point(lon + 0.0044, lat), name="Tuinclub Otterlo", asset_type="association",
                           support_level="vereniging", themes=[GARDEN])  # fmt: skip
    club_id = client.post("/api/v1/assets", json=club, headers=auth["builder"]).json()["id"]
    offer = factories.offer(club_id, title="Samen tuinieren", themes=[GARDEN])
    assert client.post("/api/v1/offers", json=offer, headers=auth["builder"]).status_code == 201


def shot(visit_, name: str, backend: str) -> None:
    path = visit_.screenshot(f"workbench-{name}")
    if backend == "sqlite":
        shutil.copy(path, DOCS_SCREENSHOTS / path.name)


def test_a_builders_morning_from_question_to_introduction(visit, otterlo, users, request):
    backend = request.node.callspec.params["database_url"]
    visit_ = visit("/login?next=/needs/new", headers=DUTCH, settle=False)
    page = visit_.page
    page.get_by_label("E-mailadres").fill(EMAILS["builder"])
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^http://[^/]+/needs/new$"))
    assert visit_.accessibility_violations() == []

    page.get_by_label("Postcode").fill("6731 br")
    page.get_by_label("Huisnummer").fill("99")
    page.get_by_label("Toevoeging").fill("2")
    page.get_by_label("Zoek een thema").fill("hulp in de tuin")
    page.get_by_label("Zoek een thema").press("Enter")  # picks the first theme shown
    page.get_by_label("zaterdag ochtend").check()
    page.get_by_role("button", name="Opslaan en voorstellen zien").click()
    page.wait_for_url(re.compile(r"/needs/[0-9a-f-]{36}$"))
    assert "hulp in de tuin" in page.locator(".proposal-list").inner_text()
    first = page.locator(".proposal").first
    assert "Tuinclub Otterlo" in first.inner_text() and "vereniging" in first.inner_text()
    frame = page.frame_locator("iframe.need-map")
    frame.locator(".rank").first.wait_for()
    assert frame.locator(".rank").count() >= 1
    assert visit_.accessibility_violations() == []
    shot(visit_, "need", backend)

    first.get_by_label("Notitie (kort)").fill("Bel de tuinclub dinsdag")
    first.get_by_role("button", name="Kennismaking gelegd: Tuinclub Otterlo").click()
    page.wait_for_url(re.compile(r"done=saved"))
    assert "Voorgesteld" in page.locator(".proposal").first.inner_text()

    page.get_by_role("link", name="Mijn buurt").click()
    page.get_by_label("Buurt").select_option("BU02280101")
    page.get_by_role("button", name="Toon").click()
    row = page.locator("table.list tbody tr").first
    assert "Hulp in de tuin" in row.inner_text() and "Bezig" in row.inner_text()
    assert visit_.accessibility_violations() == []
    shot(visit_, "buurt", backend)

    page.get_by_role("link", name="Vrijwilliger").first.click()
    page.get_by_label("Code van de bewoner").fill("r-buurman")
    page.get_by_label("Postcode").fill("6731BR")
    page.get_by_label("Huisnummer").fill("99x")
    page.get_by_role("button", name="Opslaan").click()
    assert page.locator("#error-huisnummer").is_visible() and page.locator("#error-themes").is_visible()
    assert page.get_by_label("Code van de bewoner").input_value() == "r-buurman"
    assert visit_.accessibility_violations() == []
    shot(visit_, "volunteer-mistake", backend)
    page.get_by_label("Huisnummer").fill("99")
    page.get_by_role("group", name="Wat kan en wil de bewoner geven?").locator("summary", has_text="Wonen").click()
    page.get_by_label("Hulp in de tuin").check()
    page.get_by_role("button", name="Opslaan").click()
    assert "Vrijwilliger opgeslagen: r-buurman" in page.get_by_role("status").inner_text()
    assert [error for error in visit_.errors if "status of 422" not in error] == []
    assert visit_.foreign_hosts == set()
