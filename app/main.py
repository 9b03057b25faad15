"""create_app(settings) builds the whole service; nothing is read from the environment at import."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text

from app import jobs
from app.api import API_VERSION, api_router, hsds, matching, ogc
from app.api.authentication import Authentication, document_security
from app.api.docs import add_docs
from app.api.middleware import ApiVersionHeader, BodySizeLimit
from app.api.problems import add_problem_handlers
from app.api.public import CHECKED_BY_ROUTE, LOGIN_PAGES, PUBLIC_ROUTES, RouteSet
from app.config import Settings
from app.db import Database
from app.maps.assets import NODE_MODULES, PACKAGES, VENDOR_PREFIX
from app.store import freshness
from app.store.catalogue import read_catalogue
from app.store.rate_limits import Limit
from app.taxonomy import load_taxonomy
from app.web import confirm as confirm_pages
from app.web import gap_maps, intake, login, manage, workbench
from app.web import maps as map_pages
from app.web.render import STATIC_DIR
from app.web.session import add_login_redirect

# An answer that fits TCP's first flight (ten segments, some 14 kB) arrives in one round trip either way:
# compressing it saves no wait, and costs both ends time (a need's matches: 0.4 ms a request).
GZIP_FROM_BYTES = 14_000
# zlib's own default: 10k assets of GeoJSON (2.5 MB) compress four times faster than at Starlette's 9,
# to an answer 2 % larger.
GZIP_LEVEL = 6
DESCRIPTION = (
    "Nabij stores a neighbourhood's places and people as geodata and proposes, for each need, "
    "nearby community assets: informal first. Spatial resources are GeoJSON (RFC 7946, WGS84)."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.database = Database(
            settings.database_url,
            busy_timeout_ms=settings.sqlite_busy_timeout_ms,
            session_info=freshness.session_info(settings),
        )
        timers = jobs.start(settings, app.state.database)
        read_catalogue(app.state.database)
        # What start-up built (routes, models, taxonomy, the offer catalogue: some 200k objects and one per
        # offer) lives as long as the service.
        # Frozen, the collector's full passes skip it: each would otherwise walk it all, 100 ms or more.
        gc.freeze()
        yield
        gc.unfreeze()
        for timer in timers:
            timer.cancel()
        app.state.database.dispose()

    app = FastAPI(
        title="Nabij",
        version=API_VERSION,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        servers=[{"url": settings.public_url}],
        contact={"name": "Nabij maintainers", "url": settings.public_url},
    )
    app.state.settings = settings
    app.state.taxonomy = load_taxonomy(settings.themes_file)
    add_problem_handlers(app)
    add_middleware(app, settings)

    # First of all routes: routes are tried in order, and load balancers ask this one most.
    @app.get("/health", tags=["health"], summary="Is the service up, and on which backend")
    def health() -> dict:
        database: Database = app.state.database
        with database.reading() as connection:  # a read: never waits behind a writer for the lock
            connection.execute(text("SELECT 1"))
        return {"status": "ok", "backend": database.backend, "version": API_VERSION}

    app.include_router(matching.look_router)
    app.include_router(api_router())
    app.include_router(ogc.router)
    app.include_router(hsds.router)
    app.include_router(map_pages.router)
    app.include_router(gap_maps.router)
    app.include_router(confirm_pages.router)
    app.include_router(login.router)
    app.include_router(manage.router)
    app.include_router(intake.router)  # before the workbench: /needs/new is not a need's id
    app.include_router(workbench.router)
    add_login_redirect(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for package in PACKAGES:  # the map pages' scripts, from npm (see package.json); checked when a page is asked
        app.mount(f"{VENDOR_PREFIX}/{package}", StaticFiles(directory=NODE_MODULES / package, check_dir=False))
    add_docs(app)
    document_security(app, RouteSet(PUBLIC_ROUTES))

    return app


def add_middleware(app: FastAPI, settings: Settings) -> None:
    """From the outside in: compression, the version header, CORS, the body limit, the caller."""
    failures = Limit("token", settings.token_failure_limit, settings.token_failure_window_s)
    login_pages = RouteSet(LOGIN_PAGES)
    app.add_middleware(
        Authentication, open_routes=RouteSet(PUBLIC_ROUTES | LOGIN_PAGES), limit=failures, cookie_routes=login_pages,
        checked_by_route=RouteSet(CHECKED_BY_ROUTE),
    )  # fmt: skip
    imports_limit = {"/api/v1/imports": settings.max_import_bytes}
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, for_paths=imports_limit)
    if settings.cors_origins:  # CORS answers preflights itself: they carry no token
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=settings.cors_allow_credentials,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Content-Crs"],
            expose_headers=["API-Version", "Content-Crs", "Retry-After"],
            max_age=600,
        )
    app.add_middleware(ApiVersionHeader, version=API_VERSION)
    # Lists and map layers compress well (10k assets of GeoJSON: about 3 MB); for clients that ask.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_FROM_BYTES, compresslevel=GZIP_LEVEL)
