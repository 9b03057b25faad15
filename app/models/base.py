"""Shared vocabulary and building blocks of the tables: ids, time stamps, facets, schedules."""

import re
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    HttpUrl,
    PlainSerializer,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic import Field as PydanticField
from sqlalchemy import JSON, Float, Index, String, Table
from sqlmodel import Field, SQLModel

from app.db.types import Geometry, UTCDateTime

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class AssetType(StrEnum):
    individual = "individual"
    association = "association"
    institution = "institution"
    physical = "physical"
    economic = "economic"
    culture = "culture"


class SupportLevel(StrEnum):
    """The Wmo 2015 cascade, informal first."""

    eigen_kracht = "eigen_kracht"
    sociaal_netwerk = "sociaal_netwerk"
    vereniging = "vereniging"
    algemene_voorziening = "algemene_voorziening"
    maatwerk = "maatwerk"


class PublicationStatus(StrEnum):
    draft = "draft"
    published = "published"
    archived = "archived"


class Mode(StrEnum):
    walk = "walk"
    bike = "bike"
    car = "car"
    home = "home"


class Day(StrEnum):
    mo = "mo"
    tu = "tu"
    we = "we"
    th = "th"
    fr = "fr"
    sa = "sa"
    su = "su"


class PartOfDay(StrEnum):
    morning = "morning"
    afternoon = "afternoon"
    evening = "evening"


class Cost(StrEnum):
    gratis = "gratis"
    bijdrage = "bijdrage"
    betaald = "betaald"


class Accessibility(StrEnum):
    step_free = "step_free"
    accessible_toilet = "accessible_toilet"
    hearing_loop = "hearing_loop"
    prikkelarm = "prikkelarm"
    dementievriendelijk = "dementievriendelijk"


class TargetGroup(StrEnum):
    iedereen = "iedereen"
    jeugd = "jeugd"
    jongeren = "jongeren"
    gezinnen = "gezinnen"
    ouderen = "ouderen"
    mantelzorgers = "mantelzorgers"
    nieuwkomers = "nieuwkomers"
    mensen_met_een_beperking = "mensen_met_een_beperking"


class LegalBasis(StrEnum):
    """The grounds of article 6 GDPR (AVG) on which personal data is processed."""

    consent = "consent"
    contract = "contract"
    legal_obligation = "legal_obligation"
    vital_interests = "vital_interests"
    public_task = "public_task"
    legitimate_interests = "legitimate_interests"


_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def _language_codes(values: list[str]) -> list[str]:
    for value in values:
        if not _LANGUAGE.match(value):
            raise ValueError(f"{value!r} is not an ISO 639 language code such as 'nl' or 'ar'")
    return list(dict.fromkeys(values))


# Enums as their plain string values, so that dumped values go to the database as they are.
Strict = ConfigDict(extra="forbid", use_enum_values=True)
LanguageCodes = Annotated[list[str], AfterValidator(_language_codes)]
Name = Annotated[str, PydanticField(min_length=1, max_length=200)]
LongText = Annotated[str, PydanticField(max_length=4000)]
Phone = Annotated[str, PydanticField(pattern=r"^\+?[0-9 ()-]{6,20}$", examples=["+31 20 123 4567"])]
Subtype = Annotated[str, PydanticField(max_length=80)]
Address = Annotated[str, PydanticField(max_length=300)]
WebAddress = Annotated[HttpUrl, AfterValidator(str), PlainSerializer(str, return_type=str)]
PERSON_REF = r"^[A-Za-z0-9_.:-]+$"  # a pseudonymous reference: letters, digits and . _ : -
PersonRef = Annotated[str, PydanticField(min_length=1, max_length=64, pattern=PERSON_REF)]


class Facets(BaseModel):
    """Who an offer is for and what it asks of a visitor; for a need, what it requires."""

    model_config = Strict
    target_groups: list[TargetGroup] = []
    cost: Cost | None = None
    languages: LanguageCodes = []
    accessibility: list[Accessibility] = []


_CLOCK = r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$"


class OpeningPeriod(BaseModel):
    """One weekly period: a day and local clock times, `closes` after `opens`."""

    model_config = Strict
    day: Day
    opens: str = PydanticField(pattern=_CLOCK, examples=["13:30"])
    closes: str = PydanticField(pattern=_CLOCK, examples=["16:00"])

    @model_validator(mode="after")
    def _closes_after_opens(self) -> "OpeningPeriod":
        if self.closes <= self.opens:
            raise ValueError(f"closes ({self.closes}) must be later than opens ({self.opens})")
        return self


class TimeSlot(BaseModel):
    """A day and part of the day when a need occurs or a volunteer is available."""

    model_config = Strict
    day: Day
    part: PartOfDay


class Patch(BaseModel):
    """A partial update: fields left out stay as they are; null only where a field may be empty."""

    model_config = Strict
    nullable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _no_null_for_required(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.nullable:
            raise ValueError("may not be null; leave the field out to keep it as it is")
        return value


class TimestampedTable(SQLModel):
    """A random UUID as public id, and when the row was made and last changed."""

    if TYPE_CHECKING:  # what SQLModel sets on every table class
        __table__: ClassVar[Table]
        __tablename__: ClassVar[str]

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SpatialTable(TimestampedTable):
    """A WGS84 geometry with its bounding box kept beside it for the SQLite index."""

    __point_geometry__: ClassVar[bool] = True
    geom: Any = Field(sa_type=Geometry)
    min_x: float = Field(sa_type=Float)
    min_y: float = Field(sa_type=Float)
    max_x: float = Field(sa_type=Float)
    max_y: float = Field(sa_type=Float)


def add_spatial_indexes(model: type[SpatialTable]) -> None:
    """The box index every backend uses, and the GiST index PostGIS answers from."""
    table = model.__table__
    Index(f"ix_{table.name}_bbox", table.c.min_y, table.c.min_x, table.c.max_y, table.c.max_x)
    Index(f"gix_{table.name}_geom", table.c.geom, postgresql_using="gist").ddl_if(dialect="postgresql")


def enum_column(enum: type[StrEnum], default: StrEnum | None = None) -> Any:
    """A string column for an enum: plain strings keep migrations free of database enum types."""
    return Field(default=default, sa_type=String(max(len(v) for v in enum) + 8), nullable=False)


def json_column(**kwargs: Any) -> Any:
    return Field(sa_type=JSON, nullable=False, **kwargs)
