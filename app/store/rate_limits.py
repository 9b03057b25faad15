"""Limits on failed attempts (unknown tokens, wrong passwords) per client, counted in the database so
that every worker sees the same counts (DESIGN §6: no counters in a worker's memory).

Counts are kept per fixed window of `window_s` seconds. Call `check` before judging an attempt and
`record_failure` after one fails, both in one short transaction of their own, so that the count
is stored (and the SQLite write lock let go) before the answer leaves. A client is stored only
as a keyed hash of what identifies it (an address, a user name), never as itself.
"""

import hashlib
import hmac
import math
import time
from dataclasses import dataclass

from sqlalchemy import delete
from sqlmodel import Session, col

from app.db.counters import increment
from app.errors import TooManyRequests
from app.models import RateLimitHit
from app.store.secrets import service_key


@dataclass(frozen=True)
class Limit:
    """At most `failures` failed attempts per client in each window of `window_s` seconds."""

    bucket: str
    failures: int
    window_s: int


def check(session: Session, limit: Limit, client: str, *, now: float | None = None) -> None:
    """Refuse a client that has failed `limit.failures` times in the current window: TooManyRequests
    (429), with the seconds until the window ends."""
    now = time.time() if now is None else now
    start = _window_start(limit, now)
    row = session.get(RateLimitHit, (limit.bucket, _key(session, client), start))
    if row is not None and row.hits >= limit.failures:
        wait_s = max(1, math.ceil(start + limit.window_s - now))
        raise TooManyRequests(f"too many failed attempts from this client; try again in {wait_s} s", wait_s)


def record_failure(session: Session, limit: Limit, client: str, *, now: float | None = None) -> None:
    """Count one failed attempt of `client` in the current window, and forget the windows that have passed."""
    start = _window_start(limit, time.time() if now is None else now)
    key = {"bucket": limit.bucket, "client": _key(session, client), "window_start": start}
    increment(session, RateLimitHit.__table__, key, "hits")
    passed = (col(RateLimitHit.bucket) == limit.bucket) & (col(RateLimitHit.window_start) < start)
    session.execute(delete(RateLimitHit).where(passed))


def _window_start(limit: Limit, now: float) -> int:
    return int(now // limit.window_s) * limit.window_s


def _key(session: Session, client: str) -> str:
    # Keyed, since a plain hash of an IPv4 address is undone by trying all four billion of them.
    return hmac.new(service_key(session, "rate_limits"), client.encode(), hashlib.sha256).hexdigest()
