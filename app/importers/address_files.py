"""BAG address files read in batches, so that millions of rows fit in bounded memory.

GeoPackage, Shapefile, FlatGeobuf and the other formats GDAL reads are read a batch of features
at a time. GDAL holds a GeoJSON file in memory as a whole anyway, so GeoJSON is read once and
handed on in batches: fine for a gemeente, while a whole country belongs in a GeoPackage or CSV.
A CSV is read in batches by pandas; its position is `lon`/`lat` (WGS84) or `x`/`y`, in the CRS
given, else RD New or WGS84 as the numbers show.
"""

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.raw import read as read_raw

from app.geo import WGS84, to_wgs84_many
from app.importers.areas import UnreadableFile, guess_crs

# Our field -> the header names that carry it, normalised (lower case, `_` between words).
ALIASES = {
    "postcode": ("postcode",),
    "huisnummer": ("huisnummer", "nummer", "huisnr"),
    "huisletter": ("huisletter",),
    "toevoeging": ("toevoeging", "huisnummertoevoeging", "huisnummer_toevoeging"),
    "straat": ("straat", "straatnaam", "openbareruimte", "openbare_ruimte", "openbare_ruimte_naam"),
    "woonplaats": ("woonplaats", "woonplaatsnaam", "woonplaats_naam"),
}
REQUIRED = ("postcode", "huisnummer", "straat", "woonplaats")
LONLAT = (("lon", "lng", "longitude", "lengtegraad"), ("lat", "latitude", "breedtegraad"))
XY = (("x", "rd_x", "x_rd"), ("y", "rd_y", "y_rd"))
READ_WHOLE = {"GeoJSON", "GeoJSONSeq", "TopoJSON"}
DECIMALS = 7  # about 1 cm


@dataclass(frozen=True)
class Batch:
    """Rows of a file: cells by our field names (fields the file lacks left out), positions in WGS84."""

    first_row: int  # the row number of the first row: its feature number, or its line in a CSV
    columns: dict[str, Sequence[object]]
    lon: np.ndarray  # NaN where a row has no position
    lat: np.ndarray

    def __len__(self) -> int:
        return len(self.lon)


class AddressFile(Protocol):
    total: int  # rows in the file, for progress

    def batches(self, size: int) -> Iterator[Batch]: ...


def open_addresses(path: Path, *, layer: str | None = None, crs: str | None = None) -> AddressFile:
    """The file's addresses, or UnreadableFile naming what is missing (a column, a CRS, a layer)."""
    if path.suffix.lower() in (".csv", ".txt"):
        return CsvAddresses(path, crs)
    return GdalAddresses(path, layer, crs)


class _Reader:
    crs: str | None
    crs_known = False

    def _wgs84(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions in WGS84, rounded to about 1 cm; the CRS is settled on the first batch."""
        if not self.crs_known:
            self.crs, self.crs_known = _checked_crs(self.crs, x, y), True
        assert self.crs is not None
        lon, lat = to_wgs84_many(x, y, self.crs)
        return np.round(lon, DECIMALS), np.round(lat, DECIMALS)


class GdalAddresses(_Reader):
    def __init__(self, path: Path, layer: str | None, crs: str | None):
        info = pyogrio.read_info(path, layer=layer)
        self.path, self.layer, self.total = path, layer, int(info["features"])
        self.fields = fields_of(list(info["fields"]))
        self.crs = crs or info["crs"]
        self.whole = info["driver"] in READ_WHOLE

    def batches(self, size: int) -> Iterator[Batch]:
        if self.whole:
            yield from _sliced(self._read(0, None), size)
            return
        for skip in range(0, self.total, size):
            yield self._read(skip, size)

    def _read(self, skip: int, size: int | None) -> Batch:
        names = list(self.fields.values())
        meta, _, wkb, cells = read_raw(self.path, layer=self.layer, columns=names, skip_features=skip,
                                       max_features=size)  # fmt: skip
        by_name = dict(zip(meta["fields"], cells, strict=True))
        points = shapely.from_wkb(wkb)
        x, y = shapely.get_x(points), shapely.get_y(points)  # NaN for what is not a point
        columns = {field: by_name[name] for field, name in self.fields.items()}
        return Batch(skip + 1, columns, *self._wgs84(x, y))


class CsvAddresses(_Reader):
    def __init__(self, path: Path, crs: str | None):
        with path.open("rb") as file:
            head = file.read(65536)
        self.encoding = "utf-8-sig" if _is_utf8(head) else "cp1252"  # cp1252: what Excel on Windows writes
        sample = head.decode(self.encoding, errors="ignore")
        self.delimiter = _delimiter(sample)
        header = next(csv.reader(sample.splitlines()[:1] or [""], delimiter=self.delimiter))
        self.fields = fields_of(header)
        lon_lat = _pair(LONLAT, header)
        position = lon_lat or _pair(XY, header)
        if position is None:
            raise UnreadableFile(f"no position columns: give lon and lat (WGS84), or x and y; the file has {header}")
        self.position = position
        self.crs = WGS84 if lon_lat else crs  # None: told from the first rows' numbers
        self.path, self.total = path, max(_lines(path) - 1, 0)

    def batches(self, size: int) -> Iterator[Batch]:
        columns = [*self.fields.values(), *self.position]
        frames = pd.read_csv(self.path, sep=self.delimiter, dtype=str, keep_default_na=False, usecols=columns,
                             encoding=self.encoding, chunksize=size)  # fmt: skip
        line = 2
        for frame in frames:
            x, y = (_numbers(frame[name]) for name in self.position)
            cells = {field: frame[name].to_numpy() for field, name in self.fields.items()}
            yield Batch(line, cells, *self._wgs84(x, y))
            line += len(frame)


def fields_of(header: list[str]) -> dict[str, str]:
    """Our field -> the file's column, by the known names; UnreadableFile when a required one is missing."""
    by_normal = {_normal(name): name for name in header}
    fields = {}
    for field, aliases in ALIASES.items():
        found = next((by_normal[alias] for alias in aliases if alias in by_normal), None)
        if found is not None:
            fields[field] = found
    missing = [field for field in REQUIRED if field not in fields]
    if missing:
        raise UnreadableFile(f"no {', '.join(missing)} column: the file has {', '.join(header)}")
    return fields


def _pair(names: tuple[tuple[str, ...], tuple[str, ...]], header: list[str]) -> tuple[str, str] | None:
    """The header's two columns that carry a position, in the header's own spelling, or None."""
    by_normal = {_normal(column): column for column in header}
    first, second = (next((by_normal[name] for name in aliases if name in by_normal), None) for aliases in names)
    return (first, second) if first and second else None


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


def _sliced(batch: Batch, size: int) -> Iterator[Batch]:
    for start in range(0, len(batch), size):
        part = slice(start, start + size)
        columns = {field: values[part] for field, values in batch.columns.items()}
        yield Batch(batch.first_row + start, columns, batch.lon[part], batch.lat[part])


def _checked_crs(crs: str | None, x: np.ndarray, y: np.ndarray) -> str:
    """The CRS named, else the one the numbers show; a file said to be WGS84 but holding metres is RD New."""
    if crs is None or (crs == WGS84 and not np.isnan(x).all() and not _are_degrees(x, y)):
        return guess_crs(_bounds(x, y))
    return crs


def _are_degrees(x: np.ndarray, y: np.ndarray) -> bool:
    west, south, east, north = _bounds(x, y)
    return -180 <= west <= east <= 180 and -90 <= south <= north <= 90


def _bounds(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float]:
    if np.isnan(x).all():
        raise UnreadableFile("the first rows have no positions, so the CRS cannot be told: give --crs")
    return float(np.nanmin(x)), float(np.nanmin(y)), float(np.nanmax(x)), float(np.nanmax(y))


def _numbers(cells: pd.Series) -> np.ndarray:
    """Decimal numbers with a point or a comma; NaN for what is not a number."""
    return pd.to_numeric(cells.str.replace(",", ".", regex=False), errors="coerce").to_numpy(dtype=float)


def _delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample[:8192], delimiters=";,\t|").delimiter
    except csv.Error:  # one column, or too little text to tell
        return ","


def _is_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start > len(head) - 4  # a character cut off at the end of the sample
    return True


def _lines(path: Path) -> int:
    with path.open("rb") as file:
        return sum(block.count(b"\n") for block in iter(lambda: file.read(1 << 20), b""))
