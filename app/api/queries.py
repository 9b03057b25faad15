"""Query parameters of the list endpoints; unknown parameters are refused, not ignored."""

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.api.downloads import FORMAT_HELP, Format
from app.config import Settings
from app.errors import InvalidInput
from app.models.area import AreaCode
from app.models.base import AssetType, Mode, PublicationStatus, SupportLevel
from app.models.need import NeedStatus
from app.models.volunteer import VolunteerStatus
from app.store.listing import ListQuery

SHARED = {"limit", "offset", "bbox", "near", "radius", "area", "theme", "filter_crs"}


class PageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, use_enum_values=True)
    limit: int | None = Field(None, ge=1, description="Page size; the server caps it (higher for downloads)")
    offset: int = Field(0, ge=0, le=2**31)  # far larger ones overflow the database's integers
    f: Format = Field("json", description=FORMAT_HELP)


class SpatialQuery(PageQuery):
    bbox: str | None = Field(None, description="west,south,east,north", examples=["6.05,52.2,6.15,52.3"])
    near: str | None = Field(None, description="longitude,latitude; sorts by distance", examples=["6.1,52.25"])
    radius: float | None = Field(None, gt=0, le=100_000, description="Metres around `near`; default 1000")
    area: AreaCode | None = Field(None, description="CBS code of a gemeente, wijk or buurt")
    filter_crs: str | None = Field(
        None, alias="filter-crs", description="CRS of bbox and near: EPSG:4326 (default) or EPSG:28992"
    )


class AreaQuery(SpatialQuery):
    level: Literal["gemeente", "wijk", "buurt"] | None = None
    parent: AreaCode | None = None


class AssetQuery(SpatialQuery):
    type: AssetType | None = Field(None, description="ABCD asset type")
    theme: str | None = Field(None, description="Theme or life domain code")
    support_level: SupportLevel | None = None
    status: PublicationStatus | None = None
    organisation: uuid.UUID | None = None


class OfferQuery(SpatialQuery):
    theme: str | None = None
    status: PublicationStatus | None = None
    asset: uuid.UUID | None = None


class VolunteerQuery(SpatialQuery):
    theme: str | None = None
    status: VolunteerStatus | None = None
    mode: Mode | None = None
    person_ref: str | None = None


class NeedQuery(SpatialQuery):
    theme: str | None = None
    status: NeedStatus | None = None
    mode: Mode | None = None
    person_ref: str | None = None


def list_query(query: PageQuery, settings: Settings) -> ListQuery:
    """The core's view of the parameters, with the page size defaulted and capped."""
    values = query.model_dump(exclude_none=True)
    answer_in_json = values.pop("f") == "json"
    most = settings.max_page_size if answer_in_json else settings.max_export_rows
    limit = values.pop("limit", settings.default_page_size if answer_in_json else most)
    if limit > most:
        raise InvalidInput.field("limit", f"at most {most}")
    shared = {name: values.pop(name) for name in SHARED & values.keys()}
    return ListQuery(limit=limit, **shared, equals=values)
