"""OpenStreetMap extracts in: counts per kind as in the files, idempotent, updates and archives."""

import json
from collections import Counter

import osmium
from sqlmodel import col, select

from app.importers.osm import MAPPING_FILE, load_mapping, read_osm
from app.importers.run import Kind, Options, store
from app.models import Asset
from tests.importers.conftest import shared

NOORD = "osm/amsterdam_noord_amenities.geojson"
WATERGRAAFSMEER = "osm/amsterdam_watergraafsmeer.osm.pbf"


def _single_tag_rules() -> dict[tuple[str, str], str]:
    """(key, value) -> subtype for the rules that ask for one exact tag only."""
    rules = json.loads(MAPPING_FILE.read_text())["rules"]
    found: dict[tuple[str, str], str] = {}
    for rule in rules:
        if len(rule["tags"]) == 1:
            ((key, value),) = rule["tags"].items()
            for one in value if isinstance(value, list) else [value]:
                found.setdefault((key, one), rule["subtype"])
    return found


def _import(database, path, taxonomy, **options):
    reading = read_osm(path, load_mapping(taxonomy=taxonomy))
    with database.session() as session:
        return store(session, Kind.osm, options.pop("source", "osm:test"), reading, Options(**options))


def _stored(database, source="osm:test") -> list[Asset]:
    with database.session() as session:
        return list(session.exec(select(Asset).where(Asset.source == source).order_by(col(Asset.source_id))))


def test_geojson_amenities_become_assets_counted_per_kind_as_in_the_file(database, taxonomy):
    path = shared(NOORD)
    rules = _single_tag_rules()
    features = json.loads(path.read_text())["features"]
    expected = Counter(rules[("amenity", f["properties"]["amenity"])] for f in features
                       if ("amenity", f["properties"]["amenity"]) in rules)  # fmt: skip
    report = _import(database, path, taxonomy)
    assets = _stored(database)
    assert Counter(asset.subtype for asset in assets) == expected
    assert expected["school"] == 19 and expected["gebedshuis"] == 12  # as the data README counts them
    assert report.created == len(assets) and report.left_out["no mapping rule (not a community place)"] == len(
        features
    ) - len(assets)
    school = next(asset for asset in assets if asset.subtype == "school")
    assert (school.asset_type, school.support_level, school.status) == (
        "institution",
        "algemene_voorziening",
        "published",
    )
    assert school.source_id.startswith("node/") and school.name == "School"


def test_pbf_nodes_and_areas_become_assets_at_a_point_inside(database, taxonomy):
    path = shared(WATERGRAAFSMEER)
    leisure = Counter(
        item.tags["leisure"]
        for item in osmium.FileProcessor(str(path)).with_filter(osmium.filter.KeyFilter("leisure"))
        if item.type_str() in "nw"
    )
    _import(database, path, taxonomy)
    assets = _stored(database)
    rules = _single_tag_rules()
    assert Counter(asset.subtype for asset in assets) == Counter(
        {rules[("leisure", value)]: count for value, count in leisure.items()}
    )
    drieburg = next(asset for asset in assets if asset.name == "Drieburg")
    assert drieburg.source_id.startswith("way/") and drieburg.subtype == "sportcentrum"
    assert 4.92 < drieburg.geom.x < 4.94 and 52.33 < drieburg.geom.y < 52.35


def test_importing_the_same_file_twice_changes_nothing(database, taxonomy):
    path = shared(NOORD)
    first = _import(database, path, taxonomy)
    before = {asset.id: asset.updated_at for asset in _stored(database)}
    again = _import(database, path, taxonomy)
    assert (again.created, again.updated, again.archived, again.unchanged) == (0, 0, 0, first.created)
    assert {asset.id: asset.updated_at for asset in _stored(database)} == before


def test_an_updated_file_updates_and_archives_what_is_gone_and_restores_what_returns(database, taxonomy, tmp_path):
    path = shared(NOORD)
    _import(database, path, taxonomy)
    data = json.loads(path.read_text())
    schools = [f for f in data["features"] if f["properties"]["amenity"] == "school"]
    gone, renamed = schools[0], schools[1]
    renamed["properties"]["name"] = "Basisschool De Vlinder"
    data["features"].remove(gone)
    changed = tmp_path / "noord.geojson"
    changed.write_text(json.dumps(data))
    report = _import(database, changed, taxonomy)
    assert (report.created, report.updated, report.archived) == (0, 1, 1)
    by_id = {asset.source_id: asset for asset in _stored(database)}
    assert by_id[f"node/{gone['properties']['osm_id']}"].status == "archived"
    assert by_id[f"node/{renamed['properties']['osm_id']}"].name == "Basisschool De Vlinder"
    back = _import(database, path, taxonomy)
    assert (back.created, back.updated, back.archived) == (0, 2, 0)
    assert all(asset.status == "published" for asset in _stored(database))


def test_a_dry_run_reports_and_stores_nothing(database, taxonomy):
    report = _import(database, shared(NOORD), taxonomy, dry_run=True)
    assert report.created > 0 and report.dry_run
    assert _stored(database) == []


def test_tags_become_facets_contact_and_schedule(database, taxonomy, tmp_path):
    feature = {
        "type": "Feature",
        "id": "node/42",
        "geometry": {"type": "Point", "coordinates": [4.95, 52.39]},
        "properties": {
            "amenity": "community_centre", "name": "Buurthuis De Meeuw", "wheelchair": "yes",
            "opening_hours": "Mo,We 09:00-12:00; Fr 19:00-23:30", "website": "https://demeeuw.example.nl",
            "phone": "not a phone", "addr:street": "Meeuwenlaan", "addr:housenumber": "12",
        },
    }  # fmt: skip
    path = tmp_path / "one.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    report = _import(database, path, taxonomy)
    (asset,) = _stored(database)
    assert asset.source_id == "node/42" and asset.address == "Meeuwenlaan 12"
    assert asset.facets == {"accessibility": ["step_free"]}
    assert asset.schedule == [
        {"day": "mo", "opens": "09:00", "closes": "12:00"},
        {"day": "we", "opens": "09:00", "closes": "12:00"},
        {"day": "fr", "opens": "19:00", "closes": "23:30"},
    ]
    assert (asset.website, asset.phone) == ("https://demeeuw.example.nl/", None)
    assert report.left_out == {"contact detail not understood (left out)": 1}
