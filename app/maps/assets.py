"""Every script and stylesheet a map page loads, served by Nabij from npm packages (package.json).

Folium points at public CDNs; `self_hosted` rewrites each element's list to Nabij's own
`/vendor/<package>/<file>` before the page is rendered, and fails loudly for one it does not know,
so that a new Folium plugin cannot silently load from elsewhere.
"""

from collections.abc import Iterator
from pathlib import Path

from branca.element import Element

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
VENDOR_PREFIX = "/vendor"
# Folium's name for a script or stylesheet -> (npm package, file in the package).
VENDOR = {
    "leaflet": ("leaflet", "dist/leaflet.js"),
    "leaflet_css": ("leaflet", "dist/leaflet.css"),
    "jquery": ("jquery", "dist/jquery.min.js"),
    "bootstrap": ("bootstrap", "dist/js/bootstrap.bundle.min.js"),
    "bootstrap_css": ("bootstrap", "dist/css/bootstrap.min.css"),
    "awesome_markers": ("leaflet.awesome-markers", "dist/leaflet.awesome-markers.js"),
    "awesome_markers_css": ("leaflet.awesome-markers", "dist/leaflet.awesome-markers.css"),
    "awesome_markers_font_css": ("@fortawesome/fontawesome-free", "css/all.min.css"),
    "markerclusterjs": ("leaflet.markercluster", "dist/leaflet.markercluster.js"),
    "markerclustercss": ("leaflet.markercluster", "dist/MarkerCluster.css"),
    "markerclusterdefaultcss": ("leaflet.markercluster", "dist/MarkerCluster.Default.css"),
}
LEFT_OUT = frozenset({"glyphicons_css", "awesome_rotate_css"})  # icon sets the pages never use
PACKAGES = sorted({package for package, _ in VENDOR.values()})


def vendor_url(name: str) -> str:
    try:
        package, file = VENDOR[name]
    except KeyError:
        raise LookupError(f"no self-hosted copy of {name!r}: add its npm package to package.json and VENDOR") from None
    return f"{VENDOR_PREFIX}/{package}/{file}"


def self_hosted(root: Element) -> None:
    """Point every element under `root` at Nabij's copies of its scripts and stylesheets."""
    for element in _walk(root):
        for attribute in ("default_js", "default_css"):
            listed = getattr(element, attribute, None)
            if listed:
                setattr(element, attribute, [(name, vendor_url(name)) for name, _ in listed if name not in LEFT_OUT])


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from _walk(child)
