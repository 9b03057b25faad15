"""Weekly opening periods as the parts of the day they cover."""

from collections.abc import Iterable

from app.matching.data import Slot

# Local clock hours each part of the day spans: [start, end).
PARTS = {"morning": ("06:00", "12:00"), "afternoon": ("12:00", "18:00"), "evening": ("18:00", "24:00")}


def slots_of(periods: Iterable[dict]) -> frozenset[Slot] | None:
    """The (day, part) slots a schedule touches; None for no schedule (no time constraint)."""
    periods = list(periods)
    if not periods:
        return None
    return frozenset(
        (period["day"], part)
        for period in periods
        for part, (start, end) in PARTS.items()
        if period["opens"] < end and period["closes"] > start
    )
