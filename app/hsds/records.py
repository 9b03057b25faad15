"""Our published rows as HSDS records: offers as services, assets as locations, organisations as organizations.

HSDS types its fields without null, so a field we have no value for is left out, never null.
"""

import re
from dataclasses import dataclass
from datetime import date

from app.hsds.ids import derived_id
from app.hsds.taxonomy import attributes
from app.models import Asset, Offer, Organisation
from app.taxonomy import Taxonomy

COSTS = {"gratis": "Gratis", "bijdrage": "Tegen een kleine bijdrage", "betaald": "Betaald"}
ACCESS = {
    "step_free": "Drempelvrij: ook met een rolstoel of rollator te bereiken",
    "accessible_toilet": "Aangepast toilet",
    "hearing_loop": "Ringleiding voor hoortoestellen",
    "prikkelarm": "Prikkelarm",
    "dementievriendelijk": "Dementievriendelijk",
}
POSTCODE = re.compile(r"\b\d{4} ?[A-Z]{2}\b")


@dataclass(frozen=True)
class PlacedOffer:
    """A published offer with the published place it is at and the organisation running that place."""

    offer: Offer
    asset: Asset
    organisation: Organisation | None


def service_fields(placed: PlacedOffer, today: date) -> dict:
    """The one-to-one fields of a service, as HSDS lists give them, with its organization."""
    offer, asset = placed.offer, placed.asset
    facets = offer.facets
    expired = offer.valid_until is not None and offer.valid_until < today
    record: dict = {"id": str(offer.id), "name": offer.title, "status": "inactive" if expired else "active"}
    record |= _present(
        organization_id=asset.organisation_id,
        description=offer.description,
        url=asset.website,
        email=asset.email,
        fees_description=COSTS.get(facets.get("cost") or ""),
        eligibility_description=_eligibility(facets.get("target_groups", [])),
        assured_date=offer.last_confirmed,
        last_modified=max(offer.updated_at, asset.updated_at),
    )
    if placed.organisation is not None:
        record["organization"] = organization(placed.organisation)
    return record


def service_details(placed: PlacedOffer, taxonomy: Taxonomy) -> dict:
    """What a fully nested service adds: its schedules, languages and themes."""
    offer = placed.offer
    owner = str(offer.id)
    return {
        "schedules": schedules(offer.schedule, "service_id", owner, offer.valid_until),
        "languages": languages(offer.facets, "service_id", owner),
        "attributes": attributes(taxonomy, owner, offer.themes),
    }


def service(placed: PlacedOffer, taxonomy: Taxonomy, today: date) -> dict:
    """A fully nested service, at its one place."""
    details = service_details(placed, taxonomy)
    return service_fields(placed, today) | details | {"service_at_locations": [place_of(placed)]}


def place_of(placed: PlacedOffer) -> dict:
    """An offer at its place: the offer is at one place only, so this shares the offer's id."""
    offer_id, asset = str(placed.offer.id), placed.asset
    return {"id": offer_id, "service_id": offer_id, "location_id": str(asset.id), "location": location(asset)}


def service_at_location(placed: PlacedOffer, taxonomy: Taxonomy, today: date, *, full: bool) -> dict:
    nested = service_fields(placed, today) | (service_details(placed, taxonomy) if full else {})
    return place_of(placed) | {"service": nested}


def location(asset: Asset) -> dict:
    point = asset.geom.centroid
    owner = str(asset.id)
    record = {
        "id": owner,
        "location_type": "physical",
        "name": asset.name,
        "latitude": round(point.y, 6),
        "longitude": round(point.x, 6),
        "accessibility": [
            {"id": derived_id("accessibility", owner, code), "location_id": owner, "description": ACCESS[code]}
            for code in asset.facets.get("accessibility", [])
            if code in ACCESS
        ],
        "schedules": schedules(asset.schedule, "location_id", owner, None),
        "languages": languages(asset.facets, "location_id", owner),
    }
    record |= _present(
        organization_id=asset.organisation_id,
        description=asset.description,
        url=asset.website,
    )
    if asset.address:
        record["addresses"] = [_address(asset)]
    if asset.phone:
        record["phones"] = [{"id": derived_id("phone", owner), "location_id": owner, "number": asset.phone}]
    return record


def organization(organisation: Organisation) -> dict:
    """The one-to-one fields of an organization."""
    return {
        "id": str(organisation.id),
        "name": organisation.name,
        "description": organisation.description,
        **_present(email=organisation.email, website=organisation.website),
    }


def organization_full(organisation: Organisation, places: list[Asset], services: list[dict]) -> dict:
    """An organization with its published places and the services given there."""
    record = organization(organisation) | {"locations": [location(asset) for asset in places], "services": services}
    if organisation.phone:
        owner = str(organisation.id)
        record["phones"] = [{"id": derived_id("phone", owner), "organization_id": owner, "number": organisation.phone}]
    return record


def schedules(periods: list[dict], owner_field: str, owner: str, valid_to: date | None) -> list[dict]:
    """Weekly opening periods as HSDS schedules; times are local (Europe/Amsterdam), which one offset cannot say."""
    unique = {(p["day"], p["opens"], p["closes"]): p for p in periods}
    return [
        {
            "id": derived_id("schedule", owner, day, opens, closes),
            owner_field: owner,
            "freq": "WEEKLY",
            "interval": 1,
            "wkst": "MO",
            "byday": day.upper(),
            "opens_at": opens,
            "closes_at": closes,
            "description": f"{opens}-{closes} Nederlandse tijd (Europe/Amsterdam)",
            **_present(valid_to=valid_to),
        }
        for day, opens, closes in unique
    ]


def languages(facets: dict, owner_field: str, owner: str) -> list[dict]:
    codes = facets.get("languages", [])
    return [{"id": derived_id("language", owner, code), owner_field: owner, "code": code} for code in codes]


def _eligibility(groups: list[str]) -> str | None:
    return "Voor " + ", ".join(group.replace("_", " ") for group in groups) if groups else None


def _address(asset: Asset) -> dict:
    """Our one-line address split the Dutch way: `street number, [postcode] town`.

    HSDS requires a postcode and a province; we store neither apart, so they may be empty.
    """
    street, _, town = asset.address.partition(",")
    postcode = POSTCODE.search(town)
    return {
        "id": derived_id("address", asset.id),
        "location_id": str(asset.id),
        "address_1": street.strip(),
        "city": POSTCODE.sub("", town).strip(),
        "state_province": "",
        "postal_code": postcode.group(0) if postcode else "",
        "country": "NL",
        "address_type": "physical",
    }


def _present(**values: object) -> dict:
    """The values given, as text (dates in ISO 8601), without the empty ones."""
    return {name: v.isoformat() if isinstance(v, date) else str(v) for name, v in values.items() if v}
