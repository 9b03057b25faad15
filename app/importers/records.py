"""What a reader hands the store: records in our terms, and what it could not read, by row."""

from collections import Counter
from dataclasses import dataclass, field

from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True)
class Record:
    """One thing read from a source, with its id there, its column values and its WGS84 geometry."""

    source_id: str
    values: dict
    geometry: BaseGeometry


@dataclass(frozen=True)
class Problem:
    """Why one row (a line number, a feature number or an OSM id) could not be imported."""

    row: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"row {self.row}: {where}{self.message}"


@dataclass
class Reading:
    """A file read: its records, its problems, and what was left out on purpose (reason -> count)."""

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)
