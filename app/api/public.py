"""The routes anyone may call without credentials, and the web pages that ask for a login instead.
Every other route answers 401 to a caller without a valid bearer token (`app.api.authentication`),
so a new route is closed until it is listed here.

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
        ("GET", "/static/{path:path}"),  # the web pages' own stylesheet and scripts
        ("GET", "/login"),
        ("POST", "/login"),
        ("GET", "/api/v1/themes"),
        *(("GET", f"/api/v1/{name}") for name in RESOURCES_READ_BY_ALL),
        *(("GET", f"/api/v1/{name}/{{object_id}}") for name in RESOURCES_READ_BY_ALL),
        ("POST", "/api/v1/offers/{offer_id}/reports"),  # residents report that an offer stopped
        ("GET", "/confirm/{token}"),  # the one-click 'still running' link: the signed token is the credential
        ("POST", "/confirm/{token}"),
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

# Pages for a logged-in browser: a login cookie stands in for the token when reading, and the page
# itself sends a browser without a valid login to /login (app.web.session) or answers 401 (the builders'
# maps). The JSON API never takes the cookie.
LOGIN_PAGES: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", "/map/needs/{need_id}"),
        ("GET", "/map/gaps"),
        ("GET", "/needs/new"),
        ("POST", "/needs/new"),
        ("GET", "/volunteers/new"),
        ("POST", "/volunteers/new"),
        ("GET", "/needs/{need_id}"),
        ("POST", "/needs/{need_id}/matches/{match_id}"),
        ("POST", "/needs/{need_id}/close"),
        ("GET", "/buurt"),
        ("GET", "/manage"),
        ("GET", "/manage/assets/new"),
        ("GET", "/manage/offers/new"),
        ("GET", "/manage/{kind}/{object_id}"),
        ("POST", "/manage/{kind}/new"),
        ("POST", "/manage/{kind}/{object_id}"),
        ("POST", "/manage/{kind}/{object_id}/publish"),
        ("POST", "/logout"),
    }
)

# Routes that check a bearer token themselves, in their own transaction (`app.api.bearer`): the busiest.
CHECKED_BY_ROUTE: frozenset[tuple[str, str]] = frozenset({("GET", "/api/v1/needs/{need_id}/matches")})


class RouteSet:
    """(method, path template) pairs, matched against a request's method and path (HEAD counts as GET)."""

    def __init__(self, routes: frozenset[tuple[str, str]]):
        self._patterns: dict[str, list[re.Pattern[str]]] = {}
        for method, path in sorted(routes):
            self._patterns.setdefault(method, []).append(compile_path(path)[0])

    def matches(self, method: str, path: str) -> bool:
        patterns = self._patterns.get("GET" if method == "HEAD" else method, [])
        return any(pattern.match(path) for pattern in patterns)
