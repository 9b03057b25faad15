"""The gaps map: unmet needs per buurt (protected counts), the reach of the offers there are, and
collective signals at their buurt's centre. No person's position is drawn."""

from dataclasses import dataclass

import folium
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from app.geo import BBox
from app.maps.data import Tiles
from app.maps.neighbourhood import background, with_layer_control
from app.maps.text import safe

HIDDEN_COLOUR = "#bdbdbd"
# Unmet needs per buurt, from ... up: none, then ColorBrewer Reds.
UNMET_CLASSES = ((0, "#fff5f0"), (10, "#fcae91"), (20, "#fb6a4a"), (50, "#cb181d"))
REACH_COLOUR = "#1d70b8"
SIGNAL_COLOUR = "#6a3d9a"


@dataclass(frozen=True)
class GapArea:
    code: str
    name: str
    geometry: BaseGeometry
    needs_open: int | None  # protected: 0, a multiple of 5, or None when hidden
    needs_unmet: int | None
    offers: int


@dataclass(frozen=True)
class ReachingOffer:
    title: str
    place: str
    lon: float
    lat: float


@dataclass(frozen=True)
class MapSignal:
    area_name: str
    theme: str  # label
    lon: float  # the buurt's centre
    lat: float
    residents: int | None
    volunteers_nearby: int | None
    offers_nearby: int


def legend() -> list[tuple[str, str]]:
    return [
        ("Geen vragen zonder aanbod", UNMET_CLASSES[0][1]),
        ("10+ vragen zonder aanbod binnen bereik", UNMET_CLASSES[1][1]),
        ("20+", UNMET_CLASSES[2][1]),
        ("50+", UNMET_CLASSES[3][1]),
        ("1-9 of verborgen (kleine aantallen)", HIDDEN_COLOUR),
        ("Bereik van bestaand aanbod", REACH_COLOUR),
        ("Signaal: veel gelijke vragen dicht bij elkaar", SIGNAL_COLOUR),
    ]


def gaps_map(
    areas: list[GapArea],
    offers: list[ReachingOffer],
    reach_m: float,
    signals: list[MapSignal],
    *,
    bounds: BBox | None,
    tiles: Tiles,
) -> folium.Map:
    """Buurten coloured by unmet needs, a circle of `reach_m` metres around each offer, signals."""
    m = background(tiles)
    if areas:
        _unmet(areas).add_to(m)
    if offers:
        _reach(offers, reach_m).add_to(m)
    if signals:
        _signals(signals).add_to(m)
    return with_layer_control(m, bounds)


def _unmet(areas: list[GapArea]) -> folium.GeoJson:
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": [_unmet_feature(area) for area in areas]},
        name="Vragen zonder aanbod binnen bereik",
        style_function=_unmet_style,
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
    )


def _unmet_feature(area: GapArea) -> dict:
    label = (
        f"{area.name}: {_count(area.needs_unmet)} zonder aanbod binnen bereik, "
        f"{_count(area.needs_open)} open, {area.offers} aanbod"
    )
    properties = {"label": safe(label), "fill": _unmet_colour(area.needs_unmet)}
    return {"type": "Feature", "geometry": mapping(area.geometry), "properties": properties}


def _unmet_style(feature: dict) -> dict:
    return {"color": "#555555", "weight": 1, "fillColor": feature["properties"]["fill"], "fillOpacity": 0.55}


def _count(published: int | None) -> str:
    return "1-9 of verborgen" if published is None else str(published)


def _unmet_colour(published: int | None) -> str:
    if published is None:
        return HIDDEN_COLOUR
    return [fill for lowest, fill in UNMET_CLASSES if published >= lowest][-1]


def _reach(offers: list[ReachingOffer], reach_m: float) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=f"Bereik van het aanbod ({len(offers)}, {reach_m:.0f} m)")
    for offer in offers:
        folium.Circle(
            (offer.lat, offer.lon), radius=reach_m, color=REACH_COLOUR, weight=1, fill=True, fill_opacity=0.08,
            tooltip=safe(f"{offer.title} ({offer.place})"),
        ).add_to(group)  # fmt: skip
    return group


def _signals(signals: list[MapSignal]) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=f"Signalen ({len(signals)})")
    for signal in signals:
        text = (
            f"{signal.area_name}: {_count(signal.residents)} bewoners vragen om {signal.theme}; "
            f"{_count(signal.volunteers_nearby)} vrijwilligers en {signal.offers_nearby} aanbod in de buurt"
        )
        folium.CircleMarker(
            (signal.lat, signal.lon), radius=12, color="#ffffff", weight=2, fill=True, fill_color=SIGNAL_COLOUR,
            fill_opacity=0.9, tooltip=safe(text), popup=folium.Popup(f'<div class="nabij-popup">{safe(text)}</div>'),
        ).add_to(group)  # fmt: skip
    return group
