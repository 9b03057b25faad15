"""Proposing from sketches gives exactly what proposing from every candidate gives."""

import uuid
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from app.matching import Candidate, Need, propose
from app.matching.lazy import Sketch, propose_lazily
from tests.matching.test_properties import TODAY, candidates, needs


def _sketch(candidate: Candidate) -> Sketch:
    assert candidate.asset_id is not None
    return Sketch(candidate.id, candidate.asset_id, candidate.x, candidate.y, candidate.support_level, candidate.themes)


def _offers(pool: list[Candidate]) -> list[Candidate]:
    """Offers sit at places and never come by."""
    return [
        replace(c, kind="offer", comes_by=False, reach_m=None, asset_id=c.asset_id or uuid.UUID(int=7)) for c in pool
    ]


class Loader:
    """Hands out offers by id and remembers how many it was asked for."""

    def __init__(self, offers: list[Candidate]):
        self.by_id = {offer.id: offer for offer in offers}
        self.loaded = 0

    def __call__(self, ids: list[uuid.UUID]) -> list[Candidate]:
        self.loaded += len(ids)
        return [self.by_id[i] for i in ids]


@settings(max_examples=300, deadline=None)
@given(
    need=needs,
    offers=st.lists(candidates, max_size=60, unique_by=lambda c: c.id),
    volunteers=st.lists(candidates, max_size=8, unique_by=lambda c: c.id),
    limit=st.integers(1, 12),
)
def test_lazy_proposals_equal_proposals_from_every_candidate(need, offers, volunteers, limit):
    offers = _offers(offers)
    present = [replace(v, kind="volunteer", asset_id=None) for v in volunteers if v.id not in {o.id for o in offers}]
    expected = propose(need, present + offers, today=TODAY, limit=limit)
    lazy = propose_lazily(need, present, [_sketch(o) for o in offers], Loader(offers), today=TODAY, limit=limit)
    assert lazy == expected


def test_only_candidates_that_could_rank_are_loaded():
    need = Need(id=uuid.uuid4(), x=0, y=0, themes=frozenset({"huisvesting/tuin"}), mode="walk")
    offers = [
        Candidate(
            id=uuid.UUID(int=n),
            kind="offer",
            x=float(n * 3),
            y=0.0,
            themes=frozenset({"huisvesting/tuin"}),
            support_level="vereniging",
            asset_id=uuid.UUID(int=10_000 + n),
        )
        for n in range(300)
    ]
    loader = Loader(offers)
    lazy = propose_lazily(need, [], [_sketch(o) for o in offers], loader, today=TODAY, limit=10)
    assert lazy == propose(need, offers, today=TODAY, limit=10)
    assert loader.loaded < 300 / 4


def test_a_far_place_answering_two_themes_is_still_found_as_kastje():
    garden, debts = "huisvesting/tuin", "financien/schulden"
    need = Need(id=uuid.uuid4(), x=0, y=0, themes=frozenset({garden, debts}), mode="walk")
    church = uuid.UUID(int=99_999)

    def offer(n: int, x: float, themes: set[str], asset_id: uuid.UUID) -> Candidate:
        return Candidate(
            id=uuid.UUID(int=n), kind="offer", x=x, y=0.0, themes=frozenset(themes),
            support_level="vereniging", asset_id=asset_id,
        )  # fmt: skip

    near = [offer(n, float(n * 3), {garden}, uuid.UUID(int=10_000 + n)) for n in range(1, 200)]
    far = [offer(500, 900.0, {garden}, church), offer(501, 900.0, {debts}, church)]
    loader = Loader(near + far)
    lazy = propose_lazily(need, [], [_sketch(o) for o in near + far], loader, today=TODAY, limit=10)
    assert [k.asset_id for k in lazy.kastjes] == [church]
    assert lazy == propose(need, near + far, today=TODAY, limit=10)
