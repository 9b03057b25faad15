"""GET /api/v1/geocode: builders and admins only, GeoJSON back, clear 404 and 422, an optional online fallback."""

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.bag import load

PROBLEM = "application/problem+json"
GEOJSON = "application/geo+json"


@pytest.fixture
def stored(database):
    load(database)


def _get(client, role_headers, **params):
    return client.get("/api/v1/geocode", params=params, headers=role_headers)


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("planner", 403), ("association", 403),
                                              ("builder", 200), ("admin", 200)])  # fmt: skip
def test_only_builders_and_admins_look_up_addresses(client, auth, stored, role, status):
    response = _get(client, auth[role], postcode="6731BR", huisnummer="99")
    assert response.status_code == status
    if status != 200:
        assert response.headers["content-type"] == PROBLEM


def test_an_anonymous_call_without_parameters_is_told_to_authenticate_first(client, auth):
    response = client.get("/api/v1/geocode")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_the_answer_is_a_geojson_feature_with_the_whole_address(client, auth, stored):
    response = _get(client, auth["builder"], postcode="6731 br", huisnummer=" 99", toevoeging="2")
    assert response.status_code == 200
    assert response.headers["content-type"] == GEOJSON
    assert response.json() == {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [5.7750129, 52.0935143]},
        "properties": {"postcode": "6731BR", "huisnummer": 99, "huisletter": "", "toevoeging": "2",
                       "straat": "Arnhemseweg", "woonplaats": "Otterlo", "label": "Arnhemseweg 99-2, 6731 BR Otterlo"},
    }  # fmt: skip


def test_a_letter_is_forgiven_its_case(client, auth, stored):
    response = _get(client, auth["admin"], postcode="6733EB", huisnummer="2", huisletter="c")
    assert response.json()["properties"]["label"] == "Willinkhuizersteeg 2c, 6733 EB Wekerom"


def test_an_unknown_address_is_404_naming_it(client, auth, stored):
    response = _get(client, auth["builder"], postcode="6731br", huisnummer="98", huisletter="b")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert "no address 6731 BR 98b is known" in response.json()["detail"]


def test_several_addresses_at_a_number_without_a_letter_asked_is_404(client, auth, stored):
    assert _get(client, auth["builder"], postcode="6731AD", huisnummer="26").status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"postcode": "673 EB", "huisnummer": "1"}, "postcode"),
        ({"postcode": "ABCD12", "huisnummer": "1"}, "postcode"),
        ({"postcode": "6731BR", "huisnummer": "0"}, "huisnummer"),
        ({"postcode": "6731BR", "huisnummer": "-3"}, "huisnummer"),
        ({"postcode": "6731BR", "huisnummer": "12a"}, "huisnummer"),
        ({"postcode": "6731BR", "huisnummer": "1.5"}, "huisnummer"),
        ({"postcode": "6731BR"}, "huisnummer"),
        ({"postcode": "6731BR", "huisnummer": "1", "huisletter": "AB"}, "huisletter"),
        ({"postcode": "6731BR", "huisnummer": "1", "plaats": "Otterlo"}, "plaats"),
    ],
)
def test_malformed_parameters_are_422_naming_them(client, auth, params, field):
    response = _get(client, auth["builder"], **params)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert [param["name"] for param in response.json()["invalidParams"]] == [field]


# The online fallback, against a small Locatieserver on a real loopback port.

OTTERLO_26 = [
    {"type": "adres", "postcode": "6731AD", "huisnummer": 26, "huisletter": letter, "straatnaam": "Hoefweg",
     "woonplaatsnaam": "Otterlo", "centroide_ll": f"POINT(5.7715{n} 52.10771)"}
    for n, letter in enumerate("AB")
] + [
    {"type": "adres", "postcode": "6731AD", "huisnummer": 28, "straatnaam": "Hoefweg", "woonplaatsnaam": "Otterlo",
     "centroide_ll": "POINT(5.772 52.1078)"},
    {"type": "adres", "postcode": "6731AD", "huisnummer": 30, "huisnummertoevoeging": "1", "straatnaam": "Hoefweg",
     "woonplaatsnaam": "Otterlo"},  # no point: left out
]  # fmt: skip


DAWDLE_S = 5.0


class FakeLocatieserver(BaseHTTPRequestHandler):
    """Answers `free` requests from OTTERLO_26 by their fq filters; `mode` makes it fail or dawdle."""

    mode = "answer"
    asked: list[dict] = []

    def do_GET(self) -> None:
        query = parse_qs(urlparse(self.path).query)
        type(self).asked.append(query)
        if self.mode == "slow":
            time.sleep(DAWDLE_S)  # the caller has given up long before
            return
        if self.mode == "fail":
            self.send_error(500)
            return
        filters = dict(term.split(":", 1) for term in query.get("fq", []))
        docs = [doc for doc in OTTERLO_26 if all(str(doc.get(k, "")) == v for k, v in filters.items())]
        body = json.dumps({"response": {"numFound": len(docs), "start": 0, "docs": docs}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def locatieserver() -> Iterator[type[FakeLocatieserver]]:
    handler = type("Handler", (FakeLocatieserver,), {"asked": [], "mode": "answer"})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    handler.url = f"http://127.0.0.1:{server.server_address[1]}/free"
    yield handler
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def online_client(database_url, locatieserver) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, geocoder_url=locatieserver.url, geocoder_timeout_s=0.3)
    with TestClient(create_app(settings)) as client:
        yield client


def test_the_online_geocoder_answers_what_is_not_stored_by_the_same_rules(online_client, auth, locatieserver):
    found = _get(online_client, auth["builder"], postcode="6731 ad", huisnummer="26", huisletter="b")
    assert found.status_code == 200
    assert found.json()["geometry"]["coordinates"] == [5.77151, 52.10771]
    assert found.json()["properties"]["label"] == "Hoefweg 26b, 6731 AD Otterlo"
    assert locatieserver.asked[0]["fq"] == ["type:adres", "postcode:6731AD", "huisnummer:26"]
    assert _get(online_client, auth["builder"], postcode="6731AD", huisnummer="26").status_code == 404  # a or b?
    assert _get(online_client, auth["builder"], postcode="6731AD", huisnummer="28").status_code == 200
    assert _get(online_client, auth["builder"], postcode="6731AD", huisnummer="30").status_code == 404


def test_the_online_geocoder_is_not_asked_for_a_stored_address(online_client, auth, locatieserver, stored):
    assert _get(online_client, auth["builder"], postcode="6731BR", huisnummer="99").status_code == 200
    assert locatieserver.asked == []


def test_without_a_geocoder_url_no_outside_host_is_asked(client, auth, locatieserver):
    assert Settings().geocoder_url == ""
    assert _get(client, auth["builder"], postcode="6731AD", huisnummer="28").status_code == 404
    assert locatieserver.asked == []


@pytest.mark.parametrize("mode", ["fail", "slow"])
def test_an_online_geocoder_that_fails_or_dawdles_is_503(online_client, auth, locatieserver, mode):
    locatieserver.mode = mode
    started = time.monotonic()
    response = _get(online_client, auth["builder"], postcode="6731AD", huisnummer="28")
    assert response.status_code == 503
    assert "online geocoder did not answer" in response.json()["detail"]
    if mode == "slow":  # given up after its 0.3 s timeout, not after the answer DAWDLE_S later
        assert time.monotonic() - started < DAWDLE_S - 1
