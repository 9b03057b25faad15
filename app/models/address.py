"""Dutch addresses (BAG) with their point: what turns a postcode and house number into a position.

An address is known by postcode, huisnummer, huisletter and toevoeging, stored in one normal
form (no spaces, capitals; "" for no letter or addition) so that a lookup is one index probe.
"""

import re
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import Float, Index, Integer, String, Table
from sqlmodel import Field, SQLModel

# The BAG's own limits: 1000 AA to 9999 ZZ, numbers 1 to 99999, one letter, an addition of 1 to 4.
POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
HUISLETTER = re.compile(r"^[A-Z]?$")
TOEVOEGING = re.compile(r"^[A-Z0-9]{0,4}$")
MAX_HUISNUMMER = 99_999
NAME_LENGTH = 80  # openbare ruimte and woonplaats names in the BAG
KEY = ("postcode", "huisnummer", "huisletter", "toevoeging")


class Address(SQLModel, table=True):
    if TYPE_CHECKING:  # what SQLModel sets on every table class
        __table__: ClassVar[Table]

    __tablename__ = "addresses"
    __table_args__ = (Index("uq_addresses_address", "postcode", "huisnummer", "huisletter", "toevoeging", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    postcode: str = Field(sa_type=String(6))  # "6733EB"
    huisnummer: int = Field(sa_type=Integer)
    huisletter: str = Field(default="", sa_type=String(1))
    toevoeging: str = Field(default="", sa_type=String(4))
    straat: str = Field(sa_type=String(NAME_LENGTH))
    woonplaats: str = Field(sa_type=String(NAME_LENGTH))
    lon: float = Field(sa_type=Float)  # WGS84
    lat: float = Field(sa_type=Float)
    source: str = Field(sa_type=String(100))


def squeezed(text: object) -> str:
    """Text without white space, in capitals: how postcodes, letters and additions compare."""
    if text is None:
        return ""
    return "".join(str(text).split()).upper()
