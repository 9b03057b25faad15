import pytest

from app.matching.schedule import slots_of


@pytest.mark.parametrize(("opens", "closes", "parts"), [
    ("09:00", "12:00", {"morning"}),
    ("13:30", "16:30", {"afternoon"}),
    ("11:00", "14:00", {"morning", "afternoon"}),
    ("19:00", "21:30", {"evening"}),
    ("08:00", "24:00", {"morning", "afternoon", "evening"}),
])  # fmt: skip
def test_opening_period_covers_the_parts_of_the_day_it_touches(opens, closes, parts):
    assert slots_of([{"day": "tu", "opens": opens, "closes": closes}]) == {("tu", part) for part in parts}


def test_no_schedule_means_no_time_constraint():
    assert slots_of([]) is None
