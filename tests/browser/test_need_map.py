"""/map/needs/{id} in Chromium: the need masked with its reach, proposals numbered in rank order."""

from app.geo import distance_m
from tests import factories
from tests.api.test_matching import east

GARDEN = "huisvesting/tuin"


def test_a_need_map_numbers_the_proposals_and_never_shows_the_home(client, auth, visit):
    headers = auth["builder"]
    for name, metres, level in (("Hovenier", 200, "maatwerk"), ("Tuinclub", 500, "vereniging")):
        asset = client.post("/api/v1/assets", json=factories.asset(east(metres), name=name, support_level=level,
                                                                  themes=[GARDEN]), headers=headers).json()  # fmt: skip
        client.post("/api/v1/offers", json=factories.offer(asset["id"], themes=[GARDEN]), headers=headers)
    client.post("/api/v1/volunteers", json=factories.volunteer(east(300), themes=[GARDEN]), headers=headers)
    need = client.post("/api/v1/needs", json=factories.need(themes=[GARDEN]), headers=headers).json()
    expected = client.get(f"/api/v1/needs/{need['id']}/matches", headers=headers).json()["matches"]

    page = visit(f"/map/needs/{need['id']}", headers=headers)
    numbers = page.page.locator(".rank").all_inner_texts()
    assert numbers == [str(match["rank"]) for match in expected] == ["1", "2", "3"]
    assert page.errors == []
    circles = page.leaflet(
        "const out = []; map.eachLayer(l => { if (l instanceof L.CircleMarker || l instanceof L.Circle)"
        " out.push([l.getLatLng().lng, l.getLatLng().lat, l.getRadius()]); }); return out;"
    )
    home = factories.HOME
    assert all(distance_m(lon, lat, *home) >= 99 for lon, lat, _ in circles)  # the need's point is moved
    assert any(radius == 1000 for *_, radius in circles)  # walking reach
    rows = page.page.locator("table tbody tr").all_inner_texts()
    assert [row.split("\t")[1] for row in rows] == ["Buurtgenoot (vrijwilliger)", "Tuinclub", "Hovenier"]
    page.page.locator(".rank").first.dispatch_event("click")  # another marker may lie on top of it
    assert "1. Buurtgenoot" in page.page.locator(".leaflet-popup-content").inner_text()
    page.screenshot("need-map")
    need_point = (
        "let c = null; map.eachLayer(l => { if (l instanceof L.CircleMarker) c = l.getLatLng(); });"
        " return [c.lng, c.lat];"
    )
    again = visit(f"/map/needs/{need['id']}", headers=headers)
    assert again.leaflet(need_point) == page.leaflet(need_point)  # the same masked point every time


def test_only_builders_and_admins_open_a_need_map(client, auth):
    need = client.post("/api/v1/needs", json=factories.need(), headers=auth["builder"]).json()
    for role, status in (("anonymous", 401), ("planner", 403), ("association", 403), ("admin", 200)):
        assert client.get(f"/map/needs/{need['id']}", headers=auth[role]).status_code == status, role
