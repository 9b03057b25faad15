"""The builder's workbench: a need's proposals with their reasons, acting on them, and the buurt's open work."""

import re
import uuid
from datetime import timedelta

from sqlmodel import select

from app.geo import distance_m
from app.models import Match, Need
from app.models.audit import AccessLogEntry
from app.models.base import utcnow
from tests import factories
from tests.accounts import log_in

GARDEN = "huisvesting/tuin"
NEED_HOME = (6.20513, 52.13171)


def garden_town(client, auth) -> dict[str, str]:
    """A buurt around the test home with a gardening club and a need for garden help in it."""
    headers = auth["builder"]
    area = client.post("/api/v1/areas", json=factories.area("BU99990101", name="Lindenbuurt"), headers=auth["admin"])
    assert area.status_code == 201, area.text
    asset = factories.asset(name="Tuinclub De Wilg", asset_type="association", support_level="vereniging")
    asset_id = client.post("/api/v1/assets", json=asset, headers=headers).json()["id"]
    offer = client.post("/api/v1/offers", json=factories.offer(asset_id, title="Samen tuinieren", themes=[GARDEN]),
                        headers=headers)  # fmt: skip
    body = factories.need(factories.point(*NEED_HOME), themes=[GARDEN], person_ref="r-tuin")
    need = client.post("/api/v1/needs", json=body, headers=headers)
    return {"offer": offer.json()["id"], "need": need.json()["id"]}


def positions(html: str) -> list[tuple[float, float]]:
    """Every position written on a page as (lat, lon): Leaflet's [lat, lon] and GeoJSON's [lon, lat] alike.

    In the Netherlands the latitude is always the larger number, which tells the two orders apart.
    """
    pairs = [(float(a), float(b)) for a, b in re.findall(r"\[(-?\d+\.\d+), ?(-?\d+\.\d+)\]", html)]
    assert pairs, "the page shows no positions at all"
    return [(max(pair), min(pair)) for pair in pairs]


def proposal_ids(html: str) -> list[str]:
    return re.findall(r'id="match-([0-9a-f-]{36})"', html)


def test_need_page_shows_ranked_proposals_with_reasons_and_a_masked_map(client, auth, users):
    town = garden_town(client, auth)
    log_in(client, "builder")
    page = client.get(f"/needs/{town['need']}")
    assert page.status_code == 200
    assert "Tuinclub De Wilg" in page.text and "<li>hulp in de tuin</li>" in page.text
    assert 'srcdoc="&lt;!DOCTYPE html&gt;' in page.text  # the map, escaped inside the frame's attribute
    assert all(distance_m(*NEED_HOME, lon, lat) > 99 for lat, lon in positions(page.text))  # never the home


def test_acting_on_a_proposal_moves_it_and_the_need_along(client, database, auth, users):
    town = garden_town(client, auth)
    csrf = log_in(client, "builder")
    match_id = proposal_ids(client.get(f"/needs/{town['need']}").text)[0]
    url = f"/needs/{town['need']}/matches/{match_id}"
    response = client.post(
        url, data={"csrf_token": csrf, "status": "introduced", "note": "Bel Jan"}, follow_redirects=False
    )
    assert response.status_code == 303
    skipped = client.post(url, data={"csrf_token": csrf, "status": "continuing"})
    assert skipped.status_code == 409 and "a introduced match can become did_not_fit, met" in skipped.text
    with database.session() as session:
        match = session.get(Match, uuid.UUID(match_id))
        assert (match.status, match.note) == ("introduced", "Bel Jan")
        assert session.get(Need, uuid.UUID(town["need"])).status == "in_progress"
    closed = client.post(f"/needs/{town['need']}/close", data={"csrf_token": csrf}, follow_redirects=False)
    assert closed.status_code == 303
    with database.session() as session:
        need = session.get(Need, uuid.UUID(town["need"]))
        assert need.status == "closed" and need.closed_at is not None


def test_acting_needs_the_forms_token_and_a_builder(client, database, auth, users):
    town = garden_town(client, auth)
    csrf = log_in(client, "builder")
    match_id = proposal_ids(client.get(f"/needs/{town['need']}").text)[0]
    url = f"/needs/{town['need']}/matches/{match_id}"
    assert client.post(url, data={"csrf_token": "forged", "status": "introduced"}).status_code == 403
    client.cookies.clear()
    log_in(client, "association")
    assert client.get(f"/needs/{town['need']}").status_code == 403
    assert client.post(url, data={"csrf_token": csrf, "status": "introduced"}).status_code == 403
    with database.session() as session:
        assert session.get(Match, uuid.UUID(match_id)).status == "proposed"


def test_my_buurt_lists_open_needs_and_introductions_waiting_for_a_follow_up(client, database, auth, users):
    town = garden_town(client, auth)
    csrf = log_in(client, "builder")
    match_id = proposal_ids(client.get(f"/needs/{town['need']}").text)[0]
    client.post(f"/needs/{town['need']}/matches/{match_id}", data={"csrf_token": csrf, "status": "introduced"})
    page = client.get("/buurt?code=BU99990101").text
    assert "Mijn buurt: Lindenbuurt" in page and f'href="/needs/{town["need"]}"' in page
    assert "#match-" not in page  # introduced today: not waiting yet
    with database.session() as session:
        match = session.get(Match, uuid.UUID(match_id))
        match.updated_at = utcnow() - timedelta(days=15)
        session.add(match)
    page = client.get("/buurt?code=BU99990101").text
    assert f'href="/needs/{town["need"]}#match-{match_id}"' in page
    assert "Samen tuinieren (Tuinclub De Wilg)" in page and "15 dagen" in page
    with database.session() as session:
        assert session.exec(select(Need)).one().status == "in_progress"


def test_the_workbench_writes_who_read_and_changed_a_need_into_the_access_log(client, database, auth, users):
    town = garden_town(client, auth)
    csrf = log_in(client, "builder")
    match_id = proposal_ids(client.get(f"/needs/{town['need']}").text)[0]
    client.post(f"/needs/{town['need']}/matches/{match_id}", data={"csrf_token": csrf, "status": "introduced"})
    with database.session() as session:
        entries = session.exec(select(AccessLogEntry).where(AccessLogEntry.user_id == users["builder"])).all()
    assert {(e.action, e.resource, str(e.record_id)) for e in entries} >= {
        ("read", "need_pages", town["need"]),
        ("update", "matches", match_id),
    }
    assert all(e.role == "builder" and e.purpose == "matching" for e in entries)
