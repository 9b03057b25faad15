"""Plain Dutch reasons a community builder can read out: why this proposal, why this rank."""

from collections.abc import Mapping

from app.matching.data import Candidate, Need

DAYS = {"mo": "maandag", "tu": "dinsdag", "we": "woensdag", "th": "donderdag", "fr": "vrijdag",
        "sa": "zaterdag", "su": "zondag"}  # fmt: skip
PARTS = {"morning": "ochtend", "afternoon": "middag", "evening": "avond"}
TRAVEL = {"walk": "lopen", "bike": "fietsen", "car": "met de auto", "home": "aan huis"}
LEVELS = {
    "eigen_kracht": "zelf doen",
    "sociaal_netwerk": "uit de buurt",
    "vereniging": "vereniging",
    "algemene_voorziening": "vrij toegankelijk",
    "maatwerk": "professionele hulp",
}
ACCESS = {
    "step_free": "rolstoeltoegankelijk",
    "accessible_toilet": "aangepast toilet",
    "hearing_loop": "ringleiding",
    "prikkelarm": "prikkelarm",
    "dementievriendelijk": "dementievriendelijk",
}


def theme_reasons(themes: tuple[str, ...], exact: bool, labels: Mapping[str, str]) -> list[str]:
    words = [labels.get(theme, theme).lower() for theme in themes]
    return words if exact else [f"zelfde levensgebied: {word}" for word in words]


def distance_reason(need: Need, candidate: Candidate, distance_m: float) -> str:
    metres = int(round(distance_m, -1))
    if candidate.comes_by:
        return f"{metres} m, komt langs"
    return f"{metres} m {TRAVEL[need.mode]}"


def level_reason(candidate: Candidate) -> str:
    return "vrijwilliger uit de buurt" if candidate.kind == "volunteer" else LEVELS[candidate.support_level]


def time_reason(candidate: Candidate, slots: list[tuple[str, str]] | None) -> list[str]:
    if not slots:
        return []
    day, part = slots[0]
    when = f"{DAYS[day]}{PARTS[part]}"
    return [f"kan op {when}" if candidate.kind == "volunteer" else f"{when} open"]


def requirement_reasons(need: Need, candidate: Candidate) -> list[str]:
    reasons = [ACCESS[item] for item in sorted(need.accessibility)]
    reasons += [f"taal: {code}" for code in sorted(need.languages & candidate.languages) if code != "nl"]
    if candidate.cost == "gratis":
        reasons.append("gratis")
    return reasons
