"""Jobs each worker runs on a timer; a row in the database decides which worker runs each turn."""

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from app.config import Settings
from app.db import Database
from app.store import retention

FIRST_CHECK_S = 60.0  # after start-up: the service is serving before the first check
CHECK_EVERY_S = 3600.0
logger = logging.getLogger(__name__)


async def repeat(job: Callable[[], object], *, first_s: float, every_s: float) -> None:
    """Run the blocking `job` in a thread after `first_s` seconds, then every `every_s`, until cancelled.

    A failure is logged and the next turn comes as planned.
    """
    await asyncio.sleep(first_s)
    while True:
        try:
            await asyncio.to_thread(job)
        except Exception:
            logger.exception("a scheduled job failed")
        await asyncio.sleep(every_s)


def start(settings: Settings, database: Database) -> list[asyncio.Task]:
    """The timers this worker runs; none when `retention_every_hours` is 0 (cron runs the command)."""
    if not settings.retention_every_hours:
        return []
    every = timedelta(hours=settings.retention_every_hours)

    def anonymise() -> None:
        done = retention.run(database, days=settings.retention_days, now=datetime.now(UTC), every=every)
        if done:
            logger.info("retention: anonymised %d closed needs", done)

    check_s = min(CHECK_EVERY_S, every.total_seconds())
    return [asyncio.create_task(repeat(anonymise, first_s=FIRST_CHECK_S, every_s=check_s))]
