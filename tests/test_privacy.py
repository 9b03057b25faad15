"""The donut mask: always inside the ring, the same point every time, different per record and key."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.geo import distance_m
from app.privacy import DonutMask

MASK = DonutMask(b"k" * 32, min_m=100, max_m=300)


@given(lon=st.floats(3.3, 7.2), lat=st.floats(50.7, 53.6), salt=st.uuids().map(str))
def test_a_masked_point_lies_in_the_ring_and_never_moves(lon, lat, salt):
    masked = MASK.apply(lon, lat, salt)
    assert 100 - 0.5 <= distance_m(lon, lat, *masked) <= 300 + 0.5
    assert MASK.apply(lon, lat, salt) == masked


def test_records_and_keys_mask_differently_and_spread_around():
    points = {MASK.apply(5.0, 52.0, str(n)) for n in range(200)}
    assert len(points) == 200
    assert {(lon > 5.0, lat > 52.0) for lon, lat in points} == {(a, b) for a in (True, False) for b in (True, False)}
    assert DonutMask(b"other" * 8).apply(5.0, 52.0, "1") != DonutMask(b"k" * 32).apply(5.0, 52.0, "1")


def test_a_ring_needs_an_inner_edge_inside_its_outer_edge():
    with pytest.raises(ValueError, match="min_m < max_m"):
        DonutMask(b"k", min_m=300, max_m=100)
