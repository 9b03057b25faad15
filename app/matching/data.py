"""What the engine works on: a need, candidates (offers and volunteers), settings; what it returns."""

import uuid
from dataclasses import dataclass, field
from datetime import date

# The Wmo cascade, informal first: the position is the step a candidate stands on.
CASCADE = ("eigen_kracht", "sociaal_netwerk", "vereniging", "algemene_voorziening", "maatwerk")
COSTS = ("gratis", "bijdrage", "betaald")

Slot = tuple[str, str]  # (day, part of day), e.g. ("tu", "afternoon")


@dataclass(frozen=True)
class Need:
    """A resident's need, positioned in metres (x east, y north) in the metric CRS."""

    id: uuid.UUID
    x: float
    y: float
    themes: frozenset[str]
    mode: str = "walk"
    radius_m: float | None = None
    when: frozenset[Slot] = frozenset()
    accessibility: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    target_groups: frozenset[str] = frozenset()
    max_cost: str | None = None
    gifts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Candidate:
    """An offer at an asset, or a volunteer, that might answer the need."""

    id: uuid.UUID
    kind: str  # "offer" or "volunteer"
    x: float
    y: float
    themes: frozenset[str]
    support_level: str
    asset_id: uuid.UUID | None = None
    place_name: str = ""
    comes_by: bool = False  # a volunteer who visits: reach is theirs, not the need's
    reach_m: float | None = None
    slots: frozenset[Slot] | None = None  # None: no schedule given, always possible
    accessibility: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    target_groups: frozenset[str] = frozenset()
    cost: str | None = None
    capacity_left: int | None = None
    valid_until: date | None = None
    published: bool = True
    last_confirmed: date | None = None
    wants: frozenset[str] = frozenset()  # themes the provider would welcome help with
    did_not_fit: dict[str, int] = field(default_factory=dict)  # theme -> times it did not fit


@dataclass(frozen=True)
class MatchSettings:
    """The engine's knobs; every default is documented in docs of the matching module."""

    reach_m: dict[str, float] = field(
        default_factory=lambda: {"walk": 1000.0, "bike": 3000.0, "car": 10000.0, "home": 1000.0}
    )
    volunteer_reach_m: float = 1500.0  # a visiting volunteer who gave no reach of their own
    level_step: float = 3.0  # each step up the cascade weighs distance this many times more
    domain_fit_factor: float = 2.0  # same life domain, not the same theme
    stale_after_days: int = 365
    stale_factor: float = 1.5
    did_not_fit_factor: float = 2.0  # per earlier "did not fit" for the same theme
    min_distance_m: float = 50.0  # nearer than this counts as this near


@dataclass(frozen=True)
class Proposal:
    candidate: Candidate
    rank: int
    score: float
    distance_m: float
    themes: tuple[str, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Kastje:
    """One place that answers several of the need's themes: one place, one contact."""

    asset_id: uuid.UUID
    place_name: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Proposals:
    proposals: list[Proposal]
    kastjes: list[Kastje]
