"""BAG addresses in: checked a batch at a time, stored under their address, idempotently.

Each row is put in normal form (postcode "6733EB", letter and addition in capitals, "" for none)
and upserted under its address: new addresses are inserted, changed ones updated, the rest left
alone, so importing the same file twice changes nothing. Bad rows are skipped and counted by
reason; of several rows with one address the first wins. Every batch is committed on its own:
a large import holds SQLite's write lock only a batch at a time, and an interrupted import is
finished by running it again. Addresses no longer in the file stay stored.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.db import Database
from app.db.upsert import upsert
from app.geo import BBox
from app.importers.address_files import AddressFile, Batch
from app.importers.records import Problem
from app.models.address import (
    HUISLETTER,
    KEY,
    MAX_HUISNUMMER,
    NAME_LENGTH,
    POSTCODE,
    TOEVOEGING,
    Address,
    squeezed,
)

BATCH = 50_000
MAX_EXAMPLES = 200
STORED = [*KEY, "straat", "woonplaats", "lon", "lat"]
DUPLICATE = "the same address as an earlier row"
Advance = Callable[[int], None]


@dataclass
class AddressReport:
    """What an import did; skipped rows counted by reason, the first ones named."""

    source: str
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)
    examples: list[Problem] = field(default_factory=list)

    def skip(self, reason: str, field_name: str, rows: pd.Series, values: pd.Series) -> None:
        """Rows skipped for one reason, with their row numbers and the values at fault."""
        self.skipped[reason] += len(rows)
        room = MAX_EXAMPLES - len(self.examples)
        for row, value in zip(rows[:room], values[:room], strict=True):
            self.examples.append(Problem(str(row), field_name, f"{reason}: {value!r}"))

    def summary(self) -> str:
        counts = f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged"
        return f"{self.source}: {counts}; {sum(self.skipped.values())} rows skipped"


def import_addresses(
    database: Database,
    file: AddressFile,
    *,
    source: str,
    region: BBox,
    batch_size: int = BATCH,
    advance: Advance | None = None,
) -> AddressReport:
    """Read `file` a batch at a time and store its addresses as `source`; points outside `region` are skipped."""
    report = AddressReport(source)
    seen = SeenAddresses()
    for batch in file.batches(batch_size):
        rows = seen.first_time(_checked(batch, region, report), report)
        with database.session() as session:
            inserted, updated = _store(session, rows, source)
        report.inserted += inserted
        report.updated += updated
        report.unchanged += len(rows) - inserted - updated
        if advance is not None:
            advance(len(batch))
    return report


def _checked(batch: Batch, region: BBox, report: AddressReport) -> pd.DataFrame:
    """The batch's good rows in normal form, with their row numbers; each bad row is reported once."""
    raw = {name: pd.Series(batch.columns.get(name, [None] * len(batch)), dtype=object) for name in STORED[:6]}
    frame = _normal_form(batch, raw)
    west, south, east, north = region
    names_ok = {name: frame[name].str.len().between(1, NAME_LENGTH) for name in ("straat", "woonplaats")}
    rules = [
        ("postcode", "postcode not like 6733 EB", _matches(POSTCODE, frame["postcode"])),
        ("huisnummer", f"huisnummer not a whole number from 1 to {MAX_HUISNUMMER}", frame["huisnummer"] > 0),
        ("huisletter", "huisletter not one letter", _matches(HUISLETTER, frame["huisletter"])),
        ("toevoeging", "toevoeging not 1 to 4 letters or digits", _matches(TOEVOEGING, frame["toevoeging"])),
        ("straat", f"straat empty or over {NAME_LENGTH} characters", names_ok["straat"]),
        ("woonplaats", f"woonplaats empty or over {NAME_LENGTH} characters", names_ok["woonplaats"]),
        ("geometry", "no point in the region", frame["lon"].between(west, east) & frame["lat"].between(south, north)),
    ]
    bad = pd.Series(False, index=frame.index)
    for name, reason, ok in rules:
        fault = ~ok.astype(bool) & ~bad
        if fault.any():
            shown = raw[name] if name in raw else frame.loc[:, ["lon", "lat"]].apply(tuple, axis=1)
            report.skip(reason, name, frame["row"][fault], shown[fault])
        bad |= fault
    return frame[~bad]


def _normal_form(batch: Batch, raw: dict[str, pd.Series]) -> pd.DataFrame:
    # List comprehensions: quicker than Series.map for a Python function over every cell.
    return pd.DataFrame({
        "row": np.arange(batch.first_row, batch.first_row + len(batch)),
        **{name: [squeezed(cell) for cell in raw[name]] for name in ("postcode", "huisletter", "toevoeging")},
        "huisnummer": [_number(cell) for cell in raw["huisnummer"]],
        **{name: [_text(cell) for cell in raw[name]] for name in ("straat", "woonplaats")},
        "lon": batch.lon,
        "lat": batch.lat,
    })  # fmt: skip


def _matches(pattern: re.Pattern, cells: pd.Series) -> pd.Series:
    match = pattern.match
    return pd.Series([match(cell) is not None for cell in cells], index=cells.index)


def _number(value: object) -> int:
    """A house number from text ("12") or a number column (12, 12.0); 0 when it is none."""
    text = _text(value).removesuffix(".0")
    number = int(text) if text.isascii() and text.isdigit() else 0
    return number if number <= MAX_HUISNUMMER else 0


def _text(value: object) -> str:
    if value is None or value != value:  # None, or NaN from a number column
        return ""
    return " ".join(str(value).split())


class SeenAddresses:
    """The addresses read so far, as 8-byte hashes in one sorted array: bounded memory for millions.

    A later row with an address read before is skipped. Two different addresses sharing a 64-bit
    hash (odds about 1 in 10^6 in ten million rows) would skip the second as well.
    """

    def __init__(self) -> None:
        self.hashes = np.empty(0, dtype=np.int64)

    def first_time(self, frame: pd.DataFrame, report: AddressReport) -> pd.DataFrame:
        hashes = pd.util.hash_pandas_object(frame[list(KEY)], index=False).to_numpy().view(np.int64)
        again = frame.duplicated(list(KEY)).to_numpy() | self._known(hashes)
        if again.any():
            labels = frame[again].apply(_label, axis=1)
            report.skip(DUPLICATE, "address", frame["row"][again], labels)
        # Two sorted runs: the stable sort (timsort) merges them in linear time.
        self.hashes = np.sort(np.concatenate([self.hashes, np.sort(hashes[~again])]), kind="stable")
        return frame[~again]

    def _known(self, hashes: np.ndarray) -> np.ndarray:
        if not len(self.hashes):
            return np.zeros(len(hashes), dtype=bool)
        places = np.minimum(np.searchsorted(self.hashes, hashes), len(self.hashes) - 1)
        return self.hashes[places] == hashes


def _label(row: pd.Series) -> str:
    addition = f"-{row['toevoeging']}" if row["toevoeging"] else ""
    return f"{row['postcode']} {row['huisnummer']}{row['huisletter']}{addition}"


def _store(session: Session, rows: pd.DataFrame, source: str) -> tuple[int, int]:
    """Upsert the rows: (inserted, updated); ids above the largest before the batch are new rows."""
    largest = session.execute(sa_select(func.max(col(Address.id)))).scalar() or 0
    columns = {name: rows[name].tolist() for name in STORED} | {"source": [source] * len(rows)}
    written = upsert(session, Address.__table__, columns, key=KEY)
    inserted = session.execute(sa_select(func.count()).where(col(Address.id) > largest)).scalar() or 0
    return inserted, written - inserted
