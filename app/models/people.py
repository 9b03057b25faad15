"""What volunteers and needs share: personal data about a resident, held under a recorded basis."""

from pydantic import BaseModel
from pydantic import Field as PydanticField
from sqlalchemy import String
from sqlmodel import Field

from app.models.base import (
    LegalBasis,
    Mode,
    Patch,
    PersonRef,
    SpatialTable,
    Strict,
    enum_column,
)

Purpose = PydanticField(default="matching", min_length=1, max_length=200)


class PersonalRecord(SpatialTable):
    """A resident's record: pseudonymous reference, never a name; purpose and legal basis kept."""

    person_ref: str = Field(sa_type=String(64), index=True)
    mode: str = enum_column(Mode, Mode.walk)
    purpose: str = Field(default="matching", sa_type=String(200))
    legal_basis: str = enum_column(LegalBasis, LegalBasis.consent)


class PersonalProperties(BaseModel):
    model_config = Strict
    person_ref: PersonRef
    mode: Mode = Mode.walk
    purpose: str = Purpose
    legal_basis: LegalBasis = LegalBasis.consent


class PersonalPatch(Patch):
    """What may change in any resident's record."""

    person_ref: PersonRef | None = None
    mode: Mode | None = None
    purpose: str | None = PydanticField(default=None, min_length=1, max_length=200)
    legal_basis: LegalBasis | None = None
