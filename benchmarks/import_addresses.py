"""Importing BAG addresses: the shared Otterlo and Wekerom files, and a synthetic file of a million.

    .venv/bin/python -m benchmarks.import_addresses [--rows 1000000] [--sqlite-only]

The shared GeoPackages (2,481 points each, RD New and WGS84) are imported in process, first
time and again. The synthetic file holds `--rows` addresses in RD New, about 20 to a postcode,
one in ten with a letter and one in ten with an addition, in random order, as a GeoPackage and
as a `;`-separated CSV with x/y. Each is imported by `nabij import addresses` as a process into a
fresh database, then again (nothing changed); the process's peak memory is read from the kernel.
Baseline in the same run: pyogrio reading the whole GeoPackage into a GeoDataFrame, as a process.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from app.config import NETHERLANDS_BBOX
from app.db import Database
from app.importers.address_files import open_addresses
from app.importers.addresses import import_addresses
from app.migrate import upgrade
from tests.bag import RD_NEW_FILE, WGS84_FILE
from tests.importers.conftest import shared

NABIJ = str(Path(sys.executable).with_name("nabij"))


def synthetic(rows: int) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(9)
    serial = np.arange(rows) // 20  # about 20 addresses to a postcode, as in the BAG
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    postcode = [f"{1000 + n // 676}{letters[n // 26 % 26]}{letters[n % 26]}" for n in serial]
    number = np.arange(rows) % 20 + 1
    frame = gpd.GeoDataFrame(
        {
            "openbareruimte": "Dorpsstraat",
            "huisnummer": number,
            "huisletter": np.where(rng.random(rows) < 0.1, "A", ""),
            "huisnummertoevoeging": np.where(rng.random(rows) < 0.1, "2", ""),
            "postcode": postcode,
            "woonplaats": "Ons Dorp",
        },
        geometry=gpd.points_from_xy(150_000 + rng.random(rows) * 40_000, 420_000 + rng.random(rows) * 40_000),
        crs="EPSG:28992",
    )
    return frame.iloc[rng.permutation(rows)].reset_index(drop=True)


def write_files(frame: gpd.GeoDataFrame, folder: Path) -> tuple[Path, Path]:
    gpkg, csv = folder / "adressen.gpkg", folder / "adressen.csv"
    pyogrio.write_dataframe(frame, gpkg, layer="adressen", layer_options={"SPATIAL_INDEX": "NO"})
    positions = {"x": frame.geometry.x.round(3), "y": frame.geometry.y.round(3)}
    table = pd.DataFrame(frame.drop(columns="geometry")).assign(**positions)
    table.to_csv(csv, sep=";", index=False)
    return gpkg, csv


def timed_process(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of a child process.

    The peak is the kernel's high-water mark of the child's own memory (VmHWM), polled while it
    runs: getrusage would also count the pages it shared with this process when it was forked.
    """
    started, peak_kib = time.perf_counter(), 0
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(args, env=env, stdout=output, stderr=output)
        while process.poll() is None:
            peak_kib = max(peak_kib, _high_water_kib(process.pid))
            time.sleep(0.05)
        if process.returncode:
            output.seek(0)
            raise RuntimeError(output.read().decode(errors="replace"))
    return time.perf_counter() - started, peak_kib / 1024


def _high_water_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # it has just ended
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)


def shared_files(new_url: Callable[[str], str], label: str) -> None:
    """Each shared file into a fresh database, first time and again."""
    for relative in (RD_NEW_FILE, WGS84_FILE):
        name = relative.split("_")[-1].split(".")[0]
        url = new_url(f"shared_{name}")
        upgrade(url)
        database = Database(url)
        for run in ("first", "again"):
            started = time.perf_counter()
            report = import_addresses(database, open_addresses(shared(relative)), source=f"bench:{name}",
                                      region=NETHERLANDS_BBOX)  # fmt: skip
            seconds = time.perf_counter() - started
            counts = f"{report.inserted} inserted, {report.unchanged} unchanged"
            print(f"import addresses shared EPSG:{name} gpkg {label} {run} ({counts}): {seconds:.2f} s")
        database.dispose()


def big_file(url: str, label: str, path: Path, rows: int) -> float:
    """Import `path` twice into a fresh database at `url`; the first time's seconds."""
    upgrade(url)
    env = {**os.environ, "NABIJ_DATABASE_URL": url}
    kind = path.suffix.lstrip(".")
    first, first_mb = timed_process([NABIJ, "import", "addresses", str(path)], env)
    again, again_mb = timed_process([NABIJ, "import", "addresses", str(path)], env)
    print(f"import addresses {rows} {kind} {label} first: {first:.1f} s")
    print(f"import addresses {rows} {kind} {label} first rate: {rows / first:,.0f} rows/s")
    print(f"import addresses {rows} {kind} {label} again, unchanged: {again:.1f} s")
    print(f"import addresses {rows} {kind} {label} peak memory: {max(first_mb, again_mb):.0f} MB")
    return first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sqlite-only", action="store_true", help="skip the throwaway PostGIS server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        shared_files(lambda name: f"sqlite:///{folder / name}.db", "sqlite")
        gpkg, csv = write_files(synthetic(args.rows), folder)
        read_only = [sys.executable, "-c", "import pyogrio, sys; pyogrio.read_dataframe(sys.argv[1])", str(gpkg)]
        baseline, baseline_mb = timed_process(read_only, dict(os.environ))
        first = big_file(f"sqlite:///{folder / 'gpkg.db'}", "sqlite", gpkg, args.rows)
        big_file(f"sqlite:///{folder / 'csv.db'}", "sqlite", csv, args.rows)
        if not args.sqlite_only:
            from tests.postgis import create_database, postgis_server

            with postgis_server() as admin_url:
                shared_files(partial(create_database, admin_url), "postgis")
                big_file(create_database(admin_url, "big"), "postgis", gpkg, args.rows)
    print(f"pyogrio read only {args.rows} gpkg: {baseline:.1f} s")
    print(f"pyogrio read only {args.rows} gpkg peak memory: {baseline_mb:.0f} MB")
    print(f"import addresses {args.rows} gpkg sqlite first vs pyogrio read only: {first / baseline:.1f} x")


if __name__ == "__main__":
    main()
