"""Gaps on neighbourhoods with known answers: what counts as one, their order, the nearest offers."""

from app.analysis.aggregates import figures
from app.analysis.gaps import gaps
from tests.analysis.neighbourhoods import need, neighbourhood
from tests.analysis.test_aggregates import SHOPPING, TAXONOMY, offer, shopping_hood


def _gaps(hood, **options):
    options = {"level": "buurt", "themes": [SHOPPING], "needs_per_offer": 10.0} | options
    return gaps(hood, figures(hood, TAXONOMY), **options)


def test_needs_beyond_reach_come_first_then_areas_without_an_offer():
    east, west2 = _gaps(shopping_hood())
    assert (east.code, east.needs_open, east.needs_unmet, east.offers, east.needs_per_offer) == (
        "BU02280201", 10, 10, 0, None,
    )  # fmt: skip
    assert east.reasons == ["needs without a fitting offer within reach", "no offer of this theme in the area"]
    # West-2's 3 needs are hidden, but a hidden count is never zero: its lack of an offer shows.
    assert (west2.code, west2.needs_open, west2.needs_unmet, west2.reasons) == (
        "BU02280102", None, 0, ["no offer of this theme in the area"],
    )  # fmt: skip


def test_each_gap_names_the_nearest_offers_of_its_theme_from_the_area_centre():
    east = _gaps(shopping_hood())[0]
    (nearest,) = east.nearest_offers
    assert (nearest.title, nearest.asset_name) == ("Winkelhulp", "Winkelhulp")
    assert 1240 <= nearest.distance_m <= 1260  # West-1's shop at x=250 m; Oost-1's centre near x=1500 m


def test_too_many_needs_per_offer_is_a_gap_even_within_reach():
    hood = neighbourhood(
        offers=[offer(250, 500, SHOPPING)], needs=[need(300, 400 + n, SHOPPING) for n in range(30)]
    )  # fmt: skip
    (crowded,) = _gaps(hood, level="wijk")
    assert (crowded.code, crowded.needs_open, crowded.needs_per_offer) == ("WK022801", 30, 30.0)
    assert crowded.reasons == ["more than 10 open needs per offer"]
    assert _gaps(hood, level="wijk", needs_per_offer=40.0) == []


def test_no_needs_no_gaps():
    assert _gaps(neighbourhood(offers=[offer(250, 500, SHOPPING)])) == []
