"""Properties of the engine over generated neighbourhoods (hypothesis)."""

import math
import uuid
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.matching import Candidate, MatchSettings, Need, propose
from app.matching.constraints import reach_m
from app.matching.data import CASCADE

THEMES = ["huisvesting/tuin", "huisvesting/klussen", "sociaal_netwerk/ontmoeting", "financien/schulden"]
TODAY = date(2026, 11, 29)
SLOTS = st.frozensets(st.tuples(st.sampled_from(["mo", "tu", "su"]), st.sampled_from(["morning", "evening"])))

candidates = st.builds(
    Candidate,
    id=st.uuids(version=4),
    kind=st.sampled_from(["offer", "volunteer"]),
    x=st.floats(-12_000, 12_000),
    y=st.floats(-12_000, 12_000),
    themes=st.frozensets(st.sampled_from(THEMES), min_size=1),
    support_level=st.sampled_from(CASCADE),
    asset_id=st.sampled_from([None, *[uuid.UUID(int=n) for n in range(3)]]),
    comes_by=st.booleans(),
    reach_m=st.one_of(st.none(), st.floats(100, 5000)),
    slots=st.one_of(st.none(), SLOTS),
    accessibility=st.frozensets(st.sampled_from(["step_free", "hearing_loop"])),
    capacity_left=st.one_of(st.none(), st.integers(0, 3)),
    valid_until=st.one_of(st.none(), st.dates(TODAY - timedelta(days=30), TODAY + timedelta(days=30))),
    last_confirmed=st.one_of(st.none(), st.dates(TODAY - timedelta(days=800), TODAY)),
)
needs = st.builds(
    Need,
    id=st.uuids(version=4),
    x=st.floats(-2000, 2000),
    y=st.floats(-2000, 2000),
    themes=st.frozensets(st.sampled_from(THEMES), min_size=1, max_size=2),
    mode=st.sampled_from(["walk", "bike", "car", "home"]),
    radius_m=st.one_of(st.none(), st.floats(100, 8000)),
    when=SLOTS,
    accessibility=st.frozensets(st.sampled_from(["step_free"])),
)


@settings(max_examples=300, deadline=None)
@given(need=needs, pool=st.lists(candidates, max_size=40, unique_by=lambda c: c.id))
def test_no_proposal_is_beyond_reach(need, pool):
    for proposal in propose(need, pool, today=TODAY, limit=50).proposals:
        candidate = proposal.candidate
        distance = math.hypot(candidate.x - need.x, candidate.y - need.y)
        limit = (
            (candidate.reach_m or MatchSettings().volunteer_reach_m)
            if candidate.comes_by
            else reach_m(need, MatchSettings())
        )
        assert distance <= limit + 1e-6


@settings(max_examples=300, deadline=None)
@given(need=needs, pool=st.lists(candidates, max_size=40, unique_by=lambda c: c.id), data=st.data())
def test_ranking_does_not_depend_on_input_order(need, pool, data):
    shuffled = data.draw(st.permutations(pool))
    first = propose(need, pool, today=TODAY, limit=50)
    second = propose(need, shuffled, today=TODAY, limit=50)
    assert first == second
    assert [p.rank for p in first.proposals] == list(range(1, len(first.proposals) + 1))
