"""Collective signals on neighbourhoods with known answers."""

from datetime import timedelta

from app.analysis.signals import SignalRules, signals
from tests.analysis.neighbourhoods import TODAY, areas, need, neighbourhood
from tests.analysis.test_aggregates import GARDENING, SHOPPING

RULES = SignalRules(window_days=90, min_residents=10, link_m=500.0, nearby_m=1000.0)


def _signals(hood, exact=False, rules=RULES):
    return signals(hood, rules=rules, now=TODAY, exact=exact)


def _row(n: int, x: float = 1500.0, **more):
    """Needs for shopping help 20 m apart along a street in Oost-1."""
    return need(x + 20 * n, 500, SHOPPING, **more)


def test_twelve_residents_near_each_other_make_a_signal_at_their_buurt_centre():
    volunteers = [{"x": 1600, "y": 600, "themes": [SHOPPING]} for _ in range(3)]
    hood = neighbourhood(needs=[_row(n) for n in range(12)], volunteers=volunteers)
    (signal,) = _signals(hood, exact=True)
    assert (signal.area_code, signal.area_name, signal.theme) == ("BU02280201", "Oost-1", SHOPPING)
    assert (signal.residents, signal.needs, signal.volunteers_nearby, signal.offers_nearby) == (12, 12, 3, 0)
    centre = areas().set_index("code").geometry["BU02280201"].representative_point()
    assert (signal.lon, signal.lat) == (round(centre.x, 6), round(centre.y, 6))
    (protected,) = _signals(hood)
    assert (protected.residents, protected.needs, protected.volunteers_nearby) == (10, 10, None)


def test_needs_that_are_old_matched_closed_far_apart_or_too_few_make_no_signal():
    old = TODAY - timedelta(days=91)
    cases = [
        [_row(n) for n in range(9)],
        [_row(n, created_at=old) if n == 0 else _row(n) for n in range(10)],
        [_row(n, matched=n == 0) for n in range(10)],
        [_row(n, open=n != 0) for n in range(10)],
        [need(100, 100 + 20 * n, SHOPPING) if n % 2 else _row(n, x=1900) for n in range(10)],
        [_row(n, person_ref="r-same" if n < 2 else f"r-{n}") for n in range(10)],
    ]
    for needs in cases:
        assert _signals(neighbourhood(needs=needs)) == [], needs


def test_one_cluster_per_theme_and_links_reach_through_neighbours():
    # 10 needs on a grid of 450 x 250 m steps: each links to the next, so all form one cluster, over
    # three buurten; West-2 holds most (5, two of them on its border with Oost-1, the lower code).
    chain = [need(100 + 450 * (n % 4), 100 + 250 * (n // 4), GARDENING) for n in range(10)]
    shopping = [_row(n) for n in range(10)]
    found = _signals(neighbourhood(needs=chain + shopping), exact=True)
    assert [(s.theme, s.area_code, s.residents) for s in found] == [
        (SHOPPING, "BU02280201", 10), (GARDENING, "BU02280102", 10),
    ]  # fmt: skip
    assert _signals(neighbourhood(needs=chain), rules=SignalRules(link_m=400.0)) == []
