"""Postcode and house number to a point: the local BAG addresses first, an online geocoder if configured.

Postcode, letter and addition are forgiving about spaces and case ("6733 eb", "a"). The parts given
must match. Of the parts left out (an empty letter or addition), the address without them wins:
"6731 BR 99" is number 99 itself, not 99-2. When that address does not exist and exactly one
address fits what was given, it is that one; when several fit, none is chosen and the caller is
told the address is unknown, so that nobody is placed at a neighbour's door by a guess.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.errors import InvalidInput
from app.models.address import HUISLETTER, KEY, MAX_HUISNUMMER, POSTCODE, TOEVOEGING, Address, squeezed
from app.store import locatieserver


@dataclass(frozen=True)
class AddressPoint:
    """An address with its WGS84 point."""

    postcode: str  # "6731BR"
    huisnummer: int
    huisletter: str  # "" when none
    toevoeging: str  # "" when none
    straat: str
    woonplaats: str
    lon: float
    lat: float

    @property
    def label(self) -> str:
        """The address as written on an envelope: "Dorpsstraat 12a-2, 6731 AB Otterlo"."""
        return f"{self.straat} {house_number(self.huisnummer, self.huisletter, self.toevoeging)}, " + (
            f"{spaced(self.postcode)} {self.woonplaats}"
        )


def normalised_postcode(text: str) -> str:
    """ "6733 eb" as "6733EB"; InvalidInput naming `postcode` for anything that is not a Dutch postcode."""
    postcode = squeezed(text)
    if not POSTCODE.match(postcode):
        raise InvalidInput.field("postcode", f"{text!r} is not a postcode like 6733 EB (four digits, two letters)")
    return postcode


def parsed_huisnummer(text: str) -> int:
    """A house number from a form or query string; InvalidInput naming `huisnummer` when it is none."""
    cleaned = text.strip()
    number = int(cleaned) if cleaned.isascii() and cleaned.isdigit() else 0
    if not 1 <= number <= MAX_HUISNUMMER:
        hint = "; a letter goes in huisletter" if cleaned[:1].isdigit() else ""
        raise InvalidInput.field("huisnummer", f"{text!r} is not a whole number from 1 to {MAX_HUISNUMMER}{hint}")
    return number


def lookup(
    session: Session, postcode: str, huisnummer: int, huisletter: str = "", toevoeging: str = ""
) -> AddressPoint | None:
    """The stored address, by the rules above; InvalidInput for a malformed postcode, number, letter or addition."""
    key = _key(postcode, huisnummer, huisletter, toevoeging)
    exact = session.exec(select(Address).where(*_where(*key))).first()
    if exact is not None:
        return _point(exact)
    postcode, huisnummer, huisletter, toevoeging = key
    fitting = session.exec(select(Address).where(*_where(postcode, huisnummer, huisletter or None, toevoeging or None)))
    return best_match([_point(row) for row in fitting.fetchmany(2)], huisletter, toevoeging)


def geocode(
    session: Session,
    postcode: str,
    huisnummer: int,
    huisletter: str = "",
    toevoeging: str = "",
    *,
    online_url: str = "",
    timeout_s: float = 3.0,
) -> AddressPoint | None:
    """`lookup`, then, when `online_url` is set and nothing is stored, a PDOK Locatieserver-compatible
    `free` endpoint by the same rules (Unavailable when it does not answer)."""
    found = lookup(session, postcode, huisnummer, huisletter, toevoeging)
    if found is not None or not online_url:
        return found
    postcode, huisnummer, huisletter, toevoeging = _key(postcode, huisnummer, huisletter, toevoeging)
    candidates = locatieserver.addresses(online_url, postcode, huisnummer, timeout_s=timeout_s)
    return best_match([AddressPoint(**fields) for fields in candidates], huisletter, toevoeging)


def best_match(candidates: Sequence[AddressPoint], huisletter: str, toevoeging: str) -> AddressPoint | None:
    """Of the addresses at one postcode and number: the one given, else the only one that fits, else None."""
    fitting = [c for c in candidates if huisletter in ("", c.huisletter) and toevoeging in ("", c.toevoeging)]
    for candidate in fitting:
        if (candidate.huisletter, candidate.toevoeging) == (huisletter, toevoeging):
            return candidate
    return fitting[0] if len(fitting) == 1 else None


def describe(postcode: str, huisnummer: int, huisletter: str = "", toevoeging: str = "") -> str:
    """An address asked for, as a person would write it: "6731 BR 99a-2"."""
    return f"{spaced(squeezed(postcode))} {house_number(huisnummer, squeezed(huisletter), squeezed(toevoeging))}"


def house_number(huisnummer: int, huisletter: str, toevoeging: str) -> str:
    return f"{huisnummer}{huisletter.lower()}{'-' + toevoeging if toevoeging else ''}"


def spaced(postcode: str) -> str:
    return f"{postcode[:4]} {postcode[4:]}"


def _key(postcode: str, huisnummer: int, huisletter: str, toevoeging: str) -> tuple[str, int, str, str]:
    letter, addition = squeezed(huisletter), squeezed(toevoeging)
    if not 1 <= huisnummer <= MAX_HUISNUMMER:
        raise InvalidInput.field("huisnummer", f"{huisnummer} is not a whole number from 1 to {MAX_HUISNUMMER}")
    if not HUISLETTER.match(letter):
        raise InvalidInput.field("huisletter", f"{huisletter!r} is not one letter")
    if not TOEVOEGING.match(addition):
        raise InvalidInput.field("toevoeging", f"{toevoeging!r} is not 1 to 4 letters or digits")
    return normalised_postcode(postcode), huisnummer, letter, addition


def _where(postcode: str, huisnummer: int, huisletter: str | None, toevoeging: str | None) -> list:
    """Conditions on the parts of an address; None leaves a part free."""
    pairs = zip(KEY, (postcode, huisnummer, huisletter, toevoeging), strict=True)
    return [col(getattr(Address, name)) == value for name, value in pairs if value is not None]


def _point(row: Address) -> AddressPoint:
    return AddressPoint(row.postcode, row.huisnummer, row.huisletter, row.toevoeging, row.straat, row.woonplaats,
                        row.lon, row.lat)  # fmt: skip
