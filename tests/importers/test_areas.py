"""CBS areas in: counts as in the files, codes with letters, parents from the codes, RD New files."""

import geopandas as gpd
import pyogrio
import pytest
from sqlmodel import select

from app.importers.areas import UnreadableFile, read_areas
from app.importers.run import ImportRefused, Kind, Options, store
from app.models import Area
from tests.importers.conftest import shared

BUURTEN_2014 = "cbs/buurten_2014.topojson"
AMSTERDAM = "amsterdam/buurten.geojson"


def _import(database, path, **options):
    reading = read_areas(path, gemeente=options.pop("gemeente", None), crs=options.pop("crs", None))
    with database.session() as session:
        return store(session, Kind.areas, "areas:test", reading, Options(**options))


def _areas(database) -> dict[str, Area]:
    with database.session() as session:
        return {area.code: area for area in session.exec(select(Area))}


def test_one_gemeente_of_the_cbs_file_is_refused_whole_for_an_empty_shape_unless_skipped(database):
    path = shared(BUURTEN_2014)
    frame = pyogrio.read_dataframe(f"TopoJSON:{path}")
    hengelo = frame[frame["statcode"].str.startswith("BU0164")]
    empty = hengelo[hengelo.geometry.is_empty | hengelo.geometry.isna()]
    assert len(hengelo) == 62  # as the data README counts them
    with pytest.raises(ImportRefused) as refused:
        _import(database, path, gemeente="GM0164")
    assert [problem.row.split(" ")[1] for problem in refused.value.report.problems] == [
        f"({code})" for code in empty["statcode"]
    ]
    assert _areas(database) == {}
    report = _import(database, path, gemeente="GM0164", skip_errors=True)
    areas = _areas(database)
    assert report.created == len(areas) == len(hengelo) - len(empty)
    buurt = areas["BU01640503"]
    assert (buurt.level, buurt.parent_code, buurt.source) == ("buurt", "WK016405", "areas:test")
    assert all(area.geom.geom_type in ("Polygon", "MultiPolygon") and area.geom.is_valid for area in areas.values())


def test_amsterdam_codes_with_letters_import_and_reimport_unchanged(database):
    path = shared(AMSTERDAM)
    expected = gpd.read_file(path)
    report = _import(database, path)
    areas = _areas(database)
    assert report.created == len(areas) == len(expected) == 518
    assert areas["BU0363AA01"].name == "Planciusbuurt-Noord"
    assert areas["BU0363AA01"].parent_code == "WK0363AA"
    again = _import(database, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 518)


def test_a_file_in_rd_new_is_stored_in_wgs84(database, tmp_path):
    frame = gpd.read_file(shared(AMSTERDAM)).head(5)[["cbsCode", "naam", "geometry"]].to_crs(28992)
    path = tmp_path / "buurten_rd.gpkg"
    frame.to_file(path)
    _import(database, path)
    area = _areas(database)[frame["cbsCode"].iloc[0]]
    assert 4.7 < area.geom.centroid.x < 5.1 and 52.2 < area.geom.centroid.y < 52.5


def test_a_file_without_a_code_column_says_what_it_expected(tmp_path):
    frame = gpd.read_file(shared(AMSTERDAM)).head(2)[["naam", "geometry"]]
    path = tmp_path / "no_codes.geojson"
    frame.to_file(path)
    with pytest.raises(UnreadableFile, match="no code column: expected one of statcode"):
        read_areas(path)
