"""The routes anyone may call without credentials. Every other route answers 401 to a caller without
a valid token (`app.api.authentication`), so a new route is closed until it is listed here.

What a public route shows still depends on who calls: the public reads published places only
(`app.store.access`), and an OGC collection of planners' figures asks for a token of its own.
"""

import re

from starlette.routing import compile_path

RESOURCES_READ_BY_ALL = ("areas", "organisations", "assets", "offers")
HSDS_LISTS = ("services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms")

PUBLIC_ROUTES: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", "/health"),
        ("GET", "/openapi.json"),
        ("GET", "/docs"),
        ("GET", "/docs-assets/{path:path}"),
        ("GET", "/vendor/{path:path}"),  # the map pages' scripts and stylesheets
        ("GET", "/api/v1/themes"),
        *(("GET", f"/api/v1/{name}") for name in RESOURCES_READ_BY_ALL),
        *(("GET", f"/api/v1/{name}/{{object_id}}") for name in RESOURCES_READ_BY_ALL),
        ("GET", "/map"),
        ("GET", "/map/assets.geojson"),
        ("GET", "/ogc"),
        ("GET", "/ogc/conformance"),
        ("GET", "/ogc/collections"),
        ("GET", "/ogc/collections/{collectionId}"),
        ("GET", "/ogc/collections/{collectionId}/items"),
        ("GET", "/ogc/collections/{collectionId}/items/{featureId}"),
        ("GET", "/hsds/"),
        *(("GET", f"/hsds/{name}") for name in HSDS_LISTS),
        *(("GET", f"/hsds/{name}/{{id}}") for name in HSDS_LISTS),
    }
)


class PublicRoutes:
    """Tells whether a request's method and path fall on a public route (HEAD counts as GET)."""

    def __init__(self, routes: frozenset[tuple[str, str]] = PUBLIC_ROUTES):
        self.routes = routes
        self._patterns: dict[str, list[re.Pattern[str]]] = {}
        for method, path in sorted(routes):
            self._patterns.setdefault(method, []).append(compile_path(path)[0])

    def allows(self, method: str, path: str) -> bool:
        patterns = self._patterns.get("GET" if method == "HEAD" else method, [])
        return any(pattern.match(path) for pattern in patterns)
