"""From saving a resident's question to its proposals on screen, with 10k assets stored (SQLite).

A builder logs in to a live server (its own process) in headless Chromium, fills in "Nieuwe vraag"
with a real Otterlo address (BAG) and a theme, and presses save; the time runs until the first
proposal and its numbered marker on the map are drawn. The server part is the same save (POST,
then the need's page) over plain HTTP, against GET /login without a login, a bare page, in the same run.
"""

import argparse
import os
import random
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright
from shapely.geometry import Point
from sqlalchemy import insert, select

from app.config import Settings
from app.db import Database
from app.db.spatial import bounds_of
from app.migrate import upgrade
from app.models import Address, Asset, Offer
from app.models.token import Role
from app.store import accounts
from app.taxonomy import load_taxonomy
from benchmarks.api_single_need import LEVELS, serve
from tests.bag import load

CENTRE = (5.74, 52.10)  # between Otterlo and Wekerom, whose BAG addresses are asked
HALF_SIDE = (0.08, 0.035)  # degrees: about 11 x 8 km
EMAIL, PASSWORD = "bench@wijkteam.example", "benchmark-wachtwoord"
THEME = "huisvesting/tuin"


def fill(database: Database, assets: int) -> list[tuple[str, int, str, str]]:
    """Assets with one offer each around Otterlo and Wekerom (a fifth of them with the asked theme), the BAG
    addresses, and a builder; returns the addresses to ask."""
    rng = random.Random(7)
    themes = sorted(load_taxonomy(Settings().themes_file).themes)
    rows = []
    for n in range(assets):
        point = Point(CENTRE[0] + rng.uniform(-HALF_SIDE[0], HALF_SIDE[0]),
                      CENTRE[1] + rng.uniform(-HALF_SIDE[1], HALF_SIDE[1]))  # fmt: skip
        rows.append({"name": f"Plek {n}", "asset_type": "association", "support_level": rng.choice(LEVELS),
                     "status": "published", "geom": point, **bounds_of(point),
                     "themes": [THEME if rng.random() < 0.2 else rng.choice(themes)]})  # fmt: skip
    with database.session() as session:
        ids = session.scalars(insert(Asset).returning(Asset.id), rows).all()
        offers = [{"asset_id": i, "title": r["name"], "themes": r["themes"], "status": "published"}
                  for i, r in zip(ids, rows, strict=True)]  # fmt: skip
        session.execute(insert(Offer), offers)
        accounts.create_user(session, email=EMAIL, password=PASSWORD, role=Role.builder)
    load(database)
    with database.session() as session:
        found = session.execute(select(Address.postcode, Address.huisnummer, Address.huisletter, Address.toevoeging))
        return rng.sample(list(found), 40)


def in_browser(base: str, addresses: list, rounds: int) -> list[float]:
    timings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(locale="nl-NL")
        page.goto(f"{base}/login")
        page.fill("#email", EMAIL)
        page.fill("#password", PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/manage$"))
        for postcode, number, letter, addition in addresses[:rounds]:
            page.goto(f"{base}/needs/new")
            page.fill("#field-postcode", postcode)
            page.fill("#field-huisnummer", str(number))
            page.fill("#field-huisletter", letter)
            page.fill("#field-toevoeging", addition)
            page.fill("#theme-search", "hulp in de tuin")
            page.press("#theme-search", "Enter")  # picks the first theme shown
            start = time.perf_counter()
            page.click("main form button[type=submit]")
            page.wait_for_selector(".proposal")
            page.frame_locator("iframe.need-map").locator(".rank").first.wait_for()
            timings.append(time.perf_counter() - start)
        browser.close()
    return timings


def over_http(base: str, addresses: list, rounds: int) -> tuple[list[float], list[float]]:
    saves, bare = [], []
    with httpx.Client(base_url=base) as client, httpx.Client(base_url=base) as anonymous:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
        client.post("/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token})
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/needs/new").text).group(1)
        for postcode, number, letter, addition in addresses[-rounds:]:
            form = {"csrf_token": csrf, "postcode": postcode, "huisnummer": str(number), "huisletter": letter,
                    "toevoeging": addition, "themes": THEME, "mode": "walk", "purpose": "matching",
                    "legal_basis": "consent"}  # fmt: skip
            start = time.perf_counter()
            saved = client.post("/needs/new", data=form)
            client.get(saved.headers["location"]).raise_for_status()
            saves.append(time.perf_counter() - start)
            start = time.perf_counter()
            anonymous.get("/login").raise_for_status()
            bare.append(time.perf_counter() - start)
    return saves, bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    os.environ |= {"NABIJ_SECURE_COOKIES": "false", "NABIJ_TILES_URL": ""}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'nabij.db'}"
        upgrade(url)
        database = Database(url)
        addresses = fill(database, args.assets)
        database.dispose()
        with serve(url) as base:
            browser = in_browser(base, addresses, args.rounds)
            saves, bare = over_http(base, addresses, args.rounds)
    name = f"workbench {args.assets} assets"
    print(f"{name} save to proposals on screen p50: {statistics.median(browser):.2f} s")
    print(f"{name} save to proposals on screen max: {max(browser):.2f} s")
    print(f"{name} server save and need page p50: {statistics.median(saves) * 1000:.1f} ms")
    print(f"{name} bare page p50: {statistics.median(bare) * 1000:.1f} ms")
    print(f"{name} server save and need page vs bare page: {statistics.median(saves) / statistics.median(bare):.1f} x")


if __name__ == "__main__":
    main()
