"""Areas: CBS gemeente, wijk and buurt polygons, keyed by their CBS code."""

from typing import Annotated, ClassVar

from pydantic import BaseModel
from pydantic import Field as PydanticField
from sqlalchemy import String
from sqlmodel import Field

from app.models.base import Name, Patch, PublicationStatus, SpatialTable, Strict, enum_column

# Gemeente digits, then wijk and buurt parts; Amsterdam's carry letters since 2022 (BU0363AA01).
CBS_CODE = r"^(GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$"
AreaCode = Annotated[str, PydanticField(pattern=CBS_CODE, examples=["BU03630000"])]
LEVELS = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}


def level_of(code: str) -> str:
    """`gemeente`, `wijk` or `buurt`, from the code's prefix."""
    return LEVELS[code[:2]]


def parent_fits(code: str, parent_code: str) -> bool:
    """A wijk lies in a gemeente and a buurt in a wijk, and CBS codes nest by their digits."""
    expected = {"WK": "GM", "BU": "WK"}.get(code[:2])
    return expected == parent_code[:2] and code[2:].startswith(parent_code[2:])


class Area(SpatialTable, table=True):
    __tablename__ = "areas"
    __point_geometry__: ClassVar[bool] = False
    code: str = Field(sa_type=String(10), unique=True, index=True)
    name: str = Field(sa_type=String(200))
    level: str = Field(sa_type=String(10), index=True)
    parent_code: str | None = Field(default=None, sa_type=String(10), index=True)
    status: str = enum_column(PublicationStatus, PublicationStatus.published)
    source: str | None = Field(default=None, sa_type=String(100))
    source_id: str | None = Field(default=None, sa_type=String(100))


class AreaProperties(BaseModel):
    model_config = Strict
    code: AreaCode
    name: Name
    parent_code: AreaCode | None = None
    status: PublicationStatus = PublicationStatus.published


class AreaPatch(Patch):
    nullable = frozenset({"parent_code"})
    name: Name | None = None
    parent_code: AreaCode | None = None
    status: PublicationStatus | None = None
