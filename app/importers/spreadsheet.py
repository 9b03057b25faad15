"""Associations' spreadsheets (CSV) as assets: forgiving about headers, exact about what is wrong where.

Headers may be Dutch or English in any case (`Naam`, `name`, `Telefoon`, `lat`, `x`, ...);
`column_map` maps any other header to a field. A row gives either lat/lon (WGS84) or x/y (RD
New). Themes are codes or labels, separated by `;`, `,` or `|`. Without an `id` column a row
is known by its name and address, so that importing an updated sheet updates it.
"""

import csv
import io
import re
from pathlib import Path

from pydantic import ValidationError
from shapely.geometry import Point

from app.geo import RD_NEW, RD_NEW_BOUNDS, to_wgs84
from app.importers.records import Problem, Reading, Record
from app.models.asset import AssetProperties
from app.models.base import AssetType, SupportLevel
from app.taxonomy import Taxonomy

ALIASES = {
    "id": ("id", "bron_id", "source_id", "kenmerk", "nummer"),
    "name": ("naam", "name", "naam_plek", "organisatie", "vereniging", "plek"),
    "asset_type": ("type", "soort", "asset_type"),
    "subtype": ("subtype", "categorie", "category"),
    "support_level": ("niveau", "support_level", "ondersteuningsniveau"),
    "themes": ("themas", "thema", "themes", "theme"),
    "description": ("omschrijving", "beschrijving", "description"),
    "address": ("adres", "address"),
    "website": ("website", "site", "url"),
    "email": ("email", "e_mail", "mail"),
    "phone": ("telefoon", "telefoonnummer", "tel", "phone"),
    "lat": ("lat", "latitude", "breedtegraad"),
    "lon": ("lon", "lng", "long", "longitude", "lengtegraad"),
    "x": ("x", "rd_x", "x_rd"),
    "y": ("y", "rd_y", "y_rd"),
}
DEFAULTS = {"asset_type": AssetType.association.value, "support_level": SupportLevel.vereniging.value}
POSITION = ("lat", "lon", "x", "y")


class UnreadableSheet(ValueError):
    """The sheet as a whole cannot be read: no header, no name column, no position columns."""


def read_spreadsheet(path: Path, *, taxonomy: Taxonomy, column_map: dict[str, str] | None = None) -> Reading:
    """Every row as an asset, or a problem naming the row (its line in the file) and the field."""
    text = _decoded(path.read_bytes())
    rows = csv.reader(io.StringIO(text), _dialect(text))
    header = next(rows, None)
    if not header:
        raise UnreadableSheet(f"{path.name} is empty: the first line must name the columns")
    fields = _fields(header, column_map or {})
    reading = Reading()
    for column in header:
        if column not in fields.values():
            reading.left_out[f"column {column!r} not used"] += 1
    seen: dict[str, str] = {}
    for cells in rows:
        line = str(rows.line_num)
        if not any(cell.strip() for cell in cells):
            continue
        row = {field: cells[index].strip() for field, index in _indexes(header, fields).items() if index < len(cells)}
        record = _record(row, line, taxonomy, reading)
        if record is None:
            continue
        if record.source_id in seen:
            reading.problems.append(Problem(line, "id", f"the same place as line {seen[record.source_id]}"))
            continue
        seen[record.source_id] = line
        reading.records.append(record)
    return reading


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=";,\t|")
    except csv.Error:  # one column, or too little text to tell
        return csv.excel


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # what Excel on Windows writes


def _normal(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower().replace("'", "")).strip("_")


def _fields(header: list[str], column_map: dict[str, str]) -> dict[str, str]:
    """Field -> the header naming it: `column_map` first, then the known aliases."""
    unknown = sorted(set(column_map.values()) - set(ALIASES))
    if unknown:
        raise UnreadableSheet(f"--map names unknown fields {unknown}; fields are {', '.join(ALIASES)}")
    missing = sorted(set(column_map) - set(header))
    if missing:
        raise UnreadableSheet(f"--map names columns the sheet lacks: {missing}; it has {header}")
    fields = {field: column for column, field in column_map.items()}
    by_normal = {_normal(column): column for column in header}
    for field, aliases in ALIASES.items():
        if field not in fields:
            found = next((by_normal[alias] for alias in aliases if alias in by_normal), None)
            if found is not None and found not in fields.values():
                fields[field] = found
    if "name" not in fields:
        raise UnreadableSheet(f"no name column: call one 'naam' or 'name', or use --map; the sheet has {header}")
    if not ({"lat", "lon"} <= fields.keys() or {"x", "y"} <= fields.keys()):
        raise UnreadableSheet(f"no position columns: give lat and lon, or x and y (RD New); the sheet has {header}")
    return fields


def _indexes(header: list[str], fields: dict[str, str]) -> dict[str, int]:
    return {field: header.index(column) for field, column in fields.items()}


def _record(row: dict[str, str], line: str, taxonomy: Taxonomy, reading: Reading) -> Record | None:
    """The row's asset; only the fields the sheet has are set, so a re-import leaves the others alone."""
    problems_before = len(reading.problems)
    point = _position(row, line, reading)
    values: dict[str, object] = {
        **DEFAULTS,
        **{field: row[field] for field in AssetProperties.model_fields if row.get(field)},
    }
    if "themes" in row:
        values["themes"] = _themes(row["themes"], taxonomy, line, reading)
    try:
        checked = AssetProperties.model_validate({**values, "status": "published"}).model_dump()
    except ValidationError as error:
        for detail in error.errors():
            field = ".".join(str(part) for part in detail["loc"])
            reading.problems.append(Problem(line, field, detail["msg"]))
        return None
    if len(reading.problems) > problems_before or point is None:
        return None
    key = row.get("id") or f"{checked['name']}|{checked['address']}".lower()
    return Record(key, {name: checked[name] for name in values}, point)


def _position(row: dict[str, str], line: str, reading: Reading) -> Point | None:
    use_rd = not (row.get("lat") or row.get("lon")) and (row.get("x") or row.get("y"))
    names = ("x", "y") if use_rd else ("lon", "lat")
    numbers = []
    for name in names:
        try:
            numbers.append(float(row.get(name, "").replace(",", ".")))
        except ValueError:
            reading.problems.append(Problem(line, name, f"{row.get(name, '')!r} is not a number"))
    if len(numbers) < 2:
        return None
    first, second = numbers
    if use_rd:
        west, south, east, north = RD_NEW_BOUNDS
        if not (west <= first <= east and south <= second <= north):
            reading.problems.append(Problem(line, "x", f"({first}, {second}) lies outside the RD New area"))
            return None
        first, second = to_wgs84(first, second, RD_NEW)
    elif not (-180 <= first <= 180 and -90 <= second <= 90):
        reading.problems.append(Problem(line, "lat", f"lat {second}, lon {first} are not degrees in range"))
        return None
    return Point(round(first, 7), round(second, 7))


def _themes(cell: str, taxonomy: Taxonomy, line: str, reading: Reading) -> list[str]:
    codes = []
    for part in filter(None, (part.strip() for part in re.split(r"[;,|]", cell))):
        code = taxonomy.code_for(part)
        if code is None:
            reading.problems.append(Problem(line, "themes", f"unknown theme {part!r}; see GET /api/v1/themes"))
        else:
            codes.append(code)
    return list(dict.fromkeys(codes))
