"""New matches get ids that are random, standard (UUID version 7) and in the order they were made."""

import time
import uuid

from app.store.matches import time_ordered_id


def test_ids_are_version_7_and_sort_by_when_they_were_made():
    made = []
    for _ in range(5):
        made.append(time_ordered_id())
        time.sleep(0.002)
    assert all(made_id.version == 7 and made_id.variant == uuid.RFC_4122 for made_id in made)
    assert sorted(made) == made
    assert abs((made[0].int >> 80) - time.time_ns() // 1_000_000) < 60_000  # its first 48 bits: milliseconds now


def test_ids_made_in_the_same_millisecond_still_differ():
    assert len({time_ordered_id() for _ in range(1000)}) == 1000
