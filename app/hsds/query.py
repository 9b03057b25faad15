"""Query parameters of the HSDS endpoints, named as the HSDS OpenAPI names them.

Unknown parameters are refused, and so are the HSDS parameters we do not support, each with a reason.
"""

import uuid
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_PAGE = 1_000_000  # keeps the SQL offset far within a 64-bit integer


class HsdsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1")
    per_page: int | None = Field(None, ge=1, description="Items per page: 100 unless asked, 1000 at most (settings)")
    search: str | None = Field(None, min_length=1, max_length=200, description="Text in a name or description")
    format: str = Field("json", description="Only `json`; `ndjson` is not supported")

    @field_validator("format")
    @classmethod
    def _json_only(cls, value: str) -> str:
        if value != "json":
            raise ValueError("only json is supported; ndjson is not")
        return value


class ServiceFilters(HsdsQuery):
    taxonomy_term_id: str | None = Field(None, description="A term id; a life domain covers its themes")
    taxonomy_id: str | None = Field(None, description="The id of our one taxonomy: services with any theme")
    organization_id: uuid.UUID | None = None
    modified_after: datetime | None = Field(None, description="ISO 8601 (UTC unless a zone is given)")
    full: bool = Field(False, description="Fully nested records, as GET …/{id} gives them")

    @field_validator("modified_after")
    @classmethod
    def _in_utc(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ServiceQuery(ServiceFilters):
    minimal: bool = Field(False, description="Not supported")

    @field_validator("minimal")
    @classmethod
    def _not_minimal(cls, value: bool) -> bool:
        if value:
            raise ValueError("not supported: the HSDS service list requires a name and status with every id")
        return value


class ServiceAtLocationQuery(ServiceFilters):
    postcode: str | None = Field(None, description="Not supported")
    proximity: str | None = Field(None, description="Not supported")

    @field_validator("postcode", "proximity")
    @classmethod
    def _no_postcodes(cls, value: str | None) -> str | None:
        if value is not None:
            raise ValueError("not supported: Nabij holds no postcode areas (try /api/v1/offers?near=lon,lat)")
        return value


class OrganizationQuery(HsdsQuery):
    full: bool = Field(False, description="Fully nested organizations, with their locations and services")
    full_service: bool = Field(False, description="With `full`: each service fully nested")


class TaxonomyTermQuery(HsdsQuery):
    taxonomy_id: str | None = None
    top_only: bool = Field(False, description="Only top-level terms: the life domains")
    parent_id: str | None = Field(None, description="Only the terms directly under this term")
