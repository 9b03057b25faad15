"""Open Referral HSDS 3.0, read only, at /hsds: published offers, places, organisations and themes.

Paths, parameters and paging as the HSDS OpenAPI (schema/openapi.json of the 3.0 specification) gives them.
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlmodel import Session

from app.api.deps import SessionDep, SettingsDep, TaxonomyDep
from app.config import Settings
from app.hsds import taxonomy as hsds_taxonomy
from app.hsds.paging import Paging, paging
from app.hsds.query import HsdsQuery, OrganizationQuery, ServiceAtLocationQuery, ServiceQuery, TaxonomyTermQuery
from app.store import hsds
from app.taxonomy import Taxonomy

HSDS_VERSION = "3.0"
router = APIRouter(prefix="/hsds", tags=["hsds"])


def _paging(query: HsdsQuery, settings: Settings) -> Paging:
    return paging(query.page, query.per_page, default=settings.default_page_size, maximum=settings.max_page_size)


def _add_stored(
    path: str,
    query_model: type[HsdsQuery],
    lister: Callable[[Session, Taxonomy, Any, Paging], dict],
    reader: Callable[[Session, Taxonomy, str], dict],
    noun: str,
) -> None:
    """The paged list and the read-by-id routes of one kind of stored record."""
    params: Any = Annotated[query_model, Query()]  # built at run time, for FastAPI to read

    @router.get(path, summary=f"{noun}s, paged", name=f"hsds_list_{path[1:]}")
    def list_records(session: SessionDep, taxonomy: TaxonomyDep, settings: SettingsDep, query: params) -> dict:
        return lister(session, taxonomy, query, _paging(query, settings))

    @router.get(f"{path}/{{id}}", summary=f"A fully nested {noun.lower()}", name=f"hsds_read_{path[1:]}")
    def read_record(id: str, session: SessionDep, taxonomy: TaxonomyDep) -> dict:
        return reader(session, taxonomy, id)


@router.get("/", summary="This API and its relation to HSDS")
def about(settings: SettingsDep) -> dict:
    return {
        "version": HSDS_VERSION,
        "openapi_url": f"{settings.public_url}/openapi.json",
        "description": "Nabij: published community assets and what they offer, as Open Referral HSDS 3.0 (read only)",
    }


_add_stored("/services", ServiceQuery, hsds.services, hsds.service, "Service (a published offer)")
_add_stored(
    "/service_at_locations",
    ServiceAtLocationQuery,
    hsds.service_at_locations,
    hsds.service_at_location,
    "Service at location (an offer at its place)",
)


@router.get("/organizations", summary="Organisations as HSDS organizations, paged")
def list_organizations(
    session: SessionDep, taxonomy: TaxonomyDep, settings: SettingsDep, query: Annotated[OrganizationQuery, Query()]
) -> dict:
    return hsds.organizations(session, taxonomy, query, _paging(query, settings))


@router.get("/organizations/{id}", summary="An organization with its locations and services")
def read_organization(id: str, session: SessionDep, taxonomy: TaxonomyDep, full_service: bool = False) -> dict:
    return hsds.organization(session, taxonomy, id, full_service=full_service)


@router.get("/taxonomies", summary="Our one taxonomy: life domains and their themes")
def list_taxonomies(taxonomy: TaxonomyDep, settings: SettingsDep, query: Annotated[HsdsQuery, Query()]) -> dict:
    return hsds_taxonomy.taxonomies_page(taxonomy, query, _paging(query, settings))


@router.get("/taxonomies/{id}", summary="A taxonomy")
def read_taxonomy(id: str, taxonomy: TaxonomyDep) -> dict:
    return hsds_taxonomy.taxonomy_by_id(taxonomy, id)


@router.get("/taxonomy_terms", summary="Life domains and their themes as taxonomy terms, paged")
def list_taxonomy_terms(
    taxonomy: TaxonomyDep, settings: SettingsDep, query: Annotated[TaxonomyTermQuery, Query()]
) -> dict:
    return hsds_taxonomy.terms_page(taxonomy, query, _paging(query, settings))


@router.get("/taxonomy_terms/{id}", summary="A taxonomy term")
def read_taxonomy_term(id: str, taxonomy: TaxonomyDep) -> dict:
    return hsds_taxonomy.term_by_id(taxonomy, id)
