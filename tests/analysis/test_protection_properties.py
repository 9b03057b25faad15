"""Whatever the neighbourhood, no published count of people falls in 1-9 and no total gives a hidden one away."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.analysis.aggregates import figures
from app.analysis.counting import PEOPLE, groups
from app.analysis.data import ALL
from tests.analysis.neighbourhoods import need, neighbourhood
from tests.analysis.test_aggregates import GARDENING, SHOPPING, TAXONOMY

THEMES = [SHOPPING, GARDENING, "instrumentele_adl/vervoer"]
SCOPES = [ALL, "instrumentele_adl", *THEMES]
spot = st.tuples(st.floats(1, 1999), st.floats(1, 999))


@st.composite
def hoods(draw):
    needs = [
        need(x, y, *draw(st.sets(st.sampled_from(THEMES), min_size=1)), open=draw(st.booleans()),
             matched=draw(st.booleans()))
        for x, y in draw(st.lists(spot, max_size=60))
    ]  # fmt: skip
    places = draw(st.lists(spot, max_size=30))
    volunteers = [{"x": x, "y": y, "themes": [draw(st.sampled_from(THEMES))]} for x, y in places]
    return neighbourhood(needs=needs, volunteers=volunteers)


def _every_people_count_is_zero_a_multiple_of_five_or_hidden(table) -> None:
    for level in ("buurt", "wijk", "gemeente"):
        for scope in SCOPES:
            for row in table.at(level, scope):
                for measure in PEOPLE:
                    count = getattr(row, measure)
                    assert count is None or (count % 5 == 0 and not 0 < count < 10), (level, scope, measure, count)


def _no_total_and_its_parts_hide_exactly_one_cell(table, hood) -> None:
    cells = {key: 1 for key in table.people.counts}
    for group in groups(cells, hood, TAXONOMY):
        hidden = [cell for cell in (group.total, *group.parts) if table.people[cell] is None]
        assert len(hidden) != 1, (group, hidden)


# Both properties on each neighbourhood: the figures (most of the time an example takes) are computed once.
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hoods())
def test_every_published_people_count_is_zero_a_multiple_of_five_or_hidden_and_no_total_gives_one_away(hood):
    table = figures(hood, TAXONOMY)
    _every_people_count_is_zero_a_multiple_of_five_or_hidden(table)
    _no_total_and_its_parts_hide_exactly_one_cell(table, hood)
