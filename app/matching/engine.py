"""Propose, for one need, a short ranked list of candidates: informal first, explained.

Ranking (all distances in metres in the metric CRS):
    cost = max(distance, min_distance) * level_step ** (cascade step - 1)
           * domain_fit_factor (when only the life domain fits)
           * stale_factor (when not confirmed for stale_after_days)
           * did_not_fit_factor ** (times it did not fit for these themes)
Lower cost ranks first, then the nearer (within min_distance costs are equal);
score = 1 / (1 + cost / 1000). With level_step 3 an informal option is
proposed before a professional one unless it is more than 3x as far per step of the cascade
(a volunteer 2,000 m away still beats a professional service 100 m away only up to 27x: maatwerk
is three steps above sociaal_netwerk). Remaining ties fall to kind and id, so the order never
depends on the order the candidates came in.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import NamedTuple

from app.matching import reasons as say
from app.matching.constraints import common_slots, fitting_themes, is_available, meets_requirements, within_reach
from app.matching.data import CASCADE, Candidate, Kastje, MatchSettings, Need, Proposal, Proposals


class Assessed(NamedTuple):
    """A candidate that may be proposed, with its sort key (cost, distance, kind, id) and what made it."""

    key: tuple
    candidate: Candidate
    distance: float
    themes: tuple[str, ...]
    exact: bool
    extra_reasons: list[str]


def propose(
    need: Need,
    candidates: Iterable[Candidate],
    *,
    today: date,
    settings: MatchSettings = MatchSettings(),
    labels: Mapping[str, str] | None = None,
    limit: int = 10,
) -> Proposals:
    """The best `limit` candidates for `need`, ranked, each with its reasons, and any kastjes."""
    return ranked(need, assess(need, candidates, today, settings), labels=labels, limit=limit)


def assess(need: Need, candidates: Iterable[Candidate], today: date, settings: MatchSettings) -> list[Assessed]:
    """The candidates no hard constraint rules out, each with its sort key."""
    return [assessed for candidate in candidates if (assessed := _assess(need, candidate, today, settings))]


def ranked(
    need: Need, assessed: list[Assessed], *, labels: Mapping[str, str] | None = None, limit: int = 10
) -> Proposals:
    """`propose` over candidates already assessed: reasons are given to the best `limit` only."""
    labels = labels or {}
    best = sorted(assessed, key=lambda item: item.key)
    kastjes = _kastjes(best, need)
    proposals = [_proposal(need, item, rank, labels, kastjes) for rank, item in enumerate(best[:limit], start=1)]
    return Proposals(proposals, kastjes)


def _assess(need: Need, candidate: Candidate, today: date, settings: MatchSettings) -> Assessed | None:
    """None when a hard constraint rules the candidate out."""
    distance = math.hypot(candidate.x - need.x, candidate.y - need.y)
    fit = fitting_themes(need, candidate.themes)
    if (
        fit is None
        or not within_reach(need, candidate, distance, settings)
        or not is_available(candidate, today)
        or not meets_requirements(need, candidate)
    ):
        return None
    themes, exact = fit
    cost, extra_reasons = _cost(candidate, distance, themes, exact, today, settings)
    return Assessed(
        (cost, distance, candidate.kind, str(candidate.id)), candidate, distance, themes, exact, extra_reasons
    )


def _proposal(need: Need, item: Assessed, rank: int, labels: Mapping[str, str], kastjes: list[Kastje]) -> Proposal:
    candidate, distance = item.candidate, item.distance
    reasons = [
        *say.theme_reasons(item.themes, item.exact, labels),
        say.distance_reason(need, candidate, distance),
        say.level_reason(candidate),
        *say.time_reason(candidate, common_slots(need, candidate)),
        *say.requirement_reasons(need, candidate),
        *item.extra_reasons,
        *_reciprocity(need, candidate, labels),
        *_kastje_reason(candidate, item.themes, kastjes, labels),
    ]
    score = round(1 / (1 + item.key[0] / 1000), 4)
    return Proposal(candidate, rank, score, round(distance, 1), item.themes, tuple(reasons))


def _cost(candidate, distance, themes, exact, today, settings) -> tuple[float, list[str]]:
    step = CASCADE.index(candidate.support_level) - 1
    cost = max(distance, settings.min_distance_m) * settings.level_step**step
    reasons = []
    if not exact:
        cost *= settings.domain_fit_factor
    if candidate.last_confirmed and (today - candidate.last_confirmed).days > settings.stale_after_days:
        cost *= settings.stale_factor
        reasons.append("al lang niet bevestigd")
    misses = sum(candidate.did_not_fit.get(theme, 0) for theme in themes)
    if misses:
        cost *= settings.did_not_fit_factor**misses
        reasons.append(f"paste eerder niet ({misses}x)")
    return cost, reasons


def _reciprocity(need: Need, candidate: Candidate, labels: Mapping[str, str]) -> list[str]:
    shared = sorted(need.gifts & candidate.wants)
    return [f"wederkerig: jij kunt helpen met {labels.get(theme, theme).lower()}" for theme in shared[:1]]


def _kastjes(assessed: list[Assessed], need: Need) -> list[Kastje]:
    themes_at: dict = defaultdict(set)
    names = {}
    for item in assessed:
        asset_id = item.candidate.asset_id
        if asset_id is not None:
            themes_at[asset_id] |= set(item.themes) & need.themes
            names[asset_id] = item.candidate.place_name
    found = [
        Kastje(asset, names[asset], tuple(sorted(themes))) for asset, themes in themes_at.items() if len(themes) > 1
    ]
    return sorted(found, key=lambda kastje: (-len(kastje.themes), str(kastje.asset_id)))


def _kastje_reason(
    candidate: Candidate, themes: tuple[str, ...], kastjes: list[Kastje], labels: Mapping[str, str]
) -> list[str]:
    for kastje in kastjes:
        if kastje.asset_id == candidate.asset_id:
            others = [labels.get(t, t).lower() for t in kastje.themes if t not in themes]
            return [f"één plek, één contact: ook {', '.join(others)}"] if others else []
    return []
