"""GET /api/v1/geocode: a postcode and house number as a GeoJSON point, for community builders."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from app.api.deps import PrincipalDep, SessionDep, SettingsDep
from app.api.resource_routes import GEOJSON
from app.errors import NotFound
from app.store.access import EDITORS, require_role
from app.store.addresses import AddressPoint, describe, geocode, parsed_huisnummer

router = APIRouter(prefix="/geocode", tags=["addresses"])


def _builder(principal: PrincipalDep) -> None:
    # A dependency, so that an anonymous call is told 401 before its parameters are looked at.
    require_role(principal, EDITORS, "address lookup")


class GeocodeQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    postcode: str = Field(description="Dutch postcode; spaces and case do not matter", examples=["6731 BR"])
    huisnummer: str = Field(description="House number, a whole number from 1", examples=["99"])
    huisletter: str = Field("", description="House letter, if the address has one", examples=["a"])
    toevoeging: str = Field("", description="House number addition, if the address has one", examples=["2"])


class AddressProperties(BaseModel):
    postcode: str = Field(examples=["6731BR"])
    huisnummer: int
    huisletter: str
    toevoeging: str
    straat: str
    woonplaats: str
    label: str = Field(examples=["Arnhemseweg 99-2, 6731 BR Otterlo"])


class PointGeometry(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: tuple[float, float] = Field(description="WGS84 longitude, latitude")


class AddressFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    geometry: PointGeometry
    properties: AddressProperties


@router.get(
    "",
    summary="The point of a Dutch address",
    dependencies=[Depends(_builder)],
    response_model=AddressFeature,
    responses={200: {"content": {GEOJSON: {}}}},
)
def geocode_address(
    query: Annotated[GeocodeQuery, Query()], session: SessionDep, settings: SettingsDep
) -> JSONResponse:
    """The address's point (WGS84) from the imported BAG addresses, then, when `NABIJ_GEOCODER_URL`
    is set, from that online geocoder. Without a letter or addition, the address without them;
    if that does not exist, the only address at the number, if there is just one."""
    number = parsed_huisnummer(query.huisnummer)
    found = geocode(session, query.postcode, number, query.huisletter, query.toevoeging,
                    online_url=settings.geocoder_url, timeout_s=settings.geocoder_timeout_s)  # fmt: skip
    if found is None:
        asked = describe(query.postcode, number, query.huisletter, query.toevoeging)
        raise NotFound(f"no address {asked} is known; check the postcode and number, or add the letter or addition")
    return JSONResponse(_feature(found).model_dump(), media_type=GEOJSON)


def _feature(point: AddressPoint) -> AddressFeature:
    fields = {name: getattr(point, name) for name in AddressProperties.model_fields if name != "label"}
    properties = AddressProperties(**fields, label=point.label)
    return AddressFeature(geometry=PointGeometry(coordinates=(point.lon, point.lat)), properties=properties)
