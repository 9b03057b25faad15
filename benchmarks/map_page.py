"""Building and showing the neighbourhood map page with 10k and 100k assets, against one Marker per asset.

    .venv/bin/python -m benchmarks.map_page [--assets 10000] [--large 100000]

Ours: `neighbourhood_map` + `map_page` (GeoJSON circle markers on canvas, popups made in the
browser from escaped properties), with each layer's GeoJSON made as `/map/assets.geojson` makes
it and fetched by the browser after the page loads; "build" counts both. Baseline in the same
run: one `folium.Marker` with a popup and a tooltip per asset, the way Folium is usually written.
Each page is served over loopback with its scripts (from node_modules) and opened in headless
Chromium; "first frame" is navigation start to two animation frames after the load event and
every layer's data. The large case runs twice: markers drawn one by one on canvas, and grouped in
marker clusters per layer (as /map does from NABIJ_MAP_CLUSTER_FROM assets).
"""

import argparse
import functools
import http.server
import json
import random
import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path

import folium
from playwright.sync_api import sync_playwright

from app.maps.assets import NODE_MODULES, self_hosted
from app.maps.data import MapAsset, MapOffer, Tiles
from app.maps.neighbourhood import TYPES, AssetLayer, asset_features, neighbourhood_map
from app.maps.page import LIST_LIMIT, Table, map_page

FIRST_FRAME_MS = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(
    () => done(performance.now()))))"""


def make_assets(count: int) -> list[MapAsset]:
    rng = random.Random(11)
    return [
        MapAsset(
            id=uuid.UUID(int=n), name=f"Plek {n}", asset_type=rng.choice(list(TYPES)), subtype="buurthuis",
            support_level="vereniging", lon=5.01 + rng.random() * 0.22, lat=52.02 + rng.random() * 0.135,
            themes=("Tuinieren",), address=f"Dorpsstraat {n % 300}", opening="ma 09:00-12:00",
            offers=(MapOffer("Koffieochtend", "di 10:00-12:00"),),
        )
        for n in range(count)
    ]  # fmt: skip


def ours(assets: list[MapAsset], clustered: bool = False) -> tuple[str, dict[str, str]]:
    """The page (layers fetched by the browser) and each layer's GeoJSON, as the server makes them."""
    layers, data = [], {}
    for kind in TYPES:
        of_kind = [asset for asset in assets if asset.asset_type == kind]
        layers.append(AssetLayer(kind, len(of_kind), f"{kind}.geojson", clustered))
        data[f"{kind}.geojson"] = json.dumps(asset_features(of_kind))
    table = Table("Lijst", ["Naam"], [[asset.name] for asset in assets[:LIST_LIMIT]], len(assets))
    box = (
        min(a.lon for a in assets),
        min(a.lat for a in assets),
        max(a.lon for a in assets),
        max(a.lat for a in assets),
    )
    m = neighbourhood_map(layers, [], bounds=box, tiles=Tiles(None))
    return map_page(m, title="Kaart", intro="", legend=[], tables=[table], filters=None), data


def one_marker_each(assets: list[MapAsset]) -> tuple[str, dict[str, str]]:
    m = folium.Map(location=(52.09, 5.12), zoom_start=12, tiles=None)
    for asset in assets:
        popup = f"<b>{asset.name}</b><br>{asset.address}<br>{asset.offers[0].title}"
        folium.Marker((asset.lat, asset.lon), popup=popup, tooltip=asset.name).add_to(m)
    self_hosted(m.get_root())
    return m.get_root().render(), {}


def timed(build, assets) -> tuple[tuple[str, dict[str, str]], float]:
    started = time.perf_counter()
    built = build(assets)
    return built, time.perf_counter() - started


def first_frame_s(folder: Path, built: tuple[str, dict[str, str]], name: str) -> float:
    page, data = built
    (folder / f"{name}.html").write_text(page)
    for file, text in data.items():
        (folder / file).write_text(text)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.RequestHandlerClass.log_message = lambda *args: None  # type: ignore[method-assign]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            tab = browser.new_page(viewport={"width": 1200, "height": 800})
            tab.goto(f"http://127.0.0.1:{server.server_address[1]}/{name}.html", wait_until="load", timeout=600_000)
            tab.wait_for_function("() => !window.nabijPending", timeout=600_000)
            frame_ms = tab.evaluate(FIRST_FRAME_MS)
            browser.close()
        return frame_ms / 1000
    finally:
        server.shutdown()


def report(label: str, built: tuple[str, dict[str, str]], build_s: float, frame_s: float) -> None:
    page, data = built
    print(f"{label} build: {build_s:.2f} s")
    print(f"{label} html: {len(page.encode()) / 1e6:.2f} MB")
    if data:
        print(f"{label} geojson fetched: {sum(len(text.encode()) for text in data.values()) / 1e6:.2f} MB")
    print(f"{label} first frame in chromium: {frame_s:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "vendor").symlink_to(NODE_MODULES)
        assets = make_assets(args.assets)
        page, build = timed(ours, assets)
        report(f"map {args.assets} ours", page, build, first_frame_s(folder, page, "ours"))
        baseline, baseline_build = timed(one_marker_each, assets)
        report(f"map {args.assets} one marker each", baseline, baseline_build, first_frame_s(folder, baseline, "base"))
        print(f"map {args.assets} ours build vs one marker each: {build / baseline_build:.3f} x")
        many = make_assets(args.large)
        large, large_build = timed(ours, many)
        report(f"map {args.large} ours", large, large_build, first_frame_s(folder, large, "large"))
        clustered, clustered_build = timed(functools.partial(ours, clustered=True), many)
        report(f"map {args.large} ours clustered", clustered, clustered_build, first_frame_s(folder, clustered, "cl"))


if __name__ == "__main__":
    main()
