"""No route gives a planner or the public anything person-level: every route of the app, with its
path filled with real ids of a seeded town, asked with every method as a planner and with no token.

A response may not hold a person reference, the id of a need, volunteer or match, or a person's
position: exact, rounded to 4 or 5 decimals (in either order, as GeoJSON or Leaflet writes it),
in RD New metres, or as the binary doubles of a GeoPackage. What a response repeats of the
request's own path (the problem's `instance`, a `self` link, "no area with id ...") is the caller's
own input, not a leak.
"""

import itertools
import re
import struct
import uuid
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from fastapi.routing import iter_route_contexts
from shapely.geometry import Point
from sqlmodel import select

from app import demo
from app.geo import RD_NEW, distance_m, from_wgs84
from app.models import ApiToken, Area, Asset, Match, Need, Offer, Organisation, Volunteer
from tests import factories

THEME = "sociaal_netwerk/ontmoeting"
# Residents at places no published asset is near (checked below), with references that stand out.
PEOPLE = {
    "needs": [("zz-need-1", 6.187654, 52.128642), ("zz-need-2", 6.193217, 52.133958),
              ("zz-need-3", 6.208371, 52.127649)],
    "volunteers": [("zz-vol-1", 6.191573, 52.126382), ("zz-vol-2", 6.196842, 52.139517)],
}  # fmt: skip
# A resident's gifts, listed by their choice at a public place (the community garden): public on purpose.
LISTED = factories.asset(factories.point(6.2012, 52.1301), name="Handige buur Ans", asset_type="individual",
                         subtype="buurtbewoner", support_level="sociaal_netwerk", themes=[THEME])  # fmt: skip
NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")
# Person references and ids are made of these characters, so each occurrence lies in a run of them.
WORD = re.compile(rb"[0-9a-z-]+")
DEGREES = 1e-4  # about 7 m east-west and 11 m north-south: what rounding to 4 decimals leaves
METRES = 10.0
QUERIES = {"/map/gaps": {"theme": THEME}}


@dataclass(frozen=True)
class Position:
    """A resident's place in the forms a response could carry it in."""

    wgs84: tuple[float, float]
    rd: tuple[float, float]
    doubles: tuple[bytes, bytes]

    @classmethod
    def of(cls, lon: float, lat: float) -> "Position":
        rd = from_wgs84(Point(lon, lat), RD_NEW)
        return cls((lon, lat), (rd.x, rd.y), (struct.pack("<d", lon), struct.pack("<d", lat)))


@dataclass(frozen=True)
class Town:
    refs: set[str]
    ids: set[str]
    places: list[tuple[float, float]]
    fill: dict[str, list[str]]  # path parameter -> real values to put in it

    @cached_property
    def texts(self) -> dict[bytes, str]:
        """Each person reference and id, also without its dashes -> itself."""
        texts = {form.encode(): text for text in self.refs | self.ids for form in (text, text.replace("-", ""))}
        assert all(WORD.fullmatch(form) for form in texts), "a person reference that WORD would not find"
        return texts

    @cached_property
    def positions(self) -> list[Position]:
        return [Position.of(lon, lat) for lon, lat in self.places]


def _builder_post(client, auth, url: str, body: dict) -> dict:
    response = client.post(url, json=body, headers=auth["builder"])
    assert response.status_code in (200, 201), response.text
    return response.json()


def _seed(client, auth, database) -> Town:
    """The demo town, the residents above with their matches, a batch run and a signal mark."""
    with database.session() as session:
        demo.load(session)
    made = {"listed": _builder_post(client, auth, "/api/v1/assets", LISTED)["id"]}
    for resource, people in PEOPLE.items():
        for ref, lon, lat in people:
            body = getattr(factories, resource[:-1])(factories.point(lon, lat), person_ref=ref, themes=[THEME])
            made[ref] = _builder_post(client, auth, f"/api/v1/{resource}", body)["id"]
    for ref, _, _ in PEOPLE["needs"]:
        assert client.get(f"/api/v1/needs/{made[ref]}/matches", headers=auth["builder"]).status_code == 200
    run = _builder_post(client, auth, "/api/v1/matching/runs", {"area": "WK999901"})
    _builder_post(client, auth, "/api/v1/signals/status", {"area_code": "BU99990101", "theme": THEME,
                                                            "status": "taken_up"})  # fmt: skip
    return _town(database, made, run["id"], _collections(client, auth))


def _collections(client, auth) -> list[str]:
    body = client.get("/ogc/collections", headers=auth["admin"]).json()
    return [collection["id"] for collection in body["collections"]]


def _town(database, made: dict[str, str], run_id: str, collections: list[str]) -> Town:
    with database.session() as session:
        people = [*session.exec(select(Need)), *session.exec(select(Volunteer))]
        matches = [str(m.id) for m in session.exec(select(Match))]
        assets = list(session.exec(select(Asset)))
        offer = str(session.exec(select(Offer.id)).first())
        organisation = str(session.exec(select(Organisation.id)).first())
        area = str(session.exec(select(Area.id).where(Area.code == "BU99990101")).one())
        token = str(session.exec(select(ApiToken.id)).first())
    places = [(lon, lat) for people_of in PEOPLE.values() for _, lon, lat in people_of]
    for asset in assets:  # else a published place could pass for a resident's
        assert all(distance_m(asset.geom.x, asset.geom.y, *place) > 30 for place in places)
    need, volunteer = made["zz-need-1"], made["zz-vol-1"]
    everything = [need, volunteer, made["listed"], offer, organisation, area]
    fill = {
        "need_id": [need], "match_id": matches[:1], "run_id": [run_id], "code": ["BU99990101", "WK999901", "GM9999"],
        "object_id": everything, "id": everything, "featureId": [*everything, "BU99990101", "WK999901", "GM9999"],
        "collectionId": collections, "person_ref": ["zz-need-1", "zz-vol-1"], "token_id": [token],
        "offer_id": [offer], "report_id": [str(uuid.uuid4())], "token": ["not-a-signed-token"],
        "kind": ["assets", "offers"],
    }  # fmt: skip
    return Town({p.person_ref for p in people}, {str(p.id) for p in people} | set(matches), places, fill)


def _requests(app, town: Town):
    """(method, path, query, values put in the path) for every route, filled every way the town allows;
    lists also as downloads."""
    operations = app.openapi()["paths"]
    for route in iter_route_contexts(app.routes):
        names = re.findall(r"{(\w+)(?::\w+)?}", route.path)
        if not route.methods or any(name not in town.fill for name in names):
            assert not route.methods, f"no ids to fill {route.path} with"
            continue
        for values in filter(_fits, itertools.product(*(town.fill[name] for name in names))):
            path = route.path
            for name, value in zip(names, values, strict=True):
                path = re.sub(r"{" + name + r"(?::\w+)?}", value, path)
            for method in sorted(route.methods - {"HEAD"}):
                query = QUERIES.get(route.path, {})
                operation = operations.get(route.path, {}).get(method.lower(), {})
                downloads = any(p["name"] == "f" for p in operation.get("parameters", []))
                for extra in ({}, {"f": "csv"}, {"f": "gpkg"}) if downloads else ({},):
                    yield method, path, {**query, **extra}, values


def _fits(values: tuple[str, ...]) -> bool:
    """A figures collection is asked for areas of its own level only: each answer costs its whole table."""
    if values and values[0].startswith("figures-") and len(values) == 2:
        return values[1][:2] == {"buurt": "BU", "wijk": "WK", "gemeente": "GM"}[values[0].removeprefix("figures-")]
    return True


def _near(numbers: np.ndarray, place: tuple[float, float], within: float) -> bool:
    """Two neighbouring numbers within `within` of the place, in either order."""
    (x, y), first, second = place, numbers[:-1], numbers[1:]
    in_order = (np.abs(first - x) <= within) & (np.abs(second - y) <= within)
    swapped = (np.abs(first - y) <= within) & (np.abs(second - x) <= within)
    return bool((in_order | swapped).any())


def _texts_in(content: bytes, texts: dict[bytes, str]) -> set[str]:
    """The texts that occur in the content: every window of every run of WORD characters, as long
    as some text, looked up at once (rather than the whole response searched once per text)."""
    lengths = {len(form) for form in texts}
    return {
        texts[run[start : start + length]]
        for run in set(WORD.findall(content))
        for length in lengths
        for start in range(len(run) - length + 1)
        if run[start : start + length] in texts
    }


def _without(content: bytes, echoed: list[str]) -> bytes:
    """The response without what the request itself said (its path and the ids in it)."""
    for text in echoed:
        content = content.replace(text.encode(), b"")
    return content


def _leaks(town: Town, content: bytes) -> list[str]:
    found = sorted(_texts_in(content, town.texts))
    numbers = np.array(NUMBER.findall(content), dtype=float)
    for place in town.positions:
        near = _near(numbers, place.wgs84, DEGREES) or _near(numbers, place.rd, METRES)
        if near or any(double in content for double in place.doubles):
            found.append(f"a resident's position near {place.wgs84[0]}, {place.wgs84[1]}")
    return found


def test_no_route_gives_a_planner_or_the_public_a_person_level_record_or_position(app, client, auth, database):
    town = _seed(client, auth, database)
    asked: dict[str, set[str]] = {"planner": set(), "anonymous": set()}
    for role, (method, path, query, values) in itertools.product(asked, list(_requests(app, town))):
        body = {} if method in ("POST", "PUT", "PATCH") else None
        response = client.request(method, path, params=query, json=body, headers=auth[role])
        leaks = _leaks(town, _without(response.content, [path, *values]))
        assert not leaks, f"{method} {path} {query} as {role} ({response.status_code}): {leaks}"
        if response.status_code == 200:
            asked[role].add(path)
    assert {"/api/v1/stats/areas", "/api/v1/signals", "/map/gaps", "/ogc/collections/figures-buurt/items"} <= asked[
        "planner"
    ]
    assert {"/map", "/map/assets.geojson", f"/api/v1/assets/{town.fill['object_id'][2]}"} <= asked["anonymous"]
