"""Scheduled jobs shared by workers: of several asking at once, one runs the job each period."""

import threading
import time
from datetime import UTC, datetime, timedelta

from app.db import Database
from app.store.jobs import claim

NOW = datetime(2027, 1, 1, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_a_job_is_due_again_only_after_its_period(database):
    for now, due in ((NOW, True), (NOW + HOUR / 2, False), (NOW + HOUR, True), (NOW + HOUR, False)):
        with database.session() as session:
            assert claim(session, "retention", every=HOUR, now=now) is due


def test_of_workers_asking_at_once_exactly_one_runs_the_job(database_url):
    outcomes: list[bool] = []
    start = threading.Barrier(4)

    def worker() -> None:
        database = Database(database_url)
        start.wait()
        with database.session() as session:
            outcomes.append(claim(session, "retention", every=HOUR, now=NOW))
            time.sleep(0.2)  # the job runs in the claim's transaction
        database.dispose()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [False, False, False, True]
