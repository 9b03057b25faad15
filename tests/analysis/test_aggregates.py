"""Figures per area on neighbourhoods with known answers."""

from app.analysis.aggregates import figures
from app.config import Settings
from app.taxonomy import load_taxonomy
from tests.analysis.neighbourhoods import need, neighbourhood

TAXONOMY = load_taxonomy(Settings().themes_file)
SHOPPING, GARDENING = "instrumentele_adl/boodschappen", "tijdsbesteding/tuinieren"


def offer(x, y, theme, name="Winkelhulp"):
    return {"x": x, "y": y, "themes": [theme], "id": name, "title": name, "asset_id": name, "asset_name": name}


def asset(x, y, kind, level, *themes):
    return {"x": x, "y": y, "asset_type": kind, "support_level": level, "themes": list(themes)}


def shopping_hood():
    """20 needs 100 m from the shop help, 3 needs 500 m from it, 12 needs 1650 m away (beyond reach)."""
    return neighbourhood(
        assets=[asset(250, 500, "association", "vereniging", SHOPPING), asset(1500, 500, "physical", "eigen_kracht")],
        offers=[offer(250, 500, SHOPPING), offer(1500, 500, GARDENING, "Tuin")],
        volunteers=[{"x": 1200 + i, "y": 300, "themes": [GARDENING]} for i in range(11)],
        needs=[need(350, 500 + i, SHOPPING, matched=i < 15) for i in range(20)]
        + [need(750, 500, SHOPPING) for _ in range(3)]
        + [need(1900, 500 + i, SHOPPING) for i in range(12)],
    )


def by_code(rows):
    return {row.code: row for row in rows}


def test_buurten_show_rounded_counts_and_hide_small_ones_and_what_would_reveal_them():
    rows = by_code(figures(shopping_hood(), TAXONOMY).at("buurt"))
    assert list(rows) == ["BU02280101", "BU02280102", "BU02280201"]
    west1, west2, east = rows.values()
    # West-2's 3 needs are hidden; West-1's 20 would reveal them from the wijk's 23, so hidden too.
    assert (west2.needs_open, west2.needs_within_reach, west2.needs_unmet) == (None, None, 0)
    assert (west1.needs_open, west1.needs_within_reach, west1.needs_unmet, west1.needs_matched) == (None, None, 0, 15)
    assert set(west1.suppressed) == {"needs_open", "needs_within_reach"}
    assert (east.needs_open, east.needs_within_reach, east.needs_unmet, east.volunteers) == (10, 0, 10, 10)
    assert (east.share_within_reach, east.median_distance_m) == (0.0, 1650)
    assert west1.median_distance_m is None and west1.share_within_reach is None


def test_wijken_and_the_gemeente_add_up_their_buurten():
    table = figures(shopping_hood(), TAXONOMY)
    west, east = table.at("wijk")
    assert (west.code, west.needs_open, west.needs_within_reach, west.median_distance_m) == ("WK022801", 25, 25, 100)
    assert west.share_within_reach == 1.0 and west.needs_matched == 15
    assert (east.needs_open, east.volunteers) == (10, 10)
    (ede,) = table.at("gemeente")
    assert (ede.needs_open, ede.needs_within_reach, ede.needs_unmet, ede.volunteers) == (35, 25, 10, 10)
    assert [row.code for row in table.at("buurt", parent_code="WK022801")] == ["BU02280101", "BU02280102"]


def test_places_are_counted_exactly_by_type_and_support_level():
    east = by_code(figures(shopping_hood(), TAXONOMY).at("buurt"))["BU02280201"]
    assert (east.assets, east.assets_by_type, east.assets_by_support_level, east.offers) == (
        1, {"physical": 1}, {"eigen_kracht": 1}, 1,
    )  # fmt: skip


def test_a_theme_or_domain_scope_counts_only_what_falls_in_it():
    table = figures(shopping_hood(), TAXONOMY)
    east_gardening = by_code(table.at("buurt", GARDENING))["BU02280201"]
    assert (east_gardening.needs_open, east_gardening.volunteers, east_gardening.offers) == (0, 10, 1)
    east_adl = by_code(table.at("buurt", "instrumentele_adl"))["BU02280201"]
    assert (east_adl.needs_open, east_adl.volunteers, east_adl.offers, east_adl.assets) == (10, 0, 0, 0)


def test_an_empty_neighbourhood_counts_zero_everywhere():
    (ede,) = figures(neighbourhood(), TAXONOMY).at("gemeente")
    assert (ede.needs_open, ede.volunteers, ede.assets, ede.offers, ede.median_distance_m) == (0, 0, 0, 0, None)
    assert ede.suppressed == []
