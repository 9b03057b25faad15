"""Association spreadsheets in: forgiving headers, exact problems by line, never half an import."""

import pytest
from sqlmodel import select

from app.importers.run import ImportRefused, Kind, Options, store
from app.importers.spreadsheet import UnreadableSheet, read_spreadsheet
from app.models import Asset

DUTCH = """Naam;Thema's;Telefoon;Adres;Breedtegraad;Lengtegraad;Omschrijving
Tuinclub De Groene Vingers;Tuinieren;020 123 4567;Vlierstraat 3;52,3950;4,9400;Elke zaterdag samen tuinieren
Eettafel Noord;samen_eten|sociaal_netwerk/ontmoeting;;Kerkplein 1;52.3960;4.9420;
"""


def _read(tmp_path, text, taxonomy, name="sheet.csv", **options):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_spreadsheet(path, taxonomy=taxonomy, **options)


def _import(database, reading, **options):
    with database.session() as session:
        return store(session, Kind.csv, "csv:test", reading, Options(**options))


def _stored(database) -> dict[str, Asset]:
    with database.session() as session:
        return {asset.name: asset for asset in session.exec(select(Asset).where(Asset.source == "csv:test"))}


def test_dutch_headers_semicolons_and_decimal_commas_are_read(database, taxonomy, tmp_path):
    reading = _read(tmp_path, DUTCH.replace("samen_eten|", "Samen eten|"), taxonomy)
    assert reading.problems == []
    _import(database, reading)
    assets = _stored(database)
    club = assets["Tuinclub De Groene Vingers"]
    assert club.themes == ["tijdsbesteding/tuinieren"] and club.phone == "020 123 4567"
    assert (club.geom.x, club.geom.y) == (4.94, 52.395)
    assert (club.asset_type, club.support_level) == ("association", "vereniging")
    assert assets["Eettafel Noord"].themes == ["sociaal_netwerk/samen_eten", "sociaal_netwerk/ontmoeting"]


def test_rd_coordinates_english_headers_and_a_column_map(database, taxonomy, tmp_path):
    text = "Club name,Theme,x,y,id\nRepair Café Oost,instrumentele_adl/reparatie,122000,487000,RC-7\n"
    reading = _read(tmp_path, text, taxonomy, column_map={"Club name": "name"})
    _import(database, reading)
    (asset,) = _stored(database).values()
    assert asset.source_id == "RC-7"
    assert 4.88 < asset.geom.x < 4.92 and 52.36 < asset.geom.y < 52.38


def test_every_bad_row_is_reported_with_its_line_and_field_and_nothing_is_stored(database, taxonomy, tmp_path):
    text = DUTCH + "Zonder plek;Tuinieren;;;;;\nTaalcafé;Breien op maandag;;;52.39;4.94;\n;Tuinieren;;;52.39;4.94;\n"
    text += "Verkeerd om;Tuinieren;;;452.39;4.94;\n"
    reading = _read(tmp_path, text, taxonomy)
    assert [str(problem) for problem in reading.problems] == [
        "row 4: lon: '' is not a number",
        "row 4: lat: '' is not a number",
        "row 5: themes: unknown theme 'Breien op maandag'; see GET /api/v1/themes",
        "row 6: name: Field required",
        "row 7: lat: lat 452.39, lon 4.94 are not degrees in range",
    ]
    with pytest.raises(ImportRefused):
        _import(database, reading)
    assert _stored(database) == {}
    report = _import(database, reading, skip_errors=True)
    assert report.created == 2 and len(report.problems) == 5


def test_a_sheet_without_name_or_position_columns_is_refused_with_what_it_has(taxonomy, tmp_path):
    with pytest.raises(UnreadableSheet, match="no position columns"):
        _read(tmp_path, "naam;adres\nX;Y\n", taxonomy)
    with pytest.raises(UnreadableSheet, match="no name column"):
        _read(tmp_path, "titel;lat;lon\nX;52;4\n", taxonomy)


def test_a_reimport_of_an_edited_sheet_updates_by_name_and_address(database, taxonomy, tmp_path):
    _import(database, _read(tmp_path, DUTCH, taxonomy))
    edited = DUTCH.replace("020 123 4567", "020 765 4321")
    report = _import(database, _read(tmp_path, edited, taxonomy))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert _stored(database)["Tuinclub De Groene Vingers"].phone == "020 765 4321"
