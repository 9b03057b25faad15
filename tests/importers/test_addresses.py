"""BAG addresses in: both CRS give the same points, a re-import changes nothing, CSV, bad rows skipped."""

import csv

import pyogrio
import pytest
from sqlmodel import select

from app.geo import distance_m
from app.importers.address_files import open_addresses
from app.importers.areas import UnreadableFile
from app.models import Address
from tests.bag import DUPLICATES, FEATURES, RD_NEW_FILE, WGS84_FILE, load
from tests.cli import nabij
from tests.importers.conftest import shared

KEY = ("postcode", "huisnummer", "huisletter", "toevoeging")


def _stored(database) -> dict[tuple, Address]:
    with database.session() as session:
        return {tuple(getattr(row, name) for name in KEY): row for row in session.exec(select(Address))}


def test_rd_new_and_wgs84_files_give_the_same_addresses_within_half_a_metre(database):
    report = load(database, RD_NEW_FILE)
    from_rd = _stored(database)
    with database.session() as session:
        for row in session.exec(select(Address)):
            session.delete(row)
    load(database, WGS84_FILE)
    from_wgs84 = _stored(database)
    assert report.inserted == len(from_rd) == len(from_wgs84) == FEATURES - DUPLICATES
    assert dict(report.skipped) == {"the same address as an earlier row": DUPLICATES}
    assert from_rd.keys() == from_wgs84.keys()
    furthest = max(distance_m(a.lon, a.lat, from_wgs84[key].lon, from_wgs84[key].lat) for key, a in from_rd.items())
    assert furthest < 0.5


def test_addresses_are_stored_in_normal_form_with_the_first_of_repeated_rows(database):
    load(database, WGS84_FILE)
    stored = _stored(database)
    plain = stored[("6731BR", 99, "", "")]
    assert (plain.straat, plain.woonplaats, plain.lon, plain.lat) == ("Arnhemseweg", "Otterlo", 5.7743255, 52.0933368)
    assert stored[("6731BR", 99, "", "2")].lon == 5.7750129
    assert stored[("6733EB", 2, "C", "")].straat == "Willinkhuizersteeg"
    # Lenderinkweg 32 comes twice in the file; the first row (feature 516) stands.
    assert (stored[("6733AX", 32, "", "")].lon, stored[("6733AX", 32, "", "")].source) == (5.7186712, "addresses:test")


def test_importing_the_same_file_again_changes_nothing(database):
    load(database)
    before = {key: (row.id, row.lon, row.lat, row.straat) for key, row in _stored(database).items()}
    again = load(database)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, FEATURES - DUPLICATES)
    assert {key: (row.id, row.lon, row.lat, row.straat) for key, row in _stored(database).items()} == before


def test_small_batches_give_the_same_result_and_catch_repeats_across_batches(database):
    report = load(database, batch_size=100)
    assert (report.inserted, sum(report.skipped.values())) == (FEATURES - DUPLICATES, DUPLICATES)
    assert sorted(int(problem.row) for problem in report.examples) == [2236, 2428, 2450]


@pytest.mark.parametrize("crs_member", [True, False])
def test_geojson_in_rd_new_with_or_without_its_crs_named(database, tmp_path, crs_member):
    frame = pyogrio.read_dataframe(shared(RD_NEW_FILE))
    path = tmp_path / "adressen.geojson"
    pyogrio.write_dataframe(frame, path, driver="GeoJSON", layer_options={"RFC7946": "NO"})
    if not crs_member:  # as many tools write it: RD New numbers, no "crs", so GDAL assumes WGS84
        path.write_text(path.read_text().replace('"crs"', '"no_crs"'))
    report = load(database, path)
    assert (report.inserted, sum(report.skipped.values())) == (FEATURES - DUPLICATES, DUPLICATES)
    plain = _stored(database)[("6731BR", 99, "", "")]
    assert distance_m(plain.lon, plain.lat, 5.7743255, 52.0933368) < 0.5


def _write_csv(path, rows: list[dict], delimiter=";") -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)


def _bag_rows(relative: str) -> list[dict]:
    frame = pyogrio.read_dataframe(shared(relative)).fillna("")
    return [
        {"openbareruimte": row.straatnaam, "huisnummer": row.huisnummer, "huisletter": row.huisletter,
         "huisnummertoevoeging": row.toevoeging, "postcode": row.postcode, "woonplaatsnaam": row.woonplaats,
         "x": row.geometry.x, "y": row.geometry.y}
        for row in frame.itertuples()
    ]  # fmt: skip


def test_csv_with_rd_new_x_y_and_bag_headers_matches_the_geopackage(database, tmp_path):
    path = tmp_path / "adressen.csv"
    _write_csv(path, _bag_rows(RD_NEW_FILE))
    report = load(database, path)
    from_csv = _stored(database)
    assert open_addresses(path).crs is None  # told from the numbers: RD New
    assert (report.inserted, sum(report.skipped.values())) == (FEATURES - DUPLICATES, DUPLICATES)
    again = load(database, path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, FEATURES - DUPLICATES)
    load(database, WGS84_FILE)
    from_gpkg = _stored(database)
    assert max(distance_m(a.lon, a.lat, from_gpkg[k].lon, from_gpkg[k].lat) for k, a in from_csv.items()) < 0.5


def test_csv_with_lon_lat_commas_and_forgiving_cells(database, tmp_path):
    rows = [
        {"Straat": "Dorpsstraat", "Huisnummer": "12", "Huisletter": "a", "Toevoeging": " 2 ", "Postcode": "6731 ab",
         "Woonplaats": "Otterlo", "lon": "5,77", "lat": "52,09"},
        {"Straat": "Dorpsstraat", "Huisnummer": "14.0", "Huisletter": "", "Toevoeging": "", "Postcode": "6731AB",
         "Woonplaats": "Otterlo", "lon": "5.771", "lat": "52.091"},
    ]  # fmt: skip
    path = tmp_path / "eigen.csv"
    _write_csv(path, rows, delimiter=",")
    report = load(database, path)
    assert report.inserted == 2
    assert set(_stored(database)) == {("6731AB", 12, "A", "2"), ("6731AB", 14, "", "")}
    assert _stored(database)[("6731AB", 12, "A", "2")].lon == 5.77


def test_bad_rows_are_skipped_with_their_reason_and_row(database, tmp_path):
    good = {"straat": "Dorpsstraat", "huisnummer": "1", "huisletter": "", "toevoeging": "", "postcode": "6731AB",
            "woonplaats": "Otterlo", "lon": "5.77", "lat": "52.09"}  # fmt: skip
    bad = [
        {"postcode": "673 EB"}, {"postcode": "ABCD12"}, {"huisnummer": "0"}, {"huisnummer": "12a"},
        {"huisletter": "AB"}, {"toevoeging": "12345"}, {"straat": " "}, {"woonplaats": ""},
        {"lon": "", "lat": ""}, {"lon": "52.09", "lat": "5.77"}, {},
    ]  # fmt: skip
    path = tmp_path / "fouten.csv"
    _write_csv(path, [good | change | {"huisnummer": change.get("huisnummer", str(n + 2))}
                      for n, change in enumerate(bad)])  # fmt: skip
    report = load(database, path)
    assert report.inserted == 1  # the last row, which changes nothing
    assert report.skipped == {
        "postcode not like 6733 EB": 2,
        "huisnummer not a whole number from 1 to 99999": 2,
        "huisletter not one letter": 1,
        "toevoeging not 1 to 4 letters or digits": 1,
        "straat empty or over 80 characters": 1,
        "woonplaats empty or over 80 characters": 1,
        "no point in the region": 2,
    }
    assert str(report.examples[0]) == "row 2: postcode: postcode not like 6733 EB: '673 EB'"
    assert [int(problem.row) for problem in report.examples] == list(range(2, 12))


def test_a_changed_row_updates_the_stored_address(database, tmp_path):
    row = {"straat": "Dorpsstraat", "huisnummer": "1", "postcode": "6731AB", "woonplaats": "Otterlo",
           "lon": "5.77", "lat": "52.09"}  # fmt: skip
    path = tmp_path / "a.csv"
    _write_csv(path, [row])
    load(database, path)
    _write_csv(path, [row | {"straat": "Kerkstraat", "lat": "52.091"}])
    report = load(database, path)
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 0)
    stored = _stored(database)[("6731AB", 1, "", "")]
    assert (stored.straat, stored.lat) == ("Kerkstraat", 52.091)


def test_a_file_without_the_needed_columns_is_refused_naming_them(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("naam;plaats;lat;lon\nA;B;52;5\n")
    with pytest.raises(UnreadableFile, match="no postcode, huisnummer, straat, woonplaats column"):
        open_addresses(path)


def test_nabij_import_addresses_reports_and_refuses_a_bad_crs(database_url):
    path = str(shared(RD_NEW_FILE))
    first = nabij(database_url, "import", "addresses", path)
    assert first.stdout.splitlines()[0] == (
        f"addresses:ede_otterlo_wekerom_addresses_28992: {FEATURES - DUPLICATES} inserted, 0 updated, "
        f"0 unchanged; {DUPLICATES} rows skipped"
    )
    assert "row 2236: address: the same address as an earlier row: '6733AX 32'" in first.stderr
    again = nabij(database_url, "import", "addresses", path)
    assert f"0 inserted, 0 updated, {FEATURES - DUPLICATES} unchanged" in again.stdout
    refused = nabij(database_url, "import", "addresses", path, "--crs", "EPSG:3857", check=False)
    assert refused.exit_code == 2 and "Invalid value for --crs" in refused.stderr
