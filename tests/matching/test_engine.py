"""Hand-built neighbourhoods with exact expected rankings (positions in metres)."""

import uuid
from dataclasses import replace
from datetime import date

import pytest

from app.matching import Candidate, MatchSettings, Need, propose

TODAY = date(2026, 11, 29)
GARDEN = "huisvesting/tuin"
LABELS = {GARDEN: "Hulp in de tuin", "sociaal_netwerk/samen_eten": "Samen eten", "instrumentele_adl/koken": "Koken"}


def need(**fields) -> Need:
    fields.setdefault("themes", frozenset({GARDEN}))
    return Need(id=uuid.uuid4(), x=0.0, y=0.0, **fields)


def place(name: str, x: float, level: str = "vereniging", kind: str = "offer", **fields) -> Candidate:
    fields.setdefault("themes", frozenset({GARDEN}))
    asset_id = fields.pop("asset_id", uuid.uuid5(uuid.NAMESPACE_DNS, name)) if kind == "offer" else None
    return Candidate(id=uuid.uuid5(uuid.NAMESPACE_URL, name), kind=kind, x=x, y=0.0, support_level=level,
                     asset_id=asset_id, place_name=name, **fields)  # fmt: skip


def ranked(the_need: Need, *candidates: Candidate, **options) -> list[str]:
    result = propose(the_need, candidates, today=TODAY, labels=LABELS, **options)
    return [proposal.candidate.place_name for proposal in result.proposals]


def test_a_volunteer_300_m_away_beats_a_professional_200_m_away():
    volunteer = place("buurman", 300, "sociaal_netwerk", kind="volunteer")
    professional = place("hovenier", 200, "maatwerk")
    assert ranked(need(), professional, volunteer) == ["buurman", "hovenier"]


def test_an_association_beats_an_algemene_voorziening_at_similar_distance():
    assert ranked(need(), place("buurthuis", 400, "algemene_voorziening"), place("tuinclub", 420)) == [
        "tuinclub",
        "buurthuis",
    ]


def test_a_much_nearer_professional_goes_before_a_far_informal_option():
    far_neighbour = place("verre buur", 2900, "sociaal_netwerk", kind="volunteer")
    near_service = place("hovenier", 100, "maatwerk")
    assert ranked(need(mode="bike"), far_neighbour, near_service) == ["hovenier", "verre buur"]


@pytest.mark.parametrize(("mode", "radius_m", "expected"), [
    ("walk", None, ["op 1000 m"]),
    ("walk", 900, []),
    ("bike", None, ["op 1000 m", "op 2999 m"]),
    ("walk", 3000, ["op 1000 m", "op 2999 m"]),
])  # fmt: skip
def test_nothing_beyond_reach(mode, radius_m, expected):
    candidates = [place("op 1000 m", 1000), place("op 3001 m", 3001), place("op 2999 m", 2999)]
    assert ranked(need(mode=mode, radius_m=radius_m), *candidates) == expected


def test_walk_reach_is_configurable():
    settings = MatchSettings(reach_m={"walk": 500.0, "bike": 3000.0, "car": 10000.0, "home": 500.0})
    assert ranked(need(), place("dichtbij", 400), place("verder", 600), settings=settings) == ["dichtbij"]


def test_a_wheelchair_need_excludes_a_step_only_place():
    step_only = place("trapje", 100)
    step_free = place("gelijkvloers", 600, accessibility=frozenset({"step_free"}))
    result = propose(need(accessibility=frozenset({"step_free"})), [step_only, step_free], today=TODAY, labels=LABELS)
    assert [p.candidate.place_name for p in result.proposals] == ["gelijkvloers"]
    assert "rolstoeltoegankelijk" in result.proposals[0].reasons


def test_a_sunday_need_does_not_get_a_tuesday_only_offer():
    sunday = need(when=frozenset({("su", "afternoon")}))
    tuesday = place("dinsdagclub", 100, slots=frozenset({("tu", "afternoon")}))
    weekend = place("zondagclub", 300, slots=frozenset({("su", "afternoon"), ("sa", "morning")}))
    always = place("tuin zonder tijden", 500, slots=None)
    assert ranked(sunday, tuesday, weekend, always) == ["zondagclub", "tuin zonder tijden"]


def test_an_expired_offer_never_appears():
    expired = place("oud aanbod", 100, valid_until=date(2026, 11, 28))
    current = place("lopend aanbod", 900, valid_until=date(2026, 11, 29))
    assert ranked(need(), expired, current) == ["lopend aanbod"]


def test_full_and_unpublished_offers_never_appear():
    full = place("vol", 100, capacity_left=0)
    hidden = place("concept", 100, published=False)
    assert ranked(need(), full, hidden, place("plek vrij", 800, capacity_left=3)) == ["plek vrij"]


def test_did_not_fit_lowers_that_offer_for_that_theme():
    earlier_miss = place("paste niet", 200, did_not_fit={GARDEN: 1})
    other = place("ander", 300)
    assert ranked(need(), earlier_miss, other) == ["ander", "paste niet"]
    other_theme_miss = replace(earlier_miss, did_not_fit={"sociaal_netwerk/samen_eten": 3})
    assert ranked(need(), other_theme_miss, other) == ["paste niet", "ander"]


def test_stale_offers_lose_rank():
    stale = place("lang geleden", 200, last_confirmed=date(2025, 6, 1))
    fresh = place("net bevestigd", 260, last_confirmed=date(2026, 10, 1))
    result = propose(need(), [stale, fresh], today=TODAY)
    assert [p.candidate.place_name for p in result.proposals] == ["net bevestigd", "lang geleden"]
    assert "al lang niet bevestigd" in result.proposals[1].reasons


def test_the_same_theme_goes_before_the_same_life_domain():
    same_domain = place("klusclub", 100, themes=frozenset({"huisvesting/klussen"}))
    same_theme = place("tuinclub", 150)
    result = propose(need(), [same_domain, same_theme], today=TODAY, labels=LABELS)
    assert [p.candidate.place_name for p in result.proposals] == ["tuinclub", "klusclub"]
    assert result.proposals[1].reasons[0] == "zelfde levensgebied: hulp in de tuin"


def test_reasons_explain_the_proposal_in_plain_words():
    the_need = need(when=frozenset({("tu", "afternoon")}), accessibility=frozenset({"step_free"}))
    club = place("tuinclub", 452, slots=frozenset({("tu", "afternoon")}), accessibility=frozenset({"step_free"}))
    (proposal,) = propose(the_need, [club], today=TODAY, labels=LABELS).proposals
    assert proposal.reasons == (
        "hulp in de tuin",
        "450 m lopen",
        "vereniging",
        "dinsdagmiddag open",
        "rolstoeltoegankelijk",
    )
    assert (proposal.rank, proposal.distance_m) == (1, 452.0)
    assert 0 < proposal.score < 1


def test_a_visiting_volunteer_matches_by_their_own_reach():
    visitor = place("komt langs", 1800, "sociaal_netwerk", kind="volunteer", comes_by=True, reach_m=2000)
    stays_home = place("blijft thuis", 1800, "sociaal_netwerk", kind="volunteer")
    assert ranked(need(), visitor, stays_home) == ["komt langs"]
    assert ranked(need(mode="home"), visitor, place("buurthuis", 100)) == ["komt langs"]


def test_one_place_answering_several_themes_is_a_kastje():
    two_themes = need(themes=frozenset({GARDEN, "sociaal_netwerk/samen_eten"}))
    church = uuid.uuid4()
    garden = place("kerk: tuingroep", 500, asset_id=church)
    meals = place("kerk: eettafel", 500, asset_id=church, themes=frozenset({"sociaal_netwerk/samen_eten"}))
    elsewhere = place("tuinclub", 300)
    result = propose(two_themes, [garden, meals, elsewhere], today=TODAY, labels=LABELS)
    assert [(k.asset_id, k.themes) for k in result.kastjes] == [(church, tuple(sorted(two_themes.themes)))]
    garden_proposal = next(p for p in result.proposals if p.candidate.place_name == "kerk: tuingroep")
    assert garden_proposal.reasons[-1] == "één plek, één contact: ook samen eten"


def test_a_resident_with_gifts_gets_a_two_way_proposal():
    cook = need(gifts=frozenset({"instrumentele_adl/koken"}))
    eettafel = place("eettafel", 400, wants=frozenset({"instrumentele_adl/koken"}))
    (proposal,) = propose(cook, [eettafel], today=TODAY, labels=LABELS).proposals
    assert proposal.reasons[-1] == "wederkerig: jij kunt helpen met koken"


def test_limit_keeps_the_best():
    candidates = [place(f"plek {n}", 100 * n) for n in range(1, 10)]
    assert ranked(need(), *candidates, limit=3) == ["plek 1", "plek 2", "plek 3"]
