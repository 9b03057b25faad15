"""OpenStreetMap places as assets: GeoJSON (Overpass exports) or .osm.pbf, mapped by a rules file.

The mapping (data/osm_mapping.json, or your own) is data: which tags make which kind of asset,
which tags say something about accessibility and target groups, and where contact details are.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import osmium
import shapely.wkb
from pydantic import BaseModel, EmailStr, ValidationError
from shapely.geometry import LineString, Point, shape
from shapely.geometry.base import BaseGeometry

from app.config import MAPPING_FILE
from app.errors import NabijError
from app.importers.opening_hours import weekly_schedule
from app.importers.records import Problem, Reading, Record
from app.models.base import AssetType, Phone, SupportLevel, WebAddress
from app.taxonomy import Taxonomy

ADDRESS_TAGS = ("addr:street", "addr:housenumber", "addr:postcode", "addr:city")
NOT_MAPPED = "no mapping rule (not a community place)"
HOURS_NOT_READ = "opening_hours not understood (kept without schedule)"
CONTACT_NOT_READ = "contact detail not understood (left out)"


@dataclass(frozen=True)
class Rule:
    tags: dict[str, Any]
    values: dict[str, Any]
    label: str

    def matches(self, tags: dict[str, str]) -> bool:
        return all(_value_matches(tags.get(key), wanted) for key, wanted in self.tags.items())


@dataclass(frozen=True)
class Mapping:
    rules: list[Rule]
    facets: dict[str, dict[str, dict[str, list[str]]]]  # facet -> tag -> value -> our codes
    contact: dict[str, list[str]]
    reference_week: date

    @property
    def keys(self) -> list[str]:
        """The tag keys any rule asks for: objects without one of them are never read."""
        return sorted({key for rule in self.rules for key in rule.tags})


def load_mapping(path: Path = MAPPING_FILE, *, taxonomy: Taxonomy) -> Mapping:
    """The rules file, checked: known asset types, support levels and theme codes."""
    data = json.loads(path.read_text(encoding="utf-8"))
    rules = []
    for number, rule in enumerate(data["rules"], start=1):
        where = f"{path.name}: rule {number}"
        try:
            values = {
                "asset_type": AssetType(rule["asset_type"]).value,
                "subtype": rule.get("subtype", ""),
                "support_level": SupportLevel(rule["support_level"]).value,
                "themes": taxonomy.check(rule.get("themes", []), "themes"),
            }
        except (KeyError, ValueError, NabijError) as error:
            raise ValueError(f"{where}: {error}") from error
        rules.append(Rule(rule["tags"], values, rule.get("label") or rule.get("subtype") or "Plek"))
    facets = {"accessibility": data.get("accessibility", {}), "target_groups": data.get("target_groups", {})}
    return Mapping(rules, facets, data.get("contact", {}), date.fromisoformat(data["reference_week"]))


def read_osm(path: Path, mapping: Mapping) -> Reading:
    """Every object a rule matches, as an asset at its point (a node, or a point on an area)."""
    reading = Reading()
    objects = _pbf_objects(path, mapping.keys) if path.name.endswith(".pbf") else _geojson_objects(path)
    for source_id, tags, geometry in objects:
        rule = next((rule for rule in mapping.rules if rule.matches(tags)), None)
        if rule is None:
            reading.left_out[NOT_MAPPED] += 1
            continue
        if geometry is None or geometry.is_empty:
            reading.problems.append(Problem(source_id, "geometry", "no position"))
            continue
        values = {**rule.values, "name": _name(tags, rule), "address": _address(tags)}
        values |= _facets(tags, mapping) | _contact(tags, mapping, reading) | _schedule(tags, mapping, reading)
        reading.records.append(Record(source_id, values, _point(geometry)))
    return reading


def _value_matches(value: str | None, wanted: Any) -> bool:
    if value is None:
        return False
    if wanted == "*":
        return True
    return value in wanted if isinstance(wanted, list) else value == wanted


def _name(tags: dict[str, str], rule: Rule) -> str:
    return (tags.get("name") or tags.get("official_name") or rule.label).strip()[:200]


def _address(tags: dict[str, str]) -> str:
    street = " ".join(tags[key] for key in ADDRESS_TAGS[:2] if tags.get(key))
    town = " ".join(tags[key] for key in ADDRESS_TAGS[2:] if tags.get(key))
    return ", ".join(part for part in (street, town) if part)[:300]


def _facets(tags: dict[str, str], mapping: Mapping) -> dict:
    facets = {}
    for facet, by_tag in mapping.facets.items():
        codes = sorted({code for tag, by_value in by_tag.items() for code in by_value.get(tags.get(tag, ""), [])})
        if codes:
            facets[facet] = codes
    return {"facets": facets}


class _Contact(BaseModel):
    website: WebAddress | None = None
    email: EmailStr | None = None
    phone: Phone | None = None


def _contact(tags: dict[str, str], mapping: Mapping, reading: Reading) -> dict:
    found = {}
    for field, keys in mapping.contact.items():
        value = next((tags[key].split(";")[0].strip() for key in keys if tags.get(key)), None)
        try:
            found[field] = getattr(_Contact.model_validate({field: value}), field) if value else None
        except ValidationError:
            reading.left_out[CONTACT_NOT_READ] += 1
            found[field] = None
    return found


def _schedule(tags: dict[str, str], mapping: Mapping, reading: Reading) -> dict:
    expression = tags.get("opening_hours")
    if not expression:
        return {"schedule": []}
    try:
        return {"schedule": weekly_schedule(expression, mapping.reference_week)}
    except ValueError:
        reading.left_out[HOURS_NOT_READ] += 1
        return {"schedule": []}


def _point(geometry: BaseGeometry) -> Point:
    point = geometry if isinstance(geometry, Point) else geometry.representative_point()
    return Point(round(point.x, 7), round(point.y, 7))


def _geojson_objects(path: Path) -> Iterator[tuple[str, dict[str, str], BaseGeometry | None]]:
    """Overpass turbo's export (tags flat beside `@id`, or under `tags`), or plain features with `osm_id`."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for number, feature in enumerate(data.get("features", []), start=1):
        properties = feature.get("properties") or {}
        tags = {key: str(value) for key, value in (properties.get("tags") or properties).items() if value is not None}
        geometry = shape(feature["geometry"]) if feature.get("geometry") else None
        yield _osm_id(feature, properties, geometry, number), tags, geometry


def _osm_id(feature: dict, properties: dict, geometry: BaseGeometry | None, number: int) -> str:
    for candidate in (feature.get("id"), properties.get("@id"), properties.get("id")):
        if isinstance(candidate, str) and "/" in candidate:
            return candidate
    if properties.get("osm_id") is not None:
        kind = properties.get("osm_type") or ("node" if isinstance(geometry, Point) else "way")
        return f"{kind}/{properties['osm_id']}"
    return f"feature/{number}"


def _pbf_objects(path: Path, keys: list[str]) -> Iterator[tuple[str, dict[str, str], BaseGeometry | None]]:
    """Nodes as points; closed ways and multipolygons as areas; open ways as lines."""
    wkb = osmium.geom.WKBFactory()
    objects = osmium.FileProcessor(str(path)).with_locations().with_areas().with_filter(osmium.filter.KeyFilter(*keys))
    for item in objects:
        if isinstance(item, osmium.osm.Node):
            yield f"node/{item.id}", dict(item.tags), Point(item.location.lon, item.location.lat)
        elif isinstance(item, osmium.osm.Area):
            kind = "way" if item.from_way() else "relation"
            yield f"{kind}/{item.orig_id()}", dict(item.tags), _area(wkb, item)
        elif isinstance(item, osmium.osm.Way) and not item.is_closed():
            line = LineString([(node.lon, node.lat) for node in item.nodes])
            yield f"way/{item.id}", dict(item.tags), line.interpolate(0.5, normalized=True)


def _area(wkb: osmium.geom.WKBFactory, area: Any) -> BaseGeometry | None:
    try:
        return shapely.wkb.loads(wkb.create_multipolygon(area), hex=True)
    except RuntimeError:  # a broken multipolygon: reported as an object without position
        return None
