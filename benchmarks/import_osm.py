"""Importing 100k OpenStreetMap features into SQLite, first time and again (nothing changed).

    .venv/bin/python -m benchmarks.import_osm [--features 100000]

A synthetic Overpass-style GeoJSON over a 15 x 15 km city: nine in ten features match a mapping
rule (names, addresses, wheelchair, opening hours, websites as real extracts have them), one in
ten does not. Measured: `nabij import osm` as a process on a fresh migrated SQLite file, then the
same file again. Baseline in the same run: GDAL (pyogrio) only reading the file into a frame.
Target of the importers issue: under 60 s for 100k features.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyogrio

from app.migrate import upgrade

TAGS = [
    {"amenity": "place_of_worship"}, {"amenity": "school"}, {"amenity": "community_centre"},
    {"amenity": "library"}, {"leisure": "pitch"}, {"club": "sport"}, {"leisure": "park"},
    {"shop": "second_hand"}, {"amenity": "social_facility", "social_facility:for": "senior"},
]  # fmt: skip
HOURS = ["Mo-Fr 09:00-17:00", "Tu,Th 13:30-16:00; Sa 10:00-12:00", "24/7", "Mo-Sa 08:00-12:00,13:00-18:00"]


def write_extract(path: Path, features: int) -> None:
    rng = random.Random(5)
    items = []
    for n in range(features):
        tags = dict(rng.choice(TAGS)) if rng.random() < 0.9 else {"amenity": "parking"}
        tags |= {"name": f"Plek {n}", "addr:street": "Dorpsstraat", "addr:housenumber": str(n % 300 + 1)}
        if rng.random() < 0.5:
            tags["opening_hours"] = rng.choice(HOURS)
        if rng.random() < 0.3:
            tags["wheelchair"] = "yes"
        if rng.random() < 0.2:
            tags["website"] = f"https://plek{n}.example.nl"
        point = [round(5.01 + rng.random() * 0.22, 7), round(52.02 + rng.random() * 0.135, 7)]
        items.append({"type": "Feature", "id": f"node/{n}", "properties": tags,
                      "geometry": {"type": "Point", "coordinates": point}})  # fmt: skip
    path.write_text(json.dumps({"type": "FeatureCollection", "features": items}))


def timed_import(url: str, path: Path) -> float:
    nabij = str(Path(sys.executable).with_name("nabij"))
    started = time.perf_counter()
    env = {**os.environ, "NABIJ_DATABASE_URL": url}
    subprocess.run([nabij, "import", "osm", str(path)], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--features", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        extract, url = Path(folder) / "extract.geojson", f"sqlite:///{folder}/import.db"
        write_extract(extract, args.features)
        upgrade(url)
        started = time.perf_counter()
        pyogrio.read_dataframe(extract)
        gdal = time.perf_counter() - started
        first, again = timed_import(url, extract), timed_import(url, extract)
    print(f"import osm {args.features} features first time: {first:.1f} s")
    print(f"import osm {args.features} features again, unchanged: {again:.1f} s")
    print(f"gdal read only: {gdal:.1f} s")
    print(f"import osm first time vs gdal read only: {first / gdal:.1f} x")


if __name__ == "__main__":
    main()
