"""Hard constraints: a candidate that fails one is never proposed, however near."""

from datetime import date

from app.matching.data import COSTS, Candidate, MatchSettings, Need


def domain_of(theme: str) -> str:
    return theme.split("/", 1)[0]


def reach_m(need: Need, settings: MatchSettings) -> float:
    """How far the resident goes: the need's own radius, else its mode's default (metres)."""
    return need.radius_m if need.radius_m is not None else settings.reach_m[need.mode]


def within_reach(need: Need, candidate: Candidate, distance_m: float, settings: MatchSettings) -> bool:
    """A visiting volunteer reaches by their own reach; everything else by the resident's."""
    if candidate.comes_by:
        return distance_m <= (candidate.reach_m or settings.volunteer_reach_m)
    return need.mode != "home" and distance_m <= reach_m(need, settings)


def fitting_themes(need: Need, offered: frozenset[str]) -> tuple[tuple[str, ...], bool] | None:
    """The need's themes a candidate offering `offered` answers, and whether exactly (else by life domain)."""
    exact = need.themes & offered
    if exact:
        return tuple(sorted(exact)), True
    domains = {domain_of(theme) for theme in offered}
    by_domain = tuple(sorted(theme for theme in need.themes if domain_of(theme) in domains))
    return (by_domain, False) if by_domain else None


def common_slots(need: Need, candidate: Candidate) -> list[tuple[str, str]] | None:
    """When both can: None if either gave no times (no constraint), else the shared slots."""
    if not need.when or candidate.slots is None:
        return None
    return sorted(need.when & candidate.slots)


def is_available(candidate: Candidate, today: date) -> bool:
    """Published, not expired, with room left."""
    return (
        candidate.published
        and (candidate.valid_until is None or candidate.valid_until >= today)
        and (candidate.capacity_left is None or candidate.capacity_left > 0)
    )


def meets_requirements(need: Need, candidate: Candidate) -> bool:
    """Accessibility, language, target group, cost and time, as the need asks."""
    languages = candidate.languages or frozenset({"nl"})
    groups = candidate.target_groups
    return (
        need.accessibility <= candidate.accessibility
        and (not need.languages or bool(need.languages & languages))
        and (not need.target_groups or not groups or "iedereen" in groups or bool(need.target_groups & groups))
        and _affordable(need.max_cost, candidate.cost)
        and common_slots(need, candidate) != []
    )


def _affordable(max_cost: str | None, cost: str | None) -> bool:
    return max_cost is None or cost is None or COSTS.index(cost) <= COSTS.index(max_cost)
