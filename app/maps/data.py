"""What the map builders draw, as plain values; user text arrives raw and is escaped by the builders."""

import uuid
from dataclasses import dataclass, field

from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True)
class Tiles:
    """The background map; no url means a blank background (offline use)."""

    url: str | None
    attribution: str = ""


@dataclass(frozen=True)
class MapOffer:
    title: str
    when: str  # "di 13:30-16:00, do 13:30-16:00"


@dataclass(frozen=True)
class MapAsset:
    id: uuid.UUID
    name: str
    asset_type: str
    subtype: str
    support_level: str
    lon: float
    lat: float
    themes: tuple[str, ...] = ()  # labels
    address: str = ""
    website: str | None = None
    phone: str | None = None
    email: str | None = None
    opening: str = ""
    offers: tuple[MapOffer, ...] = ()


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    geometry: BaseGeometry
    open_needs: int | None = None  # builders only


@dataclass(frozen=True)
class Choice:
    """One option of an on-page filter."""

    value: str
    label: str
    group: str = ""


@dataclass(frozen=True)
class Filters:
    """The filters a page offers and which are chosen."""

    themes: list[Choice] = field(default_factory=list)
    types: list[Choice] = field(default_factory=list)
    levels: list[Choice] = field(default_factory=list)
    chosen: dict[str, str] = field(default_factory=dict)
