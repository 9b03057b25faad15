"""OpenStreetMap opening_hours as a weekly schedule, the same every time."""

from datetime import date

import pytest

from app.importers.opening_hours import weekly_schedule

WEEK = date(2026, 6, 8)


def test_days_ranges_and_breaks():
    assert weekly_schedule("Mo,Th 09:00-12:00,13:00-16:30; Sa 10:00-14:00; PH off", WEEK) == [
        {"day": "mo", "opens": "09:00", "closes": "12:00"},
        {"day": "mo", "opens": "13:00", "closes": "16:30"},
        {"day": "th", "opens": "09:00", "closes": "12:00"},
        {"day": "th", "opens": "13:00", "closes": "16:30"},
        {"day": "sa", "opens": "10:00", "closes": "14:00"},
    ]


def test_a_night_is_split_at_midnight_and_always_open_is_every_whole_day():
    assert weekly_schedule("Fr 22:00-02:00", WEEK) == [
        {"day": "fr", "opens": "22:00", "closes": "24:00"},
        {"day": "sa", "opens": "00:00", "closes": "02:00"},
    ]
    assert weekly_schedule("24/7", WEEK) == [{"day": d, "opens": "00:00", "closes": "24:00"} for d in
                                              ("mo", "tu", "we", "th", "fr", "sa", "su")]  # fmt: skip


def test_what_is_not_opening_hours_syntax_is_a_clear_error():
    with pytest.raises(ValueError, match="'na afspraak' is not an opening_hours expression"):
        weekly_schedule("na afspraak", WEEK)
    with pytest.raises(ValueError, match="must start on a Monday"):
        weekly_schedule("24/7", date(2026, 6, 9))
