"""One need's proposals on a map: the need's masked place and reach, numbered proposals, the kastje."""

from dataclasses import dataclass

import folium

from app.geo import radius_envelope
from app.maps.data import Tiles
from app.maps.neighbourhood import LEVELS
from app.maps.text import safe

# Informal greens to professional grey, in the order of the cascade.
LEVEL_COLOURS = {
    "eigen_kracht": "#1b7837",
    "sociaal_netwerk": "#5aae61",
    "vereniging": "#d95f02",
    "algemene_voorziening": "#7570b3",
    "maatwerk": "#636363",
}


@dataclass(frozen=True)
class MapProposal:
    rank: int
    name: str
    kind: str  # offer or volunteer
    support_level: str
    lon: float  # a volunteer's position arrives masked
    lat: float
    distance_m: float
    reasons: tuple[str, ...]
    kastje: bool = False


def need_map(lon: float, lat: float, reach_m: float, proposals: list[MapProposal], *, tiles: Tiles) -> folium.Map:
    """The need at its masked point with its reach, and its proposals numbered in rank order."""
    m = folium.Map(location=(lat, lon), zoom_start=14, tiles=None, control_scale=True, height="70vh")
    if tiles.url:
        folium.TileLayer(tiles=tiles.url, attr=tiles.attribution, control=False).add_to(m)
    folium.Circle((lat, lon), radius=reach_m, color="#1d70b8", weight=2, fill=True, fill_opacity=0.06,
                  tooltip=safe(f"Bereik: {reach_m:.0f} m")).add_to(m)  # fmt: skip
    folium.CircleMarker((lat, lon), radius=9, color="#ffffff", weight=2, fill=True, fill_color="#0b0c0c",
                        fill_opacity=1, tooltip="De vraag (plek verschoven, niet het huis)").add_to(m)  # fmt: skip
    for proposal in proposals:
        _numbered(proposal).add_to(m)
    west, south, east, north = radius_envelope(lon, lat, reach_m)  # the whole reach in view
    lons, lats = [west, east] + [p.lon for p in proposals], [south, north] + [p.lat for p in proposals]
    m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
    return m


def _numbered(proposal: MapProposal) -> folium.Marker:
    colour = LEVEL_COLOURS.get(proposal.support_level, "#636363")
    kastje = " kastje" if proposal.kastje else ""
    icon = folium.DivIcon(
        html=f'<div class="rank{kastje}" style="background:{colour}">{proposal.rank}</div>',
        icon_size=(28, 28),
        icon_anchor=(14, 14),
    )
    reasons = "".join(f"<li>{safe(reason)}</li>" for reason in proposal.reasons)
    kind = "vrijwilliger" if proposal.kind == "volunteer" else LEVELS.get(proposal.support_level, "")
    popup = (
        f'<div class="nabij-popup"><strong>{proposal.rank}. {safe(proposal.name)}</strong><br>'
        f"<span>{safe(kind)}, {proposal.distance_m:.0f} m</span><ul>{reasons}</ul></div>"
    )
    return folium.Marker(
        (proposal.lat, proposal.lon), icon=icon, tooltip=safe(f"{proposal.rank}. {proposal.name}"),
        popup=folium.Popup(popup, max_width=320),
    )  # fmt: skip
