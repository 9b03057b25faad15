"""Hostile text in every field a user can edit never runs in the browser: shown as text, not markup."""

import pytest

from tests import factories

PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    "</script><script>window.__xss=1</script>",
    '"><svg onload="window.__xss=1">',
    "'; window.__xss=1; '",
    "`${window.__xss=1}`",
    '\\"; window.__xss=1; //',
    '<a href="javascript:window.__xss=1">klik</a>',
    "{{ 7*7 }} <b onmouseover=window.__xss=1>x</b>",
]


@pytest.fixture
def hostile_places(client, auth) -> list[str]:
    headers = auth["admin"]
    names = []
    for number, payload in enumerate(PAYLOADS):
        lon = factories.HOME[0] + number * 0.001
        fields = {"subtype": payload[:80], "address": payload, "description": payload, "themes": ["huisvesting/tuin"]}
        body = factories.asset(factories.point(lon, factories.HOME[1]), name=f"{number} {payload}", **fields)
        asset = client.post("/api/v1/assets", json=body, headers=headers)
        assert asset.status_code == 201, asset.text
        offer = factories.offer(asset.json()["id"], title=payload, themes=["huisvesting/tuin"])
        assert client.post("/api/v1/offers", json=offer, headers=headers).status_code == 201
        area = factories.area(f"BU999901{number:02d}", name=payload,
                              geometry=factories.square(lon - 0.0004, factories.HOME[1] - 0.0004, 0.0008))  # fmt: skip
        assert client.post("/api/v1/areas", json=area, headers=headers).status_code == 201
        names.append(f"{number} {payload}")
    return names


def test_no_payload_runs_in_popups_tooltips_list_or_filters(hostile_places, visit, auth):
    page = visit("/map", headers=auth["builder"])
    shown = page.leaflet(
        "const texts = [];"
        " map.eachLayer(l => { if (l.getPopup && l.getPopup()) { l.openPopup();"
        "   texts.push(l.getPopup().getElement().innerText); l.closePopup(); }"
        "   if (l.getTooltip && l.getTooltip()) { l.openTooltip(); l.closeTooltip(); } });"
        " return texts;"
    )
    page.page.mouse.move(600, 450)
    assert page.page.evaluate("() => window.__xss") is None
    assert page.errors == []
    for name in hostile_places:
        assert any(text.startswith(name) for text in shown), f"{name!r} not shown as text in {shown}"
    assert page.page.locator("table tbody td", has_text=hostile_places[0]).count() == 1


def test_no_payload_runs_on_the_gaps_map(hostile_places, client, visit, auth):
    for number in range(3):  # a need in a hostile buurt, so its counts and name are drawn
        need = factories.need(factories.point(factories.HOME[0] + number * 0.001, factories.HOME[1]),
                              themes=["huisvesting/tuin"], person_ref=f"r-{number}")  # fmt: skip
        assert client.post("/api/v1/needs", json=need, headers=auth["builder"]).status_code == 201
    page = visit("/map/gaps?theme=huisvesting/tuin", headers=auth["planner"])
    tooltips = page.leaflet(
        "const texts = []; map.eachLayer(l => { if (l.getTooltip && l.getTooltip()) { l.openTooltip();"
        " texts.push(l.getTooltip().getElement().innerText); l.closeTooltip(); } }); return texts;"
    )
    page.page.mouse.move(600, 450)
    assert page.page.evaluate("() => window.__xss") is None
    assert page.errors == []
    for payload in PAYLOADS:  # offer titles and buurt names, shown as text
        assert any(payload in text for text in tooltips), f"{payload!r} not shown as text in {tooltips}"
    assert page.page.locator("table tbody td", has_text=PAYLOADS[0]).count() >= 1
