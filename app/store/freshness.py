"""Whether an offer still runs: fresh, stale, or hidden.

An offer counts from its last confirmation (`last_confirmed`), else from the day it was made.
After `stale_after_days` it is stale: flagged, and ranked lower in matching. After
`hide_after_days` more it is hidden: the public (lists, /map, /ogc, /hsds) and matching no
longer see it; builders, planners, admins and the offer's own association still do, flagged.
One confirmation makes it fresh again. The rule is applied when reading, so it follows the
settings and the calendar without a job that rewrites rows.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col

from app.config import Settings
from app.models import Offer

# A session carries the service's window under this key of `Session.info` (see `session_info`).
WINDOW = "nabij.freshness_window"


class Freshness(StrEnum):
    fresh = "fresh"
    stale = "stale"
    hidden = "hidden"


@dataclass(frozen=True)
class Window:
    """How many days an offer stays fresh, and how many more it is shown while stale.

    The defaults are the settings' defaults.
    """

    stale_after_days: int = 365
    hide_after_days: int = 180

    @classmethod
    def of(cls, settings: Settings) -> "Window":
        return cls(settings.stale_after_days, settings.hide_after_days)

    def state(self, confirmed_on: date, today: date) -> Freshness:
        age_days = (today - confirmed_on).days
        if age_days > self.stale_after_days + self.hide_after_days:
            return Freshness.hidden
        return Freshness.stale if age_days > self.stale_after_days else Freshness.fresh

    def fresh_since(self, today: date) -> date:
        """The earliest confirmation with which an offer is still fresh today."""
        return today - timedelta(days=self.stale_after_days)

    def shown_since(self, today: date) -> date:
        """The earliest confirmation with which an offer is still shown today."""
        return today - timedelta(days=self.stale_after_days + self.hide_after_days)


def today() -> date:
    """Today in UTC, the calendar every freshness rule counts in."""
    return datetime.now(UTC).date()


def session_info(settings: Settings) -> dict:
    """What every session of the service carries, for the rules that read settings inside a query."""
    return {WINDOW: Window.of(settings)}


def window_of(session: Session) -> Window:
    """The window the session was opened with; the defaults for sessions opened without settings."""
    return session.info.get(WINDOW, Window())


def confirmed_on(offer: Offer) -> date:
    return offer.last_confirmed or offer.created_at.date()


def state_of(session: Session, offer: Offer) -> Freshness:
    return window_of(session).state(confirmed_on(offer), today())


def shown(session: Session) -> ColumnElement[bool]:
    """Offers confirmed (else made) recently enough for the public and for matching."""
    return confirmed_since(window_of(session).shown_since(today()))


def confirmed_since(day: date) -> ColumnElement[bool]:
    """Offers confirmed on `day` or later, or never confirmed and made on `day` or later (UTC).

    Never NULL, so that its negation holds exactly the other offers.
    """
    confirmed = col(Offer.last_confirmed)
    return or_(
        and_(confirmed.is_not(None), confirmed >= day),
        and_(confirmed.is_(None), col(Offer.created_at) >= datetime.combine(day, time(), UTC)),
    )
