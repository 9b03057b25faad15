"""The demo neighbourhood: generated deterministically, loaded whole, a town worth exploring."""

import json
from collections import Counter

from shapely.geometry import Point
from sqlmodel import select

from app import demo
from app.models import Area
from app.models.base import AssetType, SupportLevel
from app.store import addresses


def test_committed_demo_file_is_what_the_generator_makes():
    assert json.loads(demo.DEMO_FILE.read_text(encoding="utf-8")) == json.loads(json.dumps(demo.generate()))


def test_demo_town_loads_and_the_public_sees_its_published_assets(client, database):
    with database.session() as session:
        counts = demo.load(session)
    published = sum(
        1 for a in json.loads(demo.DEMO_FILE.read_text())["assets"] if a["properties"]["status"] == "published"
    )
    listing = client.get("/api/v1/assets?limit=500").json()
    assert listing["numberMatched"] == published >= 300
    assert counts["assets"] > published
    types = Counter(f["properties"]["asset_type"] for f in listing["features"])
    levels = Counter(f["properties"]["support_level"] for f in listing["features"])
    assert set(types) == set(AssetType) - {AssetType.individual}
    assert set(levels) == set(SupportLevel)


def test_demo_covers_every_type_and_people_and_areas():
    data = demo.generate()
    assert {a["properties"]["asset_type"] for a in data["assets"]} == set(AssetType)
    assert len(data["volunteers"]) >= 50 and len(data["needs"]) >= 50
    codes = [a["properties"]["code"] for a in data["areas"]]
    assert codes.count("GM9999") == 1 and sum(code.startswith("BU") for code in codes) == 12


def test_demo_load_if_empty_leaves_a_used_database_alone(database):
    with database.session() as session:
        demo.load(session)
    with database.session() as session:
        assert demo.load(session, only_if_empty=True) == {}


def test_every_demo_buurt_has_addresses_to_register_residents_by(database):
    with database.session() as session:
        demo.load(session)
        found = addresses.lookup(session, "9999AA", 1)
        buurten = [area for area in session.exec(select(Area)) if area.level == "buurt"]
        assert found is not None and found.label == "Esdoornstraat 1, 9999 AA Demodorp"
        for n, buurt in enumerate(sorted(buurten, key=lambda area: area.code)):
            point = addresses.lookup(session, f"9999A{chr(65 + n)}", demo.ADDRESSES_PER_BUURT)
            assert point is not None and buurt.geom.contains(Point(point.lon, point.lat)), buurt.code
