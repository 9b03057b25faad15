"""Every route is public, a page that sends a browser to log in, or answers 401 to a caller without
a valid token before its body is even read; the OpenAPI document says which is which."""

import re
import uuid

import pytest
from fastapi.routing import iter_route_contexts
from starlette.routing import Mount

from app.api.public import LOGIN_PAGES, PUBLIC_ROUTES, RouteSet
from app.config import Settings

BROKEN_JSON = b'{"properties": '
# Path parameters a route would accept, so that nothing but the missing token can refuse the call.
PATH_VALUES = {"code": "BU99990101", "collectionId": "assets", "path": "leaflet.js", "kind": "assets"}
ONLY_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def settings(database_url) -> Settings:
    # Every route is called with a wrong token: more than the usual limit of failures per client.
    return Settings(database_url=database_url, public_url="http://testserver", token_failure_limit=10_000)


def _operations(app) -> list[tuple[str, str]]:
    """(method, path) of everything the app serves; a mount as GET of every path below it."""
    found = []
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, Mount):
            found.append(("GET", f"{context.path}/{{path:path}}"))
        else:
            found += [(method, context.path) for method in sorted(context.methods) if method != "HEAD"]
    return found


def _url(path: str) -> str:
    return re.sub(r"{(\w+)(:\w+)?}", lambda m: PATH_VALUES.get(m.group(1), str(uuid.uuid4())), path)


def _call(client, method: str, path: str, headers: dict):
    body = {"content": BROKEN_JSON, "headers": {**headers, "Content-Type": "application/json"}}
    return client.request(method, _url(path), **(body if method in ("POST", "PATCH", "PUT") else {"headers": headers}))


@ONLY_SQLITE
@pytest.mark.parametrize("token", [None, "nabij_not-a-token", "not-even-bearer"], ids=["none", "unknown", "malformed"])
def test_every_route_off_the_lists_answers_401_even_with_a_broken_body(app, client, token):
    open_routes = RouteSet(PUBLIC_ROUTES | LOGIN_PAGES)
    headers = {} if token is None else {"Authorization": f"Bearer {token}" if token.startswith("nabij") else token}
    wrong = {}
    for method, path in _operations(app):
        if open_routes.matches(method, _url(path)):
            continue
        response = _call(client, method, path, headers)
        if response.status_code != 401 or response.headers.get("www-authenticate") != "Bearer":
            wrong[f"{method} {path}"] = response.status_code
    assert wrong == {}


@ONLY_SQLITE
def test_login_pages_send_a_browser_without_a_login_to_the_login_page(app, client):
    for method, path in sorted(LOGIN_PAGES):
        response = client.request(method, _url(path), follow_redirects=False)
        if path.startswith("/map/"):  # the builders' maps answer 401, as they do to API clients without a token
            assert response.status_code == 401, (method, path)
            continue
        assert response.status_code == 303, (method, path)
        assert response.headers["location"].startswith("/login"), (method, path)


@ONLY_SQLITE
def test_login_pages_refuse_an_unknown_bearer_token_like_every_route(client):
    response = client.get("/manage", headers={"Authorization": "Bearer nabij_not-a-token"}, follow_redirects=False)
    assert response.status_code == 401


@ONLY_SQLITE
def test_the_lists_name_only_routes_the_app_serves(app):
    served = set(_operations(app))
    mounts = {path for method, path in served if path.endswith("/{path:path}")}
    stale = {r for r in PUBLIC_ROUTES | LOGIN_PAGES if r not in served and not _covers_mounts(r, mounts)}
    assert stale == set()


def _covers_mounts(route: tuple[str, str], mounts: set[str]) -> bool:
    prefix = route[1].removesuffix("{path:path}")
    return route[0] == "GET" and route[1].endswith("{path:path}") and any(m.startswith(prefix) for m in mounts)


@ONLY_SQLITE
def test_public_reads_without_parameters_answer_the_anonymous_public(app, client):
    refused = {}
    for method, path in _operations(app):
        if method == "GET" and (method, path) in PUBLIC_ROUTES and "{" not in path:
            response = client.get(path)
            if response.status_code >= 400:
                refused[path] = response.status_code
    assert refused == {}


@ONLY_SQLITE
def test_unknown_paths_still_answer_404_and_a_known_path_with_another_method_401(client):
    assert client.get("/api/v1/nope").status_code == 404
    assert client.put("/api/v1/assets").status_code == 401
    assert client.put("/api/v1/assets", headers={}).headers["www-authenticate"] == "Bearer"


@ONLY_SQLITE
def test_openapi_requires_the_bearer_token_except_on_public_routes(client):
    document = client.get("/openapi.json").json()
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A token made with `nabij token create`",
    }
    public = RouteSet(PUBLIC_ROUTES)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            optional = public.matches(method.upper(), path)
            assert operation["security"] == ([{}, {"bearer": []}] if optional else [{"bearer": []}]), (method, path)
