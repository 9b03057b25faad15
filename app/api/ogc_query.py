"""Query parameters of the OGC API Features routes, and the route class that answers 400 to bad ones."""

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.api.problems import invalid_params, summary
from app.errors import InvalidInput, InvalidQuery
from app.geo import RD_NEW, WGS84

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
RD_NEW_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
# The CRSs a client may ask for, by URI, with the EPSG code app.geo works in (CRS84 is lon/lat, as stored).
CRS_CODES = {CRS84: WGS84, RD_NEW_URI: RD_NEW}
DEFAULT_LIMIT = 10
MAX_LIMIT = 10_000


def _supported_crs(value: str) -> str:
    if value not in CRS_CODES:
        raise ValueError(f"unsupported CRS {value!r}; use one of {', '.join(CRS_CODES)}")
    return value


def _instant(text: str) -> datetime | None:
    """One end of a `datetime` value: an RFC 3339 date-time, or None for an open end (`..` or empty)."""
    if text in ("", ".."):
        return None
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not an RFC 3339 date-time such as 2026-03-01T12:00:00Z") from None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


class FeatureQuery(BaseModel):
    """What one feature takes: the CRS of its coordinates."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    crs: str = Field(CRS84, description=f"CRS of the coordinates in the response: {CRS84} or {RD_NEW_URI}")

    _crs = field_validator("crs")(_supported_crs)


class ItemsQuery(FeatureQuery):
    """What a page of features takes; anything else is refused (OGC /req/core/query-param-unknown)."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Features per page")
    offset: int = Field(0, ge=0, description="Features to skip; the `next` and `prev` links carry it")
    bbox: str | None = Field(
        None, description="west,south,east,north in `bbox-crs`: features whose box overlaps it",
        examples=["6.18,52.12,6.22,52.14"],
    )  # fmt: skip
    bbox_crs: str = Field(CRS84, alias="bbox-crs", description=f"CRS of `bbox`: {CRS84} or {RD_NEW_URI}")
    period: str | None = Field(
        None, alias="datetime", description="An RFC 3339 date-time or interval (`start/end`, `..` for an open end). "
        "No collection has a time dimension yet, so every feature matches (OGC /req/core/fc-time-response C).",
    )  # fmt: skip

    _bbox_crs = field_validator("bbox_crs")(_supported_crs)

    @field_validator("period")
    @classmethod
    def _interval(cls, value: str | None) -> str | None:
        if value is None:
            return None
        ends = [_instant(part) for part in value.split("/")]
        if len(ends) > 2 or all(end is None for end in ends):
            raise ValueError("expected a date-time, or start/end with at most one end open ('..')")
        start, end = ends[0], ends[-1]
        if start is not None and end is not None and start > end:
            raise ValueError("the interval ends before it starts")
        return value


class OgcRoute(APIRoute):
    """OGC API Features wants 400 for a bad query parameter (/req/core/query-param-invalid) where the
    rest of Nabij answers 422: this route turns both a failed validation and the core's InvalidInput
    into a 400 problem naming the same parameters. The OGC routes take no body, so every such error
    is about the query."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as error:
                invalid = invalid_params(error)
                raise InvalidQuery(summary(invalid), invalid) from error
            except InvalidInput as error:
                raise InvalidQuery(error.detail, error.invalid_params) from error

        return answer
