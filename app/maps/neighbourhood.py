"""The neighbourhood map: assets in a layer per ABCD type, buurt boundaries, open needs per buurt.

Assets are GeoJSON circle markers drawn on canvas (10k stay light in the browser; see
../shared/docs/MAPS.md); each popup is put together in the browser from feature properties that
`safe` escaped on the server, so no user text reaches the page unescaped.
"""

import folium
from folium.utilities import JsCode
from shapely.geometry import mapping

from app.maps.data import MapArea, MapAsset, Tiles
from app.maps.text import safe

NETHERLANDS_CENTRE = (52.15, 5.3)
# ABCD asset types: Dutch layer name and a colour that stays apart from the others (ColorBrewer Dark2).
TYPES = {
    "individual": ("Bewoners", "#1b9e77"),
    "association": ("Verenigingen", "#d95f02"),
    "institution": ("Instellingen", "#7570b3"),
    "physical": ("Plekken", "#e7298a"),
    "economic": ("Ondernemers", "#66a61e"),
    "culture": ("Cultuur", "#a6761d"),
}
LEVELS = {
    "eigen_kracht": "Eigen kracht",
    "sociaal_netwerk": "Sociaal netwerk",
    "vereniging": "Vereniging",
    "algemene_voorziening": "Algemene voorziening",
    "maatwerk": "Maatwerk",
}
NEED_CLASSES = ((1, "#fee5d9"), (5, "#fcae91"), (10, "#fb6a4a"), (20, "#cb181d"))  # open needs from ... up
# Built in the browser from properties the server escaped: concatenated, never re-escaped.
POPUP = JsCode(
    """
    function (feature, layer) {
        var p = feature.properties;
        var rows = ['<strong class="popup-name">' + p.name + '</strong>', '<span>' + p.kind + '</span>'];
        if (p.themes) { rows.push('<span>' + p.themes + '</span>'); }
        if (p.opening) { rows.push('<span>Open: ' + p.opening + '</span>'); }
        if (p.offers.length) { rows.push('<ul class="popup-offers"><li>' + p.offers.join('</li><li>') + '</li></ul>'); }
        p.contact.forEach(function (line) { rows.push('<span>' + line + '</span>'); });
        layer.bindPopup('<div class="nabij-popup">' + rows.join('<br>') + '</div>', {maxWidth: 320});
        layer.bindTooltip(p.name);
    }
    """
)


def neighbourhood_map(assets: list[MapAsset], areas: list[MapArea], *, tiles: Tiles) -> folium.Map:
    """Assets per type (a layer each, toggled in the layer control), buurten, and need counts if given."""
    m = folium.Map(
        location=NETHERLANDS_CENTRE, zoom_start=8, tiles=None, prefer_canvas=True, control_scale=True, height="70vh"
    )
    if tiles.url:
        folium.TileLayer(tiles=tiles.url, attr=tiles.attribution, name="Achtergrond", control=False).add_to(m)
    if areas:
        _buurten(areas).add_to(m)
    if any(area.open_needs for area in areas):
        _open_needs(areas).add_to(m)
    for asset_type, (label, colour) in TYPES.items():
        of_type = [asset for asset in assets if asset.asset_type == asset_type]
        if of_type:
            _asset_layer(of_type, f"{label} ({len(of_type)})", colour).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    bounds = _bounds(assets, areas)
    if bounds:
        m.fit_bounds(bounds)
    return m


def _asset_layer(assets: list[MapAsset], name: str, colour: str) -> folium.GeoJson:
    # One style for the whole layer, set on the marker: no per-feature style mapping in the page.
    marker = folium.CircleMarker(radius=7, color="#222222", weight=1, fill=True, fill_color=colour, fill_opacity=0.9)
    features = {"type": "FeatureCollection", "features": [_feature(asset) for asset in assets]}
    return folium.GeoJson(features, name=name, marker=marker, on_each_feature=POPUP)


def _feature(asset: MapAsset) -> dict:
    contact = [safe(value) for value in (asset.address, asset.phone, asset.website, asset.email) if value]
    properties = {
        "name": safe(asset.name),
        "kind": safe(" · ".join(filter(None, (asset.subtype, LEVELS.get(asset.support_level, asset.support_level))))),
        "themes": safe(", ".join(asset.themes)),
        "opening": safe(asset.opening),
        "offers": [safe(f"{offer.title} ({offer.when})" if offer.when else offer.title) for offer in asset.offers],
        "contact": contact,
    }
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [asset.lon, asset.lat]},
        "properties": properties,
    }


def _buurten(areas: list[MapArea]) -> folium.GeoJson:
    features = [
        {
            "type": "Feature",
            "geometry": mapping(area.geometry),
            "properties": {"label": safe(f"{area.name} ({area.code})")},
        }
        for area in areas
    ]
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="Buurtgrenzen",
        style_function=lambda _: {"color": "#555555", "weight": 1.5, "fill": False, "dashArray": "4 4"},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
    )


def _open_needs(areas: list[MapArea]) -> folium.GeoJson:
    features = [
        {
            "type": "Feature",
            "geometry": mapping(area.geometry),
            "properties": {
                "label": safe(f"{area.name}: {area.open_needs} open vragen"),
                "fill": _need_colour(area.open_needs),
            },
        }
        for area in areas
        if area.open_needs
    ]
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="Open vragen per buurt",
        style_function=lambda feature: {
            "color": "#999999",
            "weight": 0.5,
            "fillColor": feature["properties"]["fill"],
            "fillOpacity": 0.45,
        },
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
    )


def _need_colour(count: int | None) -> str:
    colour = NEED_CLASSES[0][1]
    for lowest, fill in NEED_CLASSES:
        if (count or 0) >= lowest:
            colour = fill
    return colour


def _bounds(assets: list[MapAsset], areas: list[MapArea]) -> list[list[float]] | None:
    xs = [asset.lon for asset in assets] + [x for area in areas for x in area.geometry.bounds[::2]]
    ys = [asset.lat for asset in assets] + [y for area in areas for y in area.geometry.bounds[1::2]]
    if not xs:
        return None
    return [[min(ys), min(xs)], [max(ys), max(xs)]]
