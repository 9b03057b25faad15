"""The service's own timers: a job runs again and again, a failure does not stop it, 0 hours is off."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from app import jobs
from app.config import Settings
from app.db import Database


def test_a_repeated_job_keeps_running_after_a_failure():
    calls: list[int] = []

    def job() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the database was away")

    async def run_briefly() -> None:
        timer = asyncio.create_task(jobs.repeat(job, first_s=0, every_s=0.01))
        await asyncio.sleep(0.2)
        timer.cancel()

    in_own_thread(run_briefly())
    assert len(calls) >= 3


def test_no_timer_runs_when_retention_is_left_to_cron(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", retention_every_hours=0)
    assert in_own_thread(_started(settings)) == 0


def in_own_thread(coroutine):
    """Run a coroutine on a fresh event loop in its own thread: the browser tests' Playwright keeps a loop
    running in the main thread for the whole session."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _started(settings: Settings) -> int:
    return len(jobs.start(settings, Database(settings.database_url)))
