"""Store what a reader read, by source id: create what is new, update what changed, archive what is gone.

Importing the same file twice changes nothing (not even `updated_at`); a record that comes back
after being archived is restored. Only the fields a reader fills are compared and written, so
what builders add by hand (an organisation, offers, a description) stays. All of it runs in
the caller's transaction: an import is stored whole or not at all.
"""

import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import shapely
from sqlalchemy import insert, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.db.spatial import bounds_of
from app.importers.records import Problem, Reading, Record
from app.models import Area, Asset
from app.models.base import PublicationStatus, utcnow

CHUNK = 5000
ARCHIVED = PublicationStatus.archived
Advance = Callable[[int], None]


@dataclass
class Report:
    """What an import did, or with `dry_run` would do."""

    source: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0
    problems: list[Problem] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        body = asdict(self)
        body["problems"] = [str(problem) for problem in self.problems]
        return body

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, {self.archived} archived"
        return f"{self.source}: {counts} ({verb} stored); {len(self.problems)} rows with problems"


@dataclass(frozen=True)
class Stored:
    """A stored row as the comparison needs it."""

    id: uuid.UUID
    status: str
    values: dict
    geometry: Any


def store_assets(
    session: Session, source: str, reading: Reading, *, status: str, dry_run: bool, advance: Advance | None = None
) -> Report:
    """Assets of `source`: matched on (source, source_id)."""
    fields = sorted({name for record in reading.records for name in record.values})
    stored = {
        row.source_id: Stored(row.id, row.status, {name: getattr(row, name) for name in fields}, (row.min_x, row.min_y))
        for row in session.execute(
            sa_select(col(Asset.id), col(Asset.source_id), col(Asset.status), col(Asset.min_x), col(Asset.min_y),
                   *(getattr(Asset, name) for name in fields)).where(col(Asset.source) == source)
        )
    }  # fmt: skip
    return _synchronise(
        session, Asset, source, reading, stored, status=status, dry_run=dry_run, advance=advance, same_place=_same_point
    )


def store_areas(
    session: Session, source: str, reading: Reading, *, dry_run: bool, advance: Advance | None = None
) -> Report:
    """Areas: matched on their CBS code, whoever stored them first; the file's source takes them over."""
    codes = {record.source_id for record in reading.records}
    stored = {
        row.code: Stored(row.id, row.status, {"code": row.code, "name": row.name, "level": row.level,
                                              "parent_code": row.parent_code}, row.geom)
        for row in session.exec(select(Area).where((col(Area.source) == source) | col(Area.code).in_(codes)))
    }  # fmt: skip
    published = PublicationStatus.published
    return _synchronise(
        session,
        Area,
        source,
        reading,
        stored,
        status=published,
        dry_run=dry_run,
        advance=advance,
        same_place=_same_shape,
    )


def _synchronise(
    session: Session,
    model: type[Asset] | type[Area],
    source: str,
    reading: Reading,
    stored: dict[str, Stored],
    *,
    status: str,
    dry_run: bool,
    advance: Advance | None,
    same_place: Callable[[Stored, Record], bool],
) -> Report:
    report = Report(source, dry_run, problems=list(reading.problems), left_out=dict(reading.left_out))
    now = utcnow()
    new, changed = [], []
    for record in reading.records:
        row = stored.get(record.source_id)
        if row is None:
            new.append(_new_row(record, source, status, now))
            continue
        changes = {name: value for name, value in record.values.items() if row.values.get(name) != value}
        if not same_place(row, record):
            changes |= {"geom": record.geometry, **bounds_of(record.geometry)}
        if row.status == ARCHIVED:
            changes["status"] = status
        if changes:
            changed.append({"id": row.id, "source": source, **changes, "updated_at": now})
        else:
            report.unchanged += 1
    present = {record.source_id for record in reading.records}
    gone = [row.id for key, row in stored.items() if key not in present and row.status != ARCHIVED]
    report.created, report.updated, report.archived = len(new), len(changed), len(gone)
    if not dry_run:
        for chunk in _chunks(new):
            session.execute(insert(model), chunk)
            _advance(advance, len(chunk))
        for chunk in _chunks(changed):
            session.execute(update(model), chunk)
            _advance(advance, len(chunk))
        if gone:
            session.execute(update(model).where(col(model.id).in_(gone)).values(status=ARCHIVED, updated_at=now))
    _advance(advance, report.unchanged + (len(new) + len(changed) if dry_run else 0))
    return report


def _new_row(record: Record, source: str, status: str, now) -> dict:
    return {
        "id": uuid.uuid4(),
        "created_at": now,
        "updated_at": now,
        "source": source,
        "source_id": record.source_id,
        "status": status,
        "geom": record.geometry,
        **bounds_of(record.geometry),
        **record.values,
    }


def _same_point(row: Stored, record: Record) -> bool:
    return row.geometry == (record.geometry.x, record.geometry.y)


def _same_shape(row: Stored, record: Record) -> bool:
    return bool(shapely.equals_exact(row.geometry, record.geometry, tolerance=0))


def _chunks(rows: list[dict]) -> Iterator[list[dict]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _advance(advance: Advance | None, steps: int) -> None:
    if advance is not None and steps:
        advance(steps)
