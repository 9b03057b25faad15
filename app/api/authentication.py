"""Who is calling, found before routing: the holder of a bearer token, a logged-in browser reading one of
the web pages, or the anonymous public.

Pure ASGI middleware, so that it runs before FastAPI reads a body: a call without a valid token
to a route neither public nor a login page (`app.api.public`) answers 401 whatever its body holds (a path no
route takes still answers 404). Unknown and
revoked tokens count against the client's address; once a client has failed `limit.failures`
times in a window, it gets 429 until the window ends. A valid token is never slowed by that count:
it is 256 random bits, not something to guess, and others behind the same address keep working.
A route may check its token itself, in its own transaction (`app.api.bearer`).
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.bearer import Unchecked, bearer_secret, known, refuse
from app.api.problems import domain_problem
from app.api.public import RouteSet
from app.db import Database
from app.errors import NabijError, NotAuthenticated
from app.store import logins, rate_limits
from app.store.auth import ANONYMOUS, Principal

BEARER_SCHEME = {"type": "http", "scheme": "bearer", "description": "A token made with `nabij token create`"}


class Authentication:
    """Puts the caller in `request.state.principal`, or answers 401 or 429 itself; on the routes that check
    their token themselves, a bearer token in `request.state.unchecked` instead."""

    def __init__(
        self, app: ASGIApp, open_routes: RouteSet, limit: rate_limits.Limit, cookie_routes: RouteSet,
        checked_by_route: RouteSet,
    ):  # fmt: skip
        self.app, self.open_routes, self.limit, self.cookie_routes = app, open_routes, limit, cookie_routes
        self.checked_by_route = checked_by_route

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        unchecked = self._left_to_route(request)
        if unchecked is not None:
            scope.setdefault("state", {})["unchecked"] = unchecked
            await self.app(scope, receive, send)
            return
        try:
            principal = await self._principal(request)
            if (
                principal.role is None
                and not self.open_routes.matches(request.method, request.url.path)
                and _routed(scope)
            ):
                raise NotAuthenticated("this route needs a bearer token")
        except NabijError as error:
            await domain_problem(request, error)(scope, receive, send)
            return
        scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)

    def _left_to_route(self, request: Request) -> Unchecked | None:
        """A bearer token its route checks itself; None when this middleware checks it (or there is none)."""
        secret = bearer_secret(request.headers.get("authorization", ""))
        if secret and self.checked_by_route.matches(request.method, request.url.path):
            return Unchecked(secret, _client(request), self.limit)
        return None

    async def _principal(self, request: Request) -> Principal:
        header = request.headers.get("authorization")
        if header is None:
            return await self._browser(request)
        database: Database = request.app.state.database
        secret = bearer_secret(header)
        principal = None
        # Every call with a token asks this. Where a read never waits (SQLite) it takes microseconds,
        # less than the trip to a worker thread would.
        if secret and database.reads_in_place:
            principal = known(database, secret)
        elif secret:
            principal = await run_in_threadpool(known, database, secret)
        if principal is not None:
            return principal
        return await run_in_threadpool(partial(refuse, database, self.limit, _client(request)))

    async def _browser(self, request: Request) -> Principal:
        """A logged-in browser on a page that reads (GET, HEAD): its login stands in for a token.

        Never for a change: a cookie rides along on requests other sites start. The pages' forms
        check their own session and CSRF token (`app.web.session`).
        """
        cookie = request.cookies.get(logins.SESSION_COOKIE)
        if not cookie or request.method not in READING or not self.cookie_routes.matches("GET", request.url.path):
            return ANONYMOUS
        login = await run_in_threadpool(_resume, request.app.state.database, cookie)
        request.state.login = login  # the page needs it too (its forms' CSRF token): looked up once
        return login.principal if login else ANONYMOUS


READING = frozenset({"GET", "HEAD"})


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _resume(database: Database, cookie: str) -> logins.Login | None:
    with database.session() as session:
        return logins.resume(session, cookie)


def _routed(scope: Scope) -> bool:
    """Whether any route takes this path (with any method); the rest is left to answer 404."""
    return any(route.matches(dict(scope))[0] != Match.NONE for route in scope["app"].router.routes)


def document_security(app: FastAPI, public: RouteSet) -> None:
    """Name the bearer scheme in the OpenAPI document: required on every operation, optional on public ones."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()  # FastAPI keeps it as app.openapi_schema: changed once, here
        schema.setdefault("components", {}).setdefault("securitySchemes", {})["bearer"] = BEARER_SCHEME
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                required: list[dict] = [{"bearer": []}]
                operation["security"] = [{}, *required] if public.matches(method.upper(), path) else required
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
