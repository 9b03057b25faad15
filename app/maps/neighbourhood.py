"""The neighbourhood map: assets in a layer per ABCD type, buurt boundaries, open needs per buurt.

Assets are GeoJSON circle markers drawn on canvas (10k stay light in the browser; see
../shared/docs/MAPS.md), fetched by the browser after the page loads so that the page itself
stays small; each popup is put together in the browser from feature properties that `safe`
escaped on the server, so no user text reaches the page unescaped.
"""

from dataclasses import dataclass

import folium
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from folium.utilities import JsCode
from jinja2 import Template
from shapely.geometry import mapping

from app.geo import BBox
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


# A cluster in its type's colour with the number of places it holds (`COLOUR`: one of TYPES').
CLUSTER_ICON = """function (cluster) {
    return L.divIcon({html: '<div style="background:COLOUR">' + cluster.getChildCount() + '</div>',
                      className: 'nabij-cluster', iconSize: L.point(34, 34)});
}"""


@dataclass(frozen=True)
class AssetLayer:
    """One ABCD type's assets: how many, and where the browser fetches them as GeoJSON."""

    asset_type: str
    count: int
    url: str
    clustered: bool = False  # many points: grouped into numbered clusters until zoomed in


class _Fetched(MacroElement):
    """Fills a GeoJSON layer from `url` after the page loads; `window.nabijPending` counts open fetches.

    A layer inside a marker cluster group is handed to the group again once filled: the group reads
    a layer's markers when it is added, not later.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        window.nabijPending = (window.nabijPending || 0) + 1;
        fetch({{ this.url|tojson }})
            .then(function (response) { return response.json(); })
            .then(function (data) {
                {{ this.layer.get_name() }}.addData(data);
                {% if this.cluster %}
                {{ this.cluster.get_name() }}.removeLayer({{ this.layer.get_name() }});
                {{ this.cluster.get_name() }}.addLayer({{ this.layer.get_name() }});
                {% endif %}
            })
            .finally(function () { window.nabijPending -= 1; });
        {% endmacro %}"""
    )

    def __init__(self, layer: folium.GeoJson, url: str, cluster: MarkerCluster | None = None):
        super().__init__()
        self.layer, self.url, self.cluster = layer, url, cluster


def neighbourhood_map(
    layers: list[AssetLayer], areas: list[MapArea], *, bounds: BBox | None, tiles: Tiles
) -> folium.Map:
    """A layer per asset type (toggled in the layer control, filled by the browser), buurten, need counts."""
    m = background(tiles, prefer_canvas=True)
    if areas:
        _buurten(areas).add_to(m)
    if any(area.open_needs for area in areas):
        _open_needs(areas).add_to(m)
    for layer in layers:
        if layer.count:
            _asset_layer(layer).add_to(m)
    return with_layer_control(m, bounds)


def background(tiles: Tiles, **options) -> folium.Map:
    """A map of the Netherlands on the configured tiles (or none: blank, for offline use)."""
    m = folium.Map(location=NETHERLANDS_CENTRE, zoom_start=8, tiles=None, control_scale=True, height="70vh", **options)
    if tiles.url:
        folium.TileLayer(tiles=tiles.url, attr=tiles.attribution, name="Achtergrond", control=False).add_to(m)
    return m


def with_layer_control(m: folium.Map, bounds: BBox | None) -> folium.Map:
    """The map with its layers to toggle, showing `bounds` (WGS84) when given."""
    folium.LayerControl(collapsed=False).add_to(m)
    if bounds:
        west, south, east, north = bounds
        m.fit_bounds([[south, west], [north, east]])
    return m


def asset_features(assets: list[MapAsset]) -> dict:
    """The assets as a GeoJSON FeatureCollection whose properties are escaped for the page's popups."""
    return {"type": "FeatureCollection", "features": [_feature(asset) for asset in assets]}


def _asset_layer(layer: AssetLayer) -> folium.GeoJson | MarkerCluster:
    label, colour = TYPES[layer.asset_type]
    # One style for the whole layer, set on the marker: no per-feature style mapping in the page.
    marker = folium.CircleMarker(radius=7, color="#222222", weight=1, fill=True, fill_color=colour, fill_opacity=0.9)
    empty = {"type": "FeatureCollection", "features": []}
    name = f"{label} ({layer.count})"
    if not layer.clustered:
        geojson = folium.GeoJson(empty, name=name, marker=marker, on_each_feature=POPUP)
        geojson.add_child(_Fetched(geojson, layer.url))
        return geojson
    cluster = MarkerCluster(
        name=name,
        options={"chunkedLoading": True, "disableClusteringAtZoom": 17},
        icon_create_function=CLUSTER_ICON.replace("COLOUR", colour),
    )
    geojson = folium.GeoJson(empty, marker=marker, on_each_feature=POPUP, control=False)
    cluster.add_child(geojson)
    cluster.add_child(_Fetched(geojson, layer.url, cluster))
    return cluster


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
