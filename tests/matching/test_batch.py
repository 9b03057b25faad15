"""The batch matcher ranks exactly as the single-need engine does, on what both support."""

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.matching import Candidate, Need, batch, propose
from app.matching.batch import SLOT_MET, Demand, Supply, match_batch
from app.matching.data import CASCADE

TODAY = date(2026, 11, 29)
THEMES = ["huisvesting/tuin", "sociaal_netwerk/ontmoeting", "financien/schulden"]  # one per life domain
DAYS, PARTS, ACCESS = ["mo", "tu", "su"], ["morning", "evening"], ["step_free", "hearing_loop"]
SLOTS = st.frozensets(st.tuples(st.sampled_from(DAYS), st.sampled_from(PARTS)), max_size=3)


def _mask(items, universe) -> int:
    return sum(1 << universe.index(item) for item in items)


def _slot_mask(slots) -> int:
    return sum(1 << (DAYS.index(day) * len(PARTS) + PARTS.index(part)) for day, part in slots or ())


def _supply(candidates: list[Candidate]) -> Supply:
    rows = [(c, index, theme) for index, c in enumerate(candidates) for theme in sorted(c.themes)]
    return Supply(
        x=np.array([c.x for c, _, _ in rows]),
        y=np.array([c.y for c, _, _ in rows]),
        theme=np.array([THEMES.index(t) for _, _, t in rows], int),
        step=np.array([CASCADE.index(c.support_level) for c, _, _ in rows], int),
        candidate=np.array([index for _, index, _ in rows], int),
        accessibility=np.array([_mask(c.accessibility, ACCESS) for c, _, _ in rows], int),
        slots=np.array([_slot_mask(c.slots) for c, _, _ in rows], int),
        stale=np.array([bool(c.last_confirmed) and (TODAY - c.last_confirmed).days > 365 for c, _, _ in rows], bool),
    )


def _demand(needs: list[Need]) -> Demand:
    rows = [(n, index, theme) for index, n in enumerate(needs) for theme in sorted(n.themes)]
    return Demand(
        x=np.array([n.x for n, _, _ in rows]),
        y=np.array([n.y for n, _, _ in rows]),
        theme=np.array([THEMES.index(t) for _, _, t in rows], int),
        need=np.array([index for _, index, _ in rows], int),
        reach=np.array([n.radius_m for n, _, _ in rows]),
        accessibility=np.array([_mask(n.accessibility, ACCESS) for n, _, _ in rows], int),
        slots=np.array([_slot_mask(n.when) for n, _, _ in rows], int),
    )


positions = st.floats(-3000, 3000)
offers = st.builds(
    Candidate,
    id=st.uuids(version=4),
    kind=st.just("offer"),
    x=positions,
    y=positions,
    themes=st.frozensets(st.sampled_from(THEMES), min_size=1),
    support_level=st.sampled_from(CASCADE),
    slots=st.one_of(st.none(), SLOTS.filter(bool)),
    accessibility=st.frozensets(st.sampled_from(ACCESS)),
    last_confirmed=st.one_of(st.none(), st.dates(TODAY - timedelta(days=800), TODAY)),
)
needs = st.builds(
    Need,
    id=st.uuids(version=4),
    x=positions,
    y=positions,
    themes=st.frozensets(st.sampled_from(THEMES), min_size=1, max_size=2),
    radius_m=st.floats(200, 4000),
    when=SLOTS,
    accessibility=st.frozensets(st.sampled_from(ACCESS), max_size=1),
)


FIRST_DEPTHS = {"every offer at once": lambda pool: len(pool) + 1, "looking deeper step by step": lambda pool: 1,
                "as deep as a sample of the needs looked": lambda pool: None}  # fmt: skip


@pytest.mark.parametrize("first", FIRST_DEPTHS)
@settings(max_examples=200, deadline=None)
@given(need_list=st.lists(needs, min_size=1, max_size=8), pool=st.lists(offers, max_size=25, unique_by=lambda c: c.id))
def test_batch_ranks_like_the_engine(first, need_list, pool):
    pool = sorted(pool, key=lambda candidate: str(candidate.id))  # ties go to the lower index, as to the lower id
    result = match_batch(_demand(need_list), _supply(pool), limit=5, depth=FIRST_DEPTHS[first](pool))
    for index, need in enumerate(need_list):
        expected = propose(need, pool, today=TODAY, limit=5).proposals
        found = result.ranked(index)
        assert [pool[c].id for c in found] == [p.candidate.id for p in expected]
        assert result.score[index, : len(found)].tolist() == [p.score for p in expected]


def test_flags_say_when_a_time_was_shared():
    need = Need(id=None, x=0, y=0, themes=frozenset({THEMES[0]}), radius_m=1000, when=frozenset({("tu", "evening")}))
    offer = Candidate(id=None, kind="offer", x=100, y=0, themes=frozenset({THEMES[0]}), support_level="vereniging",
                      slots=frozenset({("tu", "evening")}))  # fmt: skip
    result = match_batch(_demand([need]), _supply([offer]))
    assert result.ranked(0) == [0]
    assert (result.flags[0, 0], result.distance[0, 0]) == (SLOT_MET, 100.0)


def test_offers_nearer_than_the_minimum_distance_cost_the_same_and_go_by_distance_then_index():
    need = Need(id=None, x=0, y=0, themes=frozenset({THEMES[0]}), radius_m=1000)
    near = [
        Candidate(id=None, kind="offer", x=x, y=y, themes=frozenset({THEMES[0]}), support_level="vereniging")
        for x, y in ((40.0, 0.0), (0.0, 20.0), (20.0, 0.0), (200.0, 0.0))
    ]
    result = match_batch(_demand([need]), _supply(near), limit=3)
    assert result.ranked(0) == [1, 2, 0]
    assert result.distance[0].tolist() == [20.0, 20.0, 40.0]


def test_an_offer_answering_two_of_the_needs_themes_is_proposed_once():
    need = Need(id=None, x=0, y=0, themes=frozenset(THEMES[:2]), radius_m=1000)
    both = Candidate(id=None, kind="offer", x=100, y=0, themes=frozenset(THEMES[:2]), support_level="vereniging")
    one = Candidate(id=None, kind="offer", x=300, y=0, themes=frozenset(THEMES[1:2]), support_level="vereniging")
    result = match_batch(_demand([need]), _supply([both, one]), limit=3)
    assert result.ranked(0) == [0, 1]
    assert result.cost[0, 2] == np.inf


def test_a_large_batch_spread_over_worker_processes_ranks_as_one_process_does(monkeypatch):
    """Above `PROCESSES_FROM_ROWS` need rows the themes go to worker processes; the lists must not change."""
    rng = np.random.default_rng(5)
    needs, offers = batch.PROCESSES_FROM_ROWS + 500, 3_000
    second = rng.random(needs) < 0.3  # some needs have two themes: their rows are merged after the workers
    need_index = np.concatenate([np.arange(needs), np.flatnonzero(second)])
    demand = Demand(
        x=rng.uniform(0, 5_000, needs)[need_index], y=rng.uniform(0, 5_000, needs)[need_index],
        theme=rng.integers(0, 12, len(need_index)), need=need_index, reach=np.full(len(need_index), 1_000.0),
        accessibility=np.zeros(len(need_index), int), slots=np.zeros(len(need_index), int),
    )  # fmt: skip
    supply = Supply(
        x=rng.uniform(0, 5_000, offers), y=rng.uniform(0, 5_000, offers), theme=rng.integers(0, 12, offers),
        step=rng.integers(0, 5, offers), candidate=np.arange(offers), accessibility=np.zeros(offers, int),
        slots=np.zeros(offers, int), stale=rng.random(offers) < 0.1,
    )  # fmt: skip
    monkeypatch.setattr(batch, "_usable_cores", lambda: 2)
    spread = match_batch(demand, supply, limit=5)
    monkeypatch.setattr(batch, "PROCESSES_FROM_ROWS", len(need_index) + 1)
    alone = match_batch(demand, supply, limit=5)
    for field in ("candidate", "cost", "distance", "flags"):
        np.testing.assert_array_equal(getattr(spread, field), getattr(alone, field))
    assert (spread.candidate >= 0).sum() > needs  # most needs found something: the comparison says something
