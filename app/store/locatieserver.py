"""The online fallback: a PDOK Locatieserver-compatible `free` endpoint, asked only when configured.

It is sent a postcode and a house number, nothing about the person living there.
"""

import httpx
import shapely

from app.errors import Unavailable
from app.models.address import squeezed

FIELDS = "postcode huisnummer huisletter huisnummertoevoeging straatnaam woonplaatsnaam centroide_ll"
MAX_ROWS = 50  # addresses at one postcode and number: letters and additions


def addresses(url: str, postcode: str, huisnummer: int, *, timeout_s: float) -> list[dict]:
    """The addresses the service knows at a normalised postcode and number, as AddressPoint fields."""
    filters = ["type:adres", f"postcode:{postcode}", f"huisnummer:{huisnummer}"]
    try:
        response = httpx.get(url, params={"fq": filters, "fl": FIELDS, "rows": MAX_ROWS}, timeout=timeout_s)
        response.raise_for_status()
        documents = response.json()["response"]["docs"]
    except (httpx.HTTPError, ValueError, KeyError, TypeError) as error:
        raise Unavailable(f"the online geocoder did not answer ({type(error).__name__}); try again later") from error
    return [fields for document in documents if (fields := _fields(document)) is not None]


def _fields(document: dict) -> dict | None:
    """A document's address, or None when it lacks a part or a point."""
    try:
        point = shapely.from_wkt(document["centroide_ll"])
        return {
            "postcode": squeezed(document["postcode"]),
            "huisnummer": int(document["huisnummer"]),
            "huisletter": squeezed(document.get("huisletter")),
            "toevoeging": squeezed(document.get("huisnummertoevoeging")),
            "straat": document["straatnaam"],
            "woonplaats": document["woonplaatsnaam"],
            "lon": round(point.x, 7),
            "lat": round(point.y, 7),
        }
    except (KeyError, ValueError, TypeError, shapely.errors.ShapelyError):
        return None
