"""The REST API under /api/v1: one router per resource, plus themes."""

from fastapi import APIRouter

from app.api import audit, freshness, gaps, geocode, imports, matching, people, signals, stats, themes, tokens
from app.api.queries import AreaQuery, AssetQuery, NeedQuery, OfferQuery, PageQuery, VolunteerQuery
from app.api.resource_routes import resource_router
from app.models.area import AreaPatch, AreaProperties
from app.models.asset import AssetPatch, AssetProperties
from app.models.need import NeedPatch, NeedProperties
from app.models.offer import OfferCreate, OfferPatch
from app.models.organisation import OrganisationCreate, OrganisationPatch
from app.models.volunteer import VolunteerPatch, VolunteerProperties
from app.store import resources

API_VERSION = "1.0.0"


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1")
    router.include_router(themes.router)
    router.include_router(matching.router)
    router.include_router(imports.router)
    router.include_router(stats.router)
    router.include_router(gaps.router)
    router.include_router(signals.router)
    router.include_router(tokens.router)
    router.include_router(freshness.router)
    router.include_router(people.router)
    router.include_router(audit.router)
    router.include_router(geocode.router)
    for resource, create, patch, query in (
        (resources.AREAS, AreaProperties, AreaPatch, AreaQuery),
        (resources.ORGANISATIONS, OrganisationCreate, OrganisationPatch, PageQuery),
        (resources.ASSETS, AssetProperties, AssetPatch, AssetQuery),
        (resources.OFFERS, OfferCreate, OfferPatch, OfferQuery),
        (resources.VOLUNTEERS, VolunteerProperties, VolunteerPatch, VolunteerQuery),
        (resources.NEEDS, NeedProperties, NeedPatch, NeedQuery),
    ):
        router.include_router(resource_router(resource, create=create, patch=patch, query=query))
    return router
