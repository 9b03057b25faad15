"""OGC API Features at /ogc over HTTP on both backends: documents, published rows only, paging, bbox, CRS, problems."""

import pytest
from pyproj import Transformer

from app import demo
from app.store.features import COLLECTIONS
from tests import factories

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
RD = "http://www.opengis.net/def/crs/EPSG/0/28992"
TO_RD = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)

# name: (lon, lat, status)
PLACES = {
    "buurthuis": (6.2000, 52.1300, "published"),
    "koor": (6.2040, 52.1300, "published"),
    "schuldhulp": (6.2300, 52.1500, "published"),
    "concept": (6.2500, 52.1600, "draft"),
}


@pytest.fixture
def places(client, auth) -> dict[str, str]:
    """Assets, offers and buurten, some not published; ids by name."""
    headers, ids = auth["builder"], {}
    for name, (lon, lat, status) in PLACES.items():
        body = factories.asset(factories.point(lon, lat), name=name, status=status)
        ids[name] = client.post("/api/v1/assets", json=body, headers=headers).json()["id"]
    for title, at, status in (("Koffieochtend", "buurthuis", "published"), ("Zangles", "koor", "draft"),
                              ("Verborgen", "concept", "published")):  # fmt: skip
        body = factories.offer(ids[at], title=title, status=status)
        ids[title] = client.post("/api/v1/offers", json=body, headers=headers).json()["id"]
    for code, west, status in (("BU99990101", 6.19, "published"), ("BU99990102", 6.25, "archived")):
        body = factories.area(code, factories.square(west, 52.12, 0.02), status=status)
        response = client.post("/api/v1/areas", json=body, headers=auth["admin"])
        assert response.status_code == 201, response.text
        ids[code] = response.json()["id"]
    return ids


def items(client, collection: str, query: str = "", headers: dict | None = None) -> dict:
    response = client.get(f"/ogc/collections/{collection}/items?{query}", headers=headers or {})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/geo+json"
    return response.json()


def names(client, collection: str, query: str = "") -> set[str]:
    key = {"offers": "title", "areas": "code"}.get(collection, "name")
    return {feature["properties"][key] for feature in items(client, collection, query)["features"]}


def test_landing_page_links_definition_docs_conformance_and_data(client):
    page = client.get("/ogc")
    assert page.status_code == 200 and page.headers["content-type"] == "application/json"
    links = {link["rel"]: link for link in page.json()["links"]}
    assert set(links) == {"self", "service-desc", "service-doc", "conformance", "data"}
    assert links["service-desc"]["href"] == "http://testserver/openapi.json"
    assert links["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.1"
    assert client.get(links["service-desc"]["href"]).json()["openapi"].startswith("3.1")
    assert client.get(links["service-doc"]["href"]).status_code == 200
    assert links["data"]["href"] == "http://testserver/ogc/collections"
    assert client.get(links["conformance"]["href"]).json()["conformsTo"] == [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    ]


def test_collections_describe_extent_of_published_rows_crs_and_items(client, places):
    listed = client.get("/ogc/collections").json()["collections"]
    assert [c["id"] for c in listed] == ["assets", "offers", "areas"]
    assets = client.get("/ogc/collections/assets").json()
    assert assets == listed[0]
    assert assets["itemType"] == "feature" and assets["crs"] == [CRS84, RD] and assets["storageCrs"] == CRS84
    assert assets["extent"] == {"spatial": {"bbox": [[6.2, 52.13, 6.23, 52.15]], "crs": CRS84}}  # not the draft
    assert listed[1]["extent"]["spatial"]["bbox"] == [[6.2, 52.13, 6.2, 52.13]]  # the buurthuis' offer only
    assert listed[2]["extent"]["spatial"]["bbox"] == [[6.19, 52.12, 6.21, 52.14]]  # not the archived buurt
    items_link = next(link for link in assets["links"] if link["rel"] == "items")
    assert items_link == {
        "rel": "items",
        "href": "http://testserver/ogc/collections/assets/items",
        "type": "application/geo+json",
        "title": "Community assets: features",
    }


def test_an_empty_collection_has_no_extent(client):
    assert "extent" not in client.get("/ogc/collections/assets").json()


def test_items_hold_published_rows_only(client, places):
    assert names(client, "assets") == {"buurthuis", "koor", "schuldhulp"}
    assert names(client, "offers") == {"Koffieochtend"}  # Zangles is a draft, Verborgen's place is
    assert names(client, "areas") == {"BU99990101"}
    for draft in ("concept", "Zangles", "Verborgen", "BU99990102"):
        collection = {"Zangles": "offers", "Verborgen": "offers", "BU99990102": "areas"}.get(draft, "assets")
        response = client.get(f"/ogc/collections/{collection}/items/{places[draft]}")
        assert response.status_code == 404 and response.headers["content-type"] == "application/problem+json"


def test_an_offer_lies_at_its_asset_and_names_it(client, places):
    [offer] = items(client, "offers")["features"]
    assert offer["id"] == places["Koffieochtend"]
    assert offer["geometry"] == {"type": "Point", "coordinates": [6.2, 52.13]}
    assert offer["properties"]["asset_id"] == places["buurthuis"]
    assert offer["properties"]["asset_name"] == "buurthuis"


def test_people_are_no_collection(client, auth):
    body = factories.need(factories.point(6.2, 52.13))
    assert client.post("/api/v1/needs", json=body, headers=auth["builder"]).status_code == 201
    for name in ("needs", "volunteers"):
        assert client.get(f"/ogc/collections/{name}/items", headers=auth["builder"]).status_code == 404
    assert "person_ref" not in client.get("/ogc/collections", headers=auth["builder"]).text


def test_next_links_walk_every_asset_once(client, database):
    with database.session() as session:
        demo.load(session)
    seen, url, pages = [], "/ogc/collections/assets/items?limit=50", 0
    while url:
        page = client.get(url).json()
        assert page["numberMatched"] == 314 and page["numberReturned"] == len(page["features"])
        seen += [feature["id"] for feature in page["features"]]
        links = {link["rel"]: link["href"] for link in page["links"]}
        assert ("prev" in links) == (pages > 0)
        url, pages = links.get("next"), pages + 1
    assert pages == 7 and len(seen) == len(set(seen)) == 314


def test_prev_link_steps_back_one_page(client, places):
    page = items(client, "assets", "limit=1&offset=2")
    links = {link["rel"]: link["href"] for link in page["links"]}
    assert links["prev"] == "http://testserver/ogc/collections/assets/items?limit=1&offset=1"
    assert "next" not in links
    assert links["collection"] == "http://testserver/ogc/collections/assets"


def test_default_page_holds_ten(client, database):
    with database.session() as session:
        demo.load(session)
    assert items(client, "assets")["numberReturned"] == 10


def test_bbox_in_crs84_and_in_rd_new_select_the_same_assets(client, places):
    west, south, east, north = 6.195, 52.125, 6.21, 52.14  # buurthuis and koor, well inside
    assert names(client, "assets", f"bbox={west},{south},{east},{north}") == {"buurthuis", "koor"}
    (x1, x2), (y1, y2) = TO_RD.transform([west, east], [south, north])
    rd_box = f"bbox={x1},{y1},{x2},{y2}&bbox-crs={RD}"
    assert names(client, "assets", rd_box) == {"buurthuis", "koor"}
    assert names(client, "offers", rd_box) == {"Koffieochtend"}
    assert names(client, "areas", rd_box) == {"BU99990101"}


def test_crs_rd_new_gives_rd_coordinates_and_says_so(client, places):
    page = client.get(f"/ogc/collections/assets/items?crs={RD}&bbox=6.199,52.129,6.201,52.131")
    assert page.headers["content-crs"] == f"<{RD}>"
    [feature] = page.json()["features"]
    x, y = TO_RD.transform(6.2, 52.13)
    assert feature["geometry"]["coordinates"] == [round(x, 3), round(y, 3)]
    assert (round(x), round(y)) == (210654, 460511)
    one = client.get(f"/ogc/collections/assets/items/{places['buurthuis']}?crs={RD}")
    assert one.headers["content-crs"] == f"<{RD}>" and one.json()["geometry"] == feature["geometry"]
    assert items(client, "assets")["features"][0]["geometry"]["coordinates"] == [6.2, 52.13]


def test_default_crs_is_crs84_and_said_so(client, places):
    response = client.get(f"/ogc/collections/areas/items/{places['BU99990101']}")
    assert response.headers["content-crs"] == f"<{CRS84}>"
    assert response.json()["properties"]["code"] == "BU99990101"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("limit=10001", "limit"),
        ("limit=0", "limit"),
        ("limit=many", "limit"),
        ("offset=-1", "offset"),
        ("bbox=6.2,52.1,6.3", "bbox"),
        ("bbox=6.3,52.1,6.2,52.2", "bbox"),
        ("bbox=west,52.1,6.3,52.2", "bbox"),
        ("bbox=6.2,52.1,6.3,52.2&bbox-crs=EPSG:4326", "bbox-crs"),
        ("bbox=0,0,1,1&bbox-crs=" + RD, "bbox"),
        ("crs=http://www.opengis.net/def/crs/EPSG/0/4326", "crs"),
        ("datetime=yesterday", "datetime"),
        ("datetime=../..", "datetime"),
        ("datetime=2026-03-01/2026-02-01", "datetime"),
        ("filter=name='koor'", "filter"),
    ],
)
def test_bad_parameters_are_400_problems_naming_them(client, query, name):
    response = client.get(f"/ogc/collections/assets/items?{query}")
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert [param["name"] for param in problem["invalidParams"]] == [name]
    assert problem["detail"].startswith(f"{name}: ")


def test_datetime_matches_every_feature_as_no_collection_has_time(client, places):
    for value in ("2026-03-01T12:00:00Z", "2026-01-01/..", "../2026-01-01T00:00:00%2B01:00"):
        assert items(client, "assets", f"datetime={value}")["numberMatched"] == 3


def test_unknown_collection_and_feature_are_404_problems(client, places):
    for path in ("/ogc/collections/schools", "/ogc/collections/schools/items", "/ogc/collections/assets/items/42"):
        response = client.get(path)
        assert response.status_code == 404 and response.headers["content-type"] == "application/problem+json"
    missing = client.get(f"/ogc/collections/areas/items/{places['buurthuis']}").json()
    assert missing["detail"] == f"no area with id {places['buurthuis']}"


def test_planners_read_the_figures_per_buurt_as_features_and_others_do_not(client, database, auth):
    with database.session() as session:
        demo.load(session)
    url = "/ogc/collections/figures-buurt/items"
    anonymous = client.get(url)
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"] == "Bearer"
    assert client.get(url, headers=auth["association"]).status_code == 403
    page = items(client, "figures-buurt", "limit=100", headers=auth["planner"])
    figures = client.get("/api/v1/stats/areas", params={"level": "buurt"}, headers=auth["planner"]).json()
    assert [feature["id"] for feature in page["features"]] == [row["code"] for row in figures]
    assert [feature["properties"] for feature in page["features"]] == figures
    assert {feature["geometry"]["type"] for feature in page["features"]} <= {"Polygon", "MultiPolygon"}
    one = client.get(f"{url}/{figures[0]['code']}", headers=auth["planner"]).json()
    assert one["properties"] == figures[0]
    listed = {role: [c["id"] for c in client.get("/ogc/collections", headers=auth[role]).json()["collections"]]
              for role in ("anonymous", "planner")}  # fmt: skip
    figure_layers = ["figures-buurt", "figures-wijk", "figures-gemeente"]
    assert listed == {"anonymous": ["assets", "offers", "areas"], "planner": [*COLLECTIONS, *figure_layers]}
