"""Small-number protection: no published people count in 1-9, totals never reveal a hidden cell."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.analysis.protection import Group, protect, published, rounded, suppressed_cells


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, None), (9, None), (10, 10), (12, 10), (13, 15), (17, 15), (18, 20), (1234, 1235)]
)
def test_one_count_is_hidden_under_ten_and_else_rounded_to_five(count, shown):
    assert published(count) == shown


def test_a_total_with_one_hidden_part_hides_the_smallest_other_part():
    counts = {"total": 60, "a": 3, "b": 40, "c": 17}
    assert suppressed_cells(counts, [Group("total", ("a", "b", "c"))]) == {"a", "c"}


def test_the_total_is_hidden_when_no_other_part_is_left_to_hide():
    counts = {"total": 4, "a": 4}
    assert suppressed_cells(counts, [Group("total", ("a", "b"))]) == {"a", "total"}
    counts = {"total": 50, "a": 5, "b": 45}
    assert suppressed_cells(counts, [Group("total", ("a", "b", "c"))]) == {"a", "b"}


def test_hiding_spreads_through_groups_that_share_cells():
    # b is hidden to protect a; b's own group then needs a second hidden part too.
    counts = {"t1": 30, "a": 5, "b": 25, "t2": 100, "c": 75}
    hidden = suppressed_cells(counts, [Group("t1", ("a", "b")), Group("t2", ("b", "c"))])
    assert hidden == {"a", "b", "c"}


def test_a_total_hidden_to_protect_another_cell_is_not_given_away_by_its_parts():
    # The wijk's 12 within reach hides to protect its 3 out of reach; its buurten (12 and 0) would add up to it.
    counts = {"open": 15, "within": 12, "unmet": 3, "west": 12, "east": 0}
    groups = [Group("open", ("within", "unmet")), Group("within", ("west", "east"))]
    assert suppressed_cells(counts, groups) == {"unmet", "within", "west"}


def test_cells_never_counted_read_as_zero_and_hidden_ones_as_none():
    table = protect({"a": 3, "b": 12}, [])
    assert (table["a"], table["b"], table["never"]) == (None, 10, 0)


def test_a_hidden_total_needs_no_second_part():
    assert suppressed_cells({"t": 7, "a": 2, "b": 5}, [Group("t", ("a", "b"))]) == {"t", "a", "b"}
    assert suppressed_cells({"t": 7, "a": 7}, [Group("t", ("a", "b"))]) == {"t", "a"}


@st.composite
def tables(draw):
    """Random two-level tables: totals over parts, parts shared between several groups."""
    parts = draw(st.lists(st.integers(0, 40), min_size=1, max_size=12))
    counts = {f"p{i}": count for i, count in enumerate(parts)}
    groups = []
    for g, members in enumerate(draw(st.lists(st.sets(st.integers(0, len(parts) - 1), min_size=1), max_size=6))):
        counts[f"t{g}"] = sum(parts[i] for i in members)
        groups.append(Group(f"t{g}", tuple(f"p{i}" for i in sorted(members))))
    return counts, groups


@given(tables())
def test_no_published_count_falls_in_one_to_nine_and_every_one_is_a_multiple_of_five(table):
    counts, groups = table
    shown = protect(counts, groups)
    for key in counts:
        assert shown[key] is None or (shown[key] % 5 == 0 and not 0 < shown[key] < 10)


@given(tables())
def test_no_group_has_exactly_one_hidden_cell_that_the_others_would_give_away(table):
    counts, groups = table
    hidden = suppressed_cells(counts, groups)
    for group in groups:
        assert sum(cell in hidden for cell in (group.total, *group.parts)) != 1


def test_rounding_goes_half_up():
    assert [rounded(n) for n in (10, 12, 13, 22, 23)] == [10, 10, 15, 20, 25]
