"""Screenshots of the map pages for people to look at, written to docs/screenshots/.

    .venv/bin/python scripts/screenshots.py

Two towns, each in a throwaway SQLite file served by uvicorn: the demo town (`nabij demo load`;
also as a builder sees it, one need's proposals, and where rides to the shops are missing) and Amsterdam from the real extracts in
../shared/data (municipal buurten and OpenStreetMap places imported with `nabij import`). Tiles
are left out (no internet needed): what shows is Nabij's own drawing.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright
from sqlmodel import select

from app.api.matching import match_settings
from app.config import Settings
from app.db import Database
from app.models import Need
from app.store.matches import match_need
from app.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUTPUT = ROOT / "docs" / "screenshots"
NABIJ = str(Path(sys.executable).with_name("nabij"))
PORT = 8765


def nabij(url: str, *args: str) -> str:
    env = {**os.environ, "NABIJ_DATABASE_URL": url}
    return subprocess.run([NABIJ, *args], env=env, check=True, capture_output=True, text=True).stdout


def capture(url: str, shots: dict[str, str], headers: dict[str, str] | None = None) -> None:
    env = {**os.environ, "NABIJ_DATABASE_URL": url, "NABIJ_TILES_URL": ""}
    server = subprocess.Popen([NABIJ, "serve", "--port", str(PORT)], env=env, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{PORT}/health").raise_for_status()
                break
            except httpx.TransportError:
                time.sleep(0.1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900}, extra_http_headers=headers or {})
            for name, path in shots.items():
                page.goto(f"http://127.0.0.1:{PORT}{path}", wait_until="load")
                page.wait_for_function("() => !window.nabijPending")
                page.wait_for_timeout(500)
                page.screenshot(path=str(OUTPUT / f"{name}.png"))
                print(f"wrote docs/screenshots/{name}.png ({path})")
            browser.close()
    finally:
        server.terminate()
        server.wait()


def _need_with_most_proposals(url: str) -> str:
    """The demo need the matching engine has most to say about (kastjes first), as a good example."""
    settings = Settings(database_url=url)
    database, taxonomy = Database(url), load_taxonomy(settings.themes_file)
    scored = []
    with database.session() as session:
        for row in session.exec(select(Need)):
            found = match_need(session, row, settings=match_settings(settings), taxonomy=taxonomy,
                               today=date.today(), limit=10)  # fmt: skip
            scored.append((len(found.proposals.kastjes), len(found.matches), str(row.id)))
        session.rollback()
    database.dispose()
    return max(scored)[2]


def main() -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        demo = f"sqlite:///{folder}/demo.db"
        nabij(demo, "migrate")
        nabij(demo, "demo", "load")
        capture(demo, {"map-demo": "/map", "map-demo-verenigingen": "/map?support_level=vereniging"})
        token = nabij(demo, "token", "create", "--role", "builder", "--name", "screenshots").strip().splitlines()[-1]
        need = _need_with_most_proposals(demo)
        builder = {"Authorization": f"Bearer {token}"}
        gaps = "/map/gaps?theme=instrumentele_adl/vervoer"
        shots = {"map-demo-builder": "/map", "map-demo-need": f"/map/needs/{need}", "map-demo-gaps": gaps}
        capture(demo, shots, builder)
        amsterdam = f"sqlite:///{folder}/amsterdam.db"
        nabij(amsterdam, "migrate")
        nabij(amsterdam, "import", "areas", str(SHARED / "amsterdam" / "buurten.geojson"))
        nabij(amsterdam, "import", "osm", str(SHARED / "osm" / "amsterdam_noord_amenities.geojson"))
        nabij(amsterdam, "import", "osm", str(SHARED / "osm" / "amsterdam_watergraafsmeer.osm.pbf"))
        capture(amsterdam, {"map-amsterdam-imported": "/map"})


if __name__ == "__main__":
    main()
