"""Every bad input answers 4xx application/problem+json naming the field, and a refused write changes nothing."""

import json
import math
import uuid

import pytest

from tests import factories
from tests.factories import point, square

API = "/api/v1"
PROBLEM = "application/problem+json"
RD = "EPSG:28992"
AMERSFOORT_RD = (155000, 463000)  # the origin of RD New, in Amersfoort
AMERSFOORT = (5.38721, 52.15517)
BOW_TIE = [[6.19, 52.12], [6.21, 52.14], [6.21, 52.12], [6.19, 52.14], [6.19, 52.12]]
UNCLOSED = [[6.19, 52.12], [6.21, 52.12], [6.21, 52.14], [6.19, 52.14]]
RING_OF_3 = [[6.19, 52.12], [6.21, 52.12], [6.19, 52.12]]
UNKNOWN_ID = str(uuid.uuid4())
DRAFTS = {
    "areas": factories.area,
    "assets": factories.asset,
    "volunteers": factories.volunteer,
    "needs": factories.need,
    "organisations": factories.organisation,
}


def polygon(ring: list) -> dict:
    return {"type": "Polygon", "coordinates": [ring]}


def send(client, method: str, url: str, body: dict | str, headers: dict):
    """The body as raw JSON text, so that NaN and Infinity reach the server as written."""
    text = body if isinstance(body, str) else json.dumps(body)
    return client.request(method, url, content=text, headers={"Content-Type": "application/json", **headers})


def assert_problem(response, status: int, field: str, text: str = "") -> None:
    """A problem+json body whose detail and one of whose invalidParams names `field` (a dotted path)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert field in body["detail"], body
    assert text.lower() in body["detail"].lower(), body
    names = [param["name"] for param in body.get("invalidParams", [])]
    assert any(f".{field}." in f".{name}." for name in names), body


def create(client, headers: dict, resource: str) -> dict:
    body = factories.offer(create(client, headers, "assets")["id"]) if resource == "offers" else DRAFTS[resource]()
    response = send(client, "POST", f"{API}/{resource}", body, headers)
    assert response.status_code == 201, response.text
    return response.json()


def count(client, headers: dict, resource: str) -> int:
    response = client.get(f"{API}/{resource}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["numberMatched"]


# id: (resource, body, field named, text in the detail); "ASSET_ID" stands for a stored asset's id.
CREATE_CASES = {
    "longitude-200-out-of-range": ("assets", factories.asset(point(200, 52.1)), "geometry.coordinates", "range"),
    "latitude-minus-95-out-of-range": ("assets", factories.asset(point(6.2, -95)), "geometry.coordinates", "range"),
    "nan-longitude": ("assets", factories.asset(point(math.nan, 52.1)), "geometry.coordinates", "finite"),
    "infinite-latitude": ("assets", factories.asset(point(6.2, math.inf)), "geometry.coordinates", "finite"),
    "nan-in-volunteer": ("volunteers", factories.volunteer(point(6.2, math.nan)), "geometry.coordinates", "finite"),
    "minus-infinity-in-need": ("needs", factories.need(point(-math.inf, 52.1)), "geometry.coordinates", "finite"),
    "swapped-lat-lon": ("assets", factories.asset(point(52.13, 6.2)), "geometry.coordinates", "swapped"),
    "swapped-lat-lon-need": ("needs", factories.need(point(52.13, 6.2)), "geometry.coordinates", "swapped"),
    "paris-outside-region": ("assets", factories.asset(point(2.35, 48.85)), "geometry.coordinates", "outside"),
    "area-outside-region": ("areas", factories.area(geometry=square(2.3, 48.8)), "geometry.coordinates", "outside"),
    "position-of-1-number": (
        "assets",
        factories.asset({"type": "Point", "coordinates": [6.2]}),
        "geometry.coordinates",
        "",
    ),
    "position-of-4-numbers": (
        "assets",
        factories.asset({"type": "Point", "coordinates": [6.2, 52.1, 0, 1]}),
        "geometry.coordinates",
        "2 or 3 numbers",
    ),
    "strings-as-coordinates": ("assets", factories.asset(point("6.2", "52.1")), "geometry.coordinates", ""),
    "booleans-as-coordinates": ("assets", factories.asset(point(True, 52.1)), "geometry.coordinates", ""),
    "point-without-coordinates": ("assets", factories.asset({"type": "Point"}), "geometry.coordinates", ""),
    "geometry-not-an-object": ("assets", factories.asset("6.2,52.1"), "geometry", ""),
    "polygon-for-asset": ("assets", factories.asset(square(6.19, 52.12)), "geometry.type", "Polygon"),
    "linestring-for-volunteer": (
        "volunteers",
        factories.volunteer({"type": "LineString", "coordinates": [[6.2, 52.13], [6.21, 52.14]]}),
        "geometry.type",
        "LineString",
    ),
    "point-for-area": ("areas", factories.area(geometry=point()), "geometry.type", "Point"),
    "bow-tie-polygon": ("areas", factories.area(geometry=polygon(BOW_TIE)), "geometry", "Self-intersection"),
    "unclosed-ring": ("areas", factories.area(geometry=polygon(UNCLOSED)), "geometry.coordinates", "closed"),
    "ring-of-3-positions": ("areas", factories.area(geometry=polygon(RING_OF_3)), "geometry.coordinates", "4"),
    "polygon-without-rings": (
        "areas",
        factories.area(geometry={"type": "Polygon", "coordinates": []}),
        "geometry.coordinates",
        "empty",
    ),
    "not-a-feature": ("assets", {**factories.asset(), "type": "Point"}, "type", ""),
    "unknown-theme-asset": ("assets", factories.asset(themes=["nope"]), "themes", "unknown theme"),
    "unknown-theme-offer": ("offers", factories.offer("ASSET_ID", themes=["zorg/nope"]), "themes", "unknown theme"),
    "unknown-theme-volunteer": ("volunteers", factories.volunteer(themes=["nope"]), "themes", "unknown theme"),
    "unknown-theme-need": ("needs", factories.need(themes=["huisvesting", "nope"]), "themes", "unknown theme"),
    "need-without-themes": ("needs", factories.need(themes=[]), "themes", ""),
    "id-at-feature-top-level": ("assets", {**factories.asset(), "id": UNKNOWN_ID}, "id", "unknown field"),
    "id-in-properties": ("assets", factories.asset(id=UNKNOWN_ID), "id", "unknown field"),
    "created-at-in-properties": ("needs", factories.need(created_at="2024-01-01T00:00:00Z"), "created_at", ""),
    "geom-in-properties": ("volunteers", factories.volunteer(geom="POINT(6 52)"), "geom", "unknown field"),
    "level-for-area": ("areas", factories.area(level="buurt"), "level", "unknown field"),
    "id-for-organisation": ("organisations", factories.organisation(id=UNKNOWN_ID), "id", "unknown field"),
    "updated-at-for-offer": ("offers", factories.offer("ASSET_ID", updated_at="2024-01-01"), "updated_at", ""),
    "null-name": ("assets", factories.asset(name=None), "name", ""),
    "empty-name": ("organisations", factories.organisation(name=""), "name", ""),
    "wrong-asset-type": ("assets", factories.asset(asset_type="castle"), "asset_type", ""),
    "wrong-support-level": ("assets", factories.asset(support_level="professional"), "support_level", ""),
    "wrong-asset-status": ("assets", factories.asset(status="hidden"), "status", ""),
    "wrong-volunteer-mode": ("volunteers", factories.volunteer(mode="plane"), "mode", ""),
    "wrong-need-status": ("needs", factories.need(status="done"), "status", ""),
    "wrong-offer-status": ("offers", factories.offer("ASSET_ID", status="live"), "status", ""),
    "wrong-cost-facet": ("assets", factories.asset(facets={"cost": "free"}), "cost", ""),
    "wrong-legal-basis": ("needs", factories.need(legal_basis="because"), "legal_basis", ""),
    "person-ref-with-a-name": ("volunteers", factories.volunteer(person_ref="Jan Jansen"), "person_ref", ""),
    "bad-cbs-code": ("areas", factories.area("BU123"), "code", ""),
    "unknown-cbs-prefix": ("areas", factories.area("XX99990101"), "code", ""),
    "bad-parent-code": ("areas", factories.area(parent_code="GM99"), "parent_code", ""),
    "buurt-in-gemeente": ("areas", factories.area("BU99990101", parent_code="GM9999"), "parent_code", ""),
    "wijk-in-other-gemeente": ("areas", factories.area("WK999901", parent_code="GM1234"), "parent_code", ""),
    "gemeente-with-parent": ("areas", factories.area("GM9999", parent_code="GM9998"), "parent_code", ""),
    "closes-before-opens": (
        "assets",
        factories.asset(schedule=[{"day": "mo", "opens": "14:00", "closes": "10:00"}]),
        "schedule",
        "later",
    ),
    "closes-when-opens": (
        "offers",
        factories.offer("ASSET_ID", schedule=[{"day": "tu", "opens": "10:00", "closes": "10:00"}]),
        "schedule",
        "later",
    ),
    "hour-25": ("assets", factories.asset(schedule=[{"day": "mo", "opens": "25:00", "closes": "26:00"}]), "opens", ""),
    "bad-language-code": ("assets", factories.asset(facets={"languages": ["Dutch"]}), "languages", "ISO 639"),
    "bad-language-in-need": ("needs", factories.need(constraints={"languages": ["nl-NL"]}), "languages", "ISO 639"),
    "bad-email": ("organisations", factories.organisation(email="not-an-email"), "email", ""),
    "bad-website": ("organisations", factories.organisation(website="not a url"), "website", ""),
    "bad-phone": ("organisations", factories.organisation(phone="call us"), "phone", ""),
    "negative-capacity": ("offers", factories.offer("ASSET_ID", capacity=-1), "capacity", ""),
    "zero-need-radius": ("needs", factories.need(radius_m=0), "radius_m", ""),
    "negative-volunteer-reach": ("volunteers", factories.volunteer(reach_m=-10), "reach_m", ""),
    "offer-of-unknown-asset": ("offers", factories.offer(UNKNOWN_ID), "asset_id", "no asset"),
    "offer-asset-id-not-uuid": ("offers", factories.offer("asset-1"), "asset_id", ""),
    "asset-of-unknown-organisation": ("assets", factories.asset(organisation_id=UNKNOWN_ID), "organisation_id", ""),
}


@pytest.mark.parametrize(("resource", "body", "field", "text"), CREATE_CASES.values(), ids=CREATE_CASES.keys())
def test_bad_create_is_refused_naming_the_field_and_stores_nothing(client, auth, resource, body, field, text):
    headers = auth["admin"]
    raw = json.dumps(body)
    if "ASSET_ID" in raw:
        raw = raw.replace("ASSET_ID", create(client, headers, "assets")["id"])
    before = count(client, headers, resource)
    assert_problem(send(client, "POST", f"{API}/{resource}", raw, headers), 422, field, text)
    assert count(client, headers, resource) == before


@pytest.mark.parametrize(
    ("resource", "geometry", "crs"),
    [
        ("assets", point(*AMERSFOORT_RD), RD),
        ("assets", point(*AMERSFOORT_RD), "http://www.opengis.net/def/crs/EPSG/0/28992"),
        ("volunteers", point(*AMERSFOORT_RD), "28992"),
        ("areas", square(AMERSFOORT_RD[0] - 100, AMERSFOORT_RD[1] - 100, 200), RD),
    ],
)
def test_rd_new_body_is_accepted_and_stored_in_wgs84(client, auth, resource, geometry, crs):
    headers = auth["admin"]
    body = {**DRAFTS[resource](), "geometry": geometry}
    created = send(client, "POST", f"{API}/{resource}", body, {**headers, "Content-Crs": crs})
    assert created.status_code == 201, created.text
    stored = client.get(f"{API}/{resource}/{created.json()['id']}", headers=headers).json()["geometry"]
    positions = [stored["coordinates"]] if stored["type"] == "Point" else stored["coordinates"][0]
    for lon, lat in positions:
        assert lon == pytest.approx(AMERSFOORT[0], abs=0.002) and lat == pytest.approx(AMERSFOORT[1], abs=0.002)
    if resource == "assets":
        assert stored["coordinates"] == pytest.approx(AMERSFOORT, abs=1e-4)


@pytest.mark.parametrize(
    ("geometry", "crs", "field", "text"),
    [
        (point(400000, 463000), RD, "geometry.coordinates", "EPSG:28992"),
        (point(*AMERSFOORT), RD, "geometry.coordinates", "EPSG:28992"),
        (point(*AMERSFOORT_RD), "EPSG:3857", "Content-Crs", "unsupported"),
        (point(6.2, 52.13), "WGS84", "Content-Crs", "unsupported"),
        (point(6.2, 52.13), "EPSG:99999", "Content-Crs", "unsupported"),
    ],
    ids=["rd-outside-rd-bounds", "wgs84-numbers-declared-rd", "web-mercator", "bare-wgs84-name", "unknown-epsg"],
)
def test_bad_content_crs_or_rd_position_is_refused_and_stores_nothing(client, auth, geometry, crs, field, text):
    headers = auth["admin"]
    response = send(client, "POST", f"{API}/assets", factories.asset(geometry), {**headers, "Content-Crs": crs})
    assert_problem(response, 422, field, text)
    assert count(client, headers, "assets") == 0


def test_filter_crs_rd_new_selects_by_bbox_and_near_on_list_endpoints(client, auth):
    headers = auth["admin"]
    body = factories.asset(point(*AMERSFOORT_RD))
    asset = send(client, "POST", f"{API}/assets", body, {**headers, "Content-Crs": RD}).json()
    send(client, "POST", f"{API}/offers", factories.offer(asset["id"]), headers)
    for resource in ("assets", "offers"):
        for bbox, matched in (("154000,462000,156000,464000", 1), ("100000,400000,102000,402000", 0)):
            params = {"filter-crs": RD, "bbox": bbox}
            listed = client.get(f"{API}/{resource}", params=params, headers=headers)
            assert listed.status_code == 200, listed.text
            assert listed.json()["numberMatched"] == matched, (resource, bbox)
    params = {"filter-crs": RD, "near": "155030,463040", "radius": 100}
    near = client.get(f"{API}/assets", params=params, headers=headers).json()
    assert near["numberMatched"] == 1
    assert near["features"][0]["properties"]["distance_m"] == pytest.approx(50, abs=2)


# id: (url, status, field named, text in the detail); {over} is one more than the largest page.
QUERY_CASES = {
    "unknown-parameter": ("/assets?colour=red", 422, "colour", "unknown"),
    "bbox-on-organisations": ("/organisations?bbox=6,52,7,53", 422, "bbox", "unknown"),
    "bbox-of-3-numbers": ("/assets?bbox=6,52,7", 422, "bbox", ""),
    "bbox-of-words": ("/areas?bbox=west,south,east,north", 422, "bbox", ""),
    "bbox-west-after-east": ("/assets?bbox=7,52,6,53", 422, "bbox", "west"),
    "bbox-south-above-north": ("/offers?bbox=6,53,7,52", 422, "bbox", "south"),
    "bbox-infinite": ("/assets?bbox=6,52,7,Infinity", 422, "bbox", "finite"),
    "bbox-out-of-range": ("/volunteers?bbox=-200,52,7,53", 422, "bbox", "range"),
    "bbox-in-rd-without-filter-crs": ("/assets?bbox=154000,462000,156000,464000", 422, "bbox", "range"),
    "bbox-outside-rd-bounds": ("/assets?filter-crs=EPSG:28992&bbox=400000,300000,500000,400000", 422, "bbox", ""),
    "near-of-1-number": ("/needs?near=6.2", 422, "near", ""),
    "near-of-3-numbers": ("/assets?near=6.2,52.1,3", 422, "near", ""),
    "near-of-words": ("/volunteers?near=here,there", 422, "near", ""),
    "near-nan": ("/assets?near=nan,52.1", 422, "near", "finite"),
    "near-swapped": ("/assets?near=52.13,6.2", 422, "near", "swapped"),
    "near-paris": ("/offers?near=2.35,48.85", 422, "near", "outside"),
    "radius-without-near": ("/assets?radius=500", 422, "radius", "near"),
    "radius-zero": ("/assets?near=6.2,52.13&radius=0", 422, "radius", ""),
    "radius-negative": ("/needs?near=6.2,52.13&radius=-5", 422, "radius", ""),
    "radius-nan": ("/assets?near=6.2,52.13&radius=nan", 422, "radius", ""),
    "limit-over-maximum": ("/assets?limit={over}", 422, "limit", ""),
    "limit-over-maximum-organisations": ("/organisations?limit={over}", 422, "limit", ""),
    "limit-zero": ("/assets?limit=0", 422, "limit", ""),
    "limit-not-a-number": ("/areas?limit=ten", 422, "limit", ""),
    "offset-negative": ("/assets?offset=-1", 422, "offset", ""),
    "unknown-area": ("/assets?area=BU12345678", 404, "area", "BU12345678"),
    "unknown-area-for-offers": ("/offers?area=GM0001", 404, "area", "GM0001"),
    "malformed-area-code": ("/assets?area=Amersfoort", 422, "area", ""),
    "unknown-theme-filter": ("/assets?theme=nope", 422, "theme", "unknown theme"),
    "unknown-theme-filter-needs": ("/needs?theme=nope", 422, "theme", "unknown theme"),
    "wrong-type-filter": ("/assets?type=castle", 422, "type", ""),
    "wrong-support-level-filter": ("/assets?support_level=x", 422, "support_level", ""),
    "wrong-mode-filter": ("/volunteers?mode=plane", 422, "mode", ""),
    "wrong-status-filter": ("/needs?status=done", 422, "status", ""),
    "wrong-level-filter": ("/areas?level=provincie", 422, "level", ""),
    "organisation-filter-not-uuid": ("/assets?organisation=abc", 422, "organisation", ""),
    "unsupported-filter-crs": ("/assets?filter-crs=EPSG:3857&bbox=6,52,7,53", 422, "filter-crs", "unsupported"),
}


@pytest.mark.parametrize(("url", "status", "field", "text"), QUERY_CASES.values(), ids=QUERY_CASES.keys())
def test_bad_query_parameter_is_refused_naming_it(client, auth, settings, url, status, field, text):
    response = client.get(API + url.format(over=settings.max_page_size + 1), headers=auth["admin"])
    assert_problem(response, status, field, text)


# id: (resource, PATCH body, field named, text in the detail)
PATCH_CASES = {
    "null-asset-name": ("assets", {"properties": {"name": None}}, "name", "null"),
    "null-asset-type": ("assets", {"properties": {"asset_type": None}}, "asset_type", "null"),
    "null-themes": ("assets", {"properties": {"themes": None}}, "themes", "null"),
    "null-area-name": ("areas", {"properties": {"name": None}}, "name", "null"),
    "null-volunteer-person-ref": ("volunteers", {"properties": {"person_ref": None}}, "person_ref", "null"),
    "null-need-status": ("needs", {"properties": {"status": None}}, "status", "null"),
    "null-organisation-name": ("organisations", {"name": None}, "name", "null"),
    "null-offer-title": ("offers", {"title": None}, "title", "null"),
    "unknown-theme": ("assets", {"properties": {"name": "Nieuw", "themes": ["nope"]}}, "themes", "unknown theme"),
    "wrong-status": ("assets", {"properties": {"name": "Nieuw", "status": "hidden"}}, "status", ""),
    "id-in-properties": ("assets", {"properties": {"id": UNKNOWN_ID}}, "id", "unknown field"),
    "id-at-top-level": ("volunteers", {"id": UNKNOWN_ID, "properties": {"status": "inactive"}}, "id", ""),
    "created-at": ("organisations", {"created_at": "2020-01-01T00:00:00Z"}, "created_at", ""),
    "area-code-change": ("areas", {"properties": {"code": "BU99990102"}}, "code", "unknown field"),
    "area-level": ("areas", {"properties": {"level": "wijk"}}, "level", "unknown field"),
    "area-parent-mismatch": ("areas", {"properties": {"parent_code": "WK000101"}}, "parent_code", ""),
    "offer-moved-to-other-asset": ("offers", {"asset_id": UNKNOWN_ID}, "asset_id", ""),
    "negative-capacity": ("offers", {"capacity": -3}, "capacity", ""),
    "bad-email": ("organisations", {"name": "Nieuw", "email": "nobody@"}, "email", ""),
    "need-without-themes": ("needs", {"properties": {"themes": []}}, "themes", ""),
    "swapped-geometry": ("assets", {"geometry": point(52.13, 6.2)}, "geometry.coordinates", "swapped"),
    "nan-geometry-with-good-name": (
        "needs",
        {"properties": {"person_ref": "r-9"}, "geometry": point(math.nan, 52.1)},
        "geometry.coordinates",
        "finite",
    ),
    "polygon-for-asset": ("assets", {"geometry": square(6.19, 52.12)}, "geometry.type", ""),
    "bow-tie-area": ("areas", {"geometry": polygon(BOW_TIE)}, "geometry", "Self-intersection"),
}


@pytest.mark.parametrize(("resource", "body", "field", "text"), PATCH_CASES.values(), ids=PATCH_CASES.keys())
def test_bad_patch_is_refused_naming_the_field_and_changes_nothing(client, auth, resource, body, field, text):
    headers = auth["admin"]
    original = create(client, headers, resource)
    url = f"{API}/{resource}/{original['id']}"
    assert_problem(send(client, "PATCH", url, body, headers), 422, field, text)
    assert client.get(url, headers=headers).json() == original


def test_patch_geometry_in_unsupported_crs_is_refused_and_changes_nothing(client, auth):
    headers = auth["admin"]
    original = create(client, headers, "assets")
    url = f"{API}/assets/{original['id']}"
    moved = send(client, "PATCH", url, {"geometry": point(*AMERSFOORT_RD)}, {**headers, "Content-Crs": "EPSG:3857"})
    assert_problem(moved, 422, "Content-Crs", "unsupported")
    assert client.get(url, headers=headers).json() == original


@pytest.mark.parametrize("streamed", [False, True], ids=["declared-length", "chunked-without-length"])
@pytest.mark.parametrize("resource", ["assets", "organisations"])
def test_oversized_body_is_refused_with_413_and_stores_nothing(client, auth, settings, resource, streamed):
    headers = auth["admin"]
    body = DRAFTS[resource](description="x" * settings.max_body_bytes)
    raw = json.dumps(body).encode()
    content = iter([raw[: len(raw) // 2], raw[len(raw) // 2 :]]) if streamed else raw
    response = client.post(
        f"{API}/{resource}", content=content, headers={"Content-Type": "application/json", **headers}
    )
    assert response.status_code == 413, response.text[:300]
    assert response.headers["content-type"] == PROBLEM
    assert str(settings.max_body_bytes) in response.json()["detail"]
    assert count(client, headers, resource) == (2 if resource == "organisations" else 0)
