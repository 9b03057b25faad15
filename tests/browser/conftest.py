"""Pages in a real headless Chromium (Debian's), driven by Playwright; no request leaves for a foreign host."""

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from app import demo
from app.config import Settings
from app.maps.assets import NODE_MODULES
from tests.conftest import fresh_sqlite

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
TILE_HOST = urlsplit(Settings().tiles_url).hostname
AXE = NODE_MODULES / "axe-core" / "axe.min.js"


@pytest.fixture(params=["sqlite"])
def database_url(request) -> str:
    """Browser tests run on SQLite: the pages' queries are tested on both backends without a browser."""
    return fresh_sqlite(request)


@pytest.fixture
def demo_town(database) -> None:
    with database.session() as session:
        demo.load(session)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is missing: scripts/system-packages.sh installs it (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A page with what happened while it loaded: console errors and hosts it tried to reach."""

    page: Page
    errors: list[str] = field(default_factory=list)
    foreign_hosts: set[str] = field(default_factory=set)

    def leaflet(self, script: str):
        """Evaluate `script` with `map` bound to the page's Leaflet map."""
        return self.page.evaluate(
            f"() => {{ const map = Object.values(window).find(v => v instanceof L.Map); {script} }}"
        )

    def settled(self) -> "Visit":
        """Wait until the map exists and every layer the browser fetches has arrived."""
        self.page.wait_for_function(
            "() => Object.values(window).some(v => typeof L !== 'undefined' && v instanceof L.Map)"
        )
        self.page.wait_for_function("() => !window.nabijPending")
        return self

    def accessibility_violations(self) -> list[str]:
        """What axe-core (from npm) finds against WCAG 2.1 A and AA on the page as it is now."""
        self.page.add_script_tag(path=str(AXE))
        return self.page.evaluate(
            """async () => (await axe.run(document, {runOnly: {type: 'tag', values: WCAG}})).violations
                .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)""".replace(
                "WCAG", '["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]'
            )
        )

    def circle_markers(self) -> int:
        return self.leaflet("let n = 0; map.eachLayer(l => { if (l instanceof L.CircleMarker) n += 1; }); return n;")

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path


@pytest.fixture
def visit(browser, live_url) -> Iterator:
    """`visit(path, headers=None, settle=True)`: open a page of the live server (a map page: wait for its layers);
    foreign requests are recorded and blocked."""
    contexts = []
    local = urlsplit(live_url).hostname

    def open_page(path: str, headers: dict[str, str] | None = None, settle: bool = True) -> Visit:
        context = browser.new_context(viewport={"width": 1200, "height": 800}, extra_http_headers=headers or {})
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page)

        def guard(route: Route) -> None:
            host = urlsplit(route.request.url).hostname
            if host in (local, None):
                route.continue_()
            else:
                visit.foreign_hosts.add(host or "")
                route.abort()

        def console(message) -> None:
            source = message.location.get("url", "") if message.location else ""
            if message.type == "error" and urlsplit(source).hostname != TILE_HOST:
                visit.errors.append(f"{message.text} ({source})")

        page.route("**/*", guard)
        page.on("console", console)
        page.on("pageerror", lambda error: visit.errors.append(str(error)))
        page.goto(live_url + path, wait_until="load")
        return visit.settled() if settle else visit

    yield open_page
    for context in contexts:
        context.close()
