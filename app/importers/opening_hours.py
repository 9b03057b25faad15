"""OpenStreetMap `opening_hours` as Nabij's weekly schedule: periods of (day, opens, closes)."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from opening_hours import OpeningHours, ParserError, State  # type: ignore[attr-defined]

DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")


def weekly_schedule(expression: str, monday: date) -> list[dict[str, str]]:
    """The open periods in the week starting `monday`, each within one day (24:00 ends a day).

    One fixed week keeps imports repeatable; seasonal rules read as they hold in that week.
    Raises ValueError when the expression is not OpenStreetMap's opening_hours syntax.
    """
    return [dict(period) for period in _periods(expression, monday)]


@lru_cache(maxsize=4096)  # an extract repeats the same few expressions many times
def _periods(expression: str, monday: date) -> tuple[tuple[tuple[str, str], ...], ...]:
    if monday.weekday() != 0:
        raise ValueError(f"the reference week must start on a Monday, not on {monday:%A}")
    try:
        hours = OpeningHours(expression)
    except ParserError as error:
        raise ValueError(f"{expression!r} is not an opening_hours expression") from error
    start = datetime.combine(monday, time())
    periods = []
    for opens, closes, state, _ in hours.intervals(start, start + timedelta(days=7)):
        if state == State.OPEN:
            periods += _per_day(opens, closes, start)
    return tuple(tuple(period.items()) for period in periods)


def _per_day(opens: datetime, closes: datetime, week_start: datetime) -> list[dict[str, str]]:
    periods = []
    while opens < closes:
        midnight = datetime.combine(opens.date() + timedelta(days=1), time())
        end = min(closes, midnight)
        day = DAYS[(opens - week_start).days]
        periods.append(
            {"day": day, "opens": f"{opens:%H:%M}", "closes": "24:00" if end == midnight else f"{end:%H:%M}"}
        )
        opens = end
    return periods
