"""create_app(settings) builds the whole service; nothing is read from the environment at import."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text

from app import jobs
from app.api import API_VERSION, api_router, hsds, ogc
from app.api.docs import add_docs
from app.api.middleware import ApiVersionHeader, BodySizeLimit
from app.api.problems import add_problem_handlers
from app.config import Settings
from app.db import Database
from app.maps.assets import NODE_MODULES, PACKAGES, VENDOR_PREFIX
from app.taxonomy import load_taxonomy
from app.web import gap_maps
from app.web import maps as map_pages

GZIP_FROM_BYTES = 1000
DESCRIPTION = (
    "Nabij stores a neighbourhood's places and people as geodata and proposes, for each need, "
    "nearby community assets: informal first. Spatial resources are GeoJSON (RFC 7946, WGS84)."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.database = Database(settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
        timers = jobs.start(settings, app.state.database)
        yield
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
    imports_limit = {"/api/v1/imports": settings.max_import_bytes}
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, for_paths=imports_limit)
    app.add_middleware(ApiVersionHeader, version=API_VERSION)
    # Lists and map layers compress well (10k assets of GeoJSON: about 3 MB); for clients that ask.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_FROM_BYTES)
    app.include_router(api_router())
    app.include_router(ogc.router)
    app.include_router(hsds.router)
    app.include_router(map_pages.router)
    app.include_router(gap_maps.router)
    for package in PACKAGES:  # the map pages' scripts, from npm (see package.json); checked when a page is asked
        app.mount(f"{VENDOR_PREFIX}/{package}", StaticFiles(directory=NODE_MODULES / package, check_dir=False))
    add_docs(app)

    @app.get("/health", tags=["health"], summary="Is the service up, and on which backend")
    def health() -> dict:
        database: Database = app.state.database
        with database.session() as session:
            session.execute(text("SELECT 1"))
        return {"status": "ok", "backend": database.backend, "version": API_VERSION}

    return app
