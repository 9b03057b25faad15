"""Retention: closed needs past their period are anonymised, buurt kept; the rest stays as it was."""

import uuid
from datetime import UTC, datetime, timedelta

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import shape
from sqlmodel import select

from app.analysis.membership import area_members
from app.models import AccessLogEntry, Match, Need
from app.store import retention
from tests import factories

NOW = datetime(2027, 6, 1, tzinfo=UTC)
GARDEN = "huisvesting/tuin"
BUURT = factories.square(6.19, 52.12, 0.02)
CONSTRAINTS = {"target_groups": ["ouderen"], "cost": "gratis", "languages": ["nl"], "accessibility": ["step_free"]}


def _need(client, auth, at: dict, **properties) -> str:
    body = factories.need(at, **{"themes": [GARDEN], "constraints": CONSTRAINTS, **properties})
    response = client.post("/api/v1/needs", json=body, headers=auth["builder"])
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _closed_days_ago(database, need_id: str, days: int) -> None:
    with database.session() as session:
        row = session.get(Need, uuid.UUID(need_id))
        row.sqlmodel_update({"status": "closed", "closed_at": NOW - timedelta(days=days)})
        session.add(row)


def _stored(database, need_id: str) -> Need:
    with database.session() as session:
        return session.get(Need, uuid.UUID(need_id))


@pytest.fixture
def needs(client, auth, database) -> dict[str, str]:
    assert client.post("/api/v1/areas", json=factories.area("BU99990101", BUURT), headers=auth["admin"]).is_success
    ids = {
        "old": _need(client, auth, factories.point(6.2031, 52.1317), person_ref="r-old", description="Mevr. K."),
        "recent": _need(client, auth, factories.point(6.2032, 52.1318), person_ref="r-recent", description="Dhr. L."),
        "open": _need(client, auth, factories.point(6.2033, 52.1319), person_ref="r-open", description="Mevr. M."),
        "outside": _need(client, auth, factories.point(5.5432, 52.3456), person_ref="r-far", description="Dhr. N."),
    }
    for key, days in (("old", 400), ("recent", 300), ("outside", 366)):
        _closed_days_ago(database, ids[key], days)
    return ids


def test_closed_needs_past_retention_lose_reference_text_and_exact_place(database, needs):
    with database.session() as session:
        assert retention.anonymise_closed_needs(session, closed_before=NOW - timedelta(days=365), now=NOW) == 2
    old, outside = _stored(database, needs["old"]), _stored(database, needs["outside"])
    assert old.person_ref.startswith("anon-") and outside.person_ref.startswith("anon-")
    assert old.person_ref != outside.person_ref
    assert (old.description, old.anonymised_at) == ("", NOW)
    assert old.geom == shape(BUURT).representative_point()
    assert (outside.geom.x, outside.geom.y) == pytest.approx((5.545, 52.345))
    assert (old.themes, old.constraints, old.status, old.mode) == ([GARDEN], CONSTRAINTS, "closed", "walk")
    for kept, ref in (("recent", "r-recent"), ("open", "r-open")):
        assert _stored(database, needs[kept]).person_ref == ref


def test_anonymised_needs_still_count_in_their_buurten(client, auth, database, needs):
    beside = factories.square(6.21, 52.12, 0.02)
    assert client.post("/api/v1/areas", json=factories.area("BU99990102", beside), headers=auth["admin"]).is_success
    other = _need(client, auth, factories.point(6.2154, 52.1253), person_ref="r-beside")
    _closed_days_ago(database, other, 500)
    before = [_stored(database, need_id).geom for need_id in (needs["old"], other)]
    with database.session() as session:
        retention.anonymise_closed_needs(session, closed_before=NOW - timedelta(days=365), now=NOW)
    after = [_stored(database, need_id).geom for need_id in (needs["old"], other)]
    buurten = gpd.GeoDataFrame(
        {"code": ["BU99990101", "BU99990102"], "level": ["buurt", "buurt"]},
        geometry=[shape(BUURT), shape(beside)],
        crs="EPSG:4326",
    )
    points = pd.DataFrame({"lon": [p.x for p in before + after], "lat": [p.y for p in before + after]})
    assert area_members(points, buurten)["code"].tolist() == ["BU99990101", "BU99990102"] * 2
    assert after == [shape(BUURT).representative_point(), shape(beside).representative_point()]
    assert all(moved.distance(was) > 0.001 for moved, was in zip(after, before, strict=True))  # hundreds of metres


def test_matches_keep_their_status_but_lose_notes_reasons_and_exact_distances(client, auth, database, needs):
    asset = client.post("/api/v1/assets", json=factories.asset(themes=[GARDEN]), headers=auth["admin"]).json()
    client.post("/api/v1/offers", json=factories.offer(asset["id"], themes=[GARDEN]), headers=auth["admin"])
    volunteer = factories.volunteer(factories.point(6.2040, 52.1320), themes=[GARDEN])
    assert client.post("/api/v1/volunteers", json=volunteer, headers=auth["admin"]).is_success
    need_id = _need(client, auth, factories.point(6.2034, 52.1316), person_ref="r-matched", constraints={})
    proposed = client.get(f"/api/v1/needs/{need_id}/matches", headers=auth["builder"]).json()["matches"]
    met = {"status": "introduced", "note": "Mevr. K. belde terug"}
    assert client.patch(f"/api/v1/matches/{proposed[0]['id']}", json=met, headers=auth["builder"]).is_success
    _closed_days_ago(database, need_id, 400)
    with database.session() as session:
        retention.anonymise_closed_needs(session, closed_before=NOW - timedelta(days=365), now=NOW)
        left = session.exec(select(Match).where(Match.need_id == uuid.UUID(need_id))).all()
    assert len(proposed) == 2 and [(m.status, m.note, m.reasons) for m in left] == [("introduced", "", [])]
    assert left[0].distance_m % 500 == 0


def test_the_job_is_idempotent_logged_and_runs_once_per_period(database, needs):
    every = timedelta(hours=24)
    assert retention.run(database, days=365, now=NOW, every=every) == 2
    assert retention.run(database, days=365, now=NOW + timedelta(hours=1), every=every) is None
    assert retention.run(database, days=365, now=NOW + every) == 0
    with database.session() as session:
        logged = session.exec(select(AccessLogEntry).where(AccessLogEntry.action == "anonymise")).all()
    assert [(e.role, e.resource, e.count, e.record_id, e.purpose) for e in logged][-1:] == [
        ("system", "needs", 2, None, "retention")
    ]


def test_a_need_records_when_it_closed_and_forgets_it_when_reopened(client, auth, database, needs):
    url = f"/api/v1/needs/{needs['open']}"
    closed = client.patch(url, json={"properties": {"status": "closed"}}, headers=auth["builder"]).json()
    moment = datetime.fromisoformat(closed["properties"]["closed_at"])
    assert abs(datetime.now(UTC) - moment) < timedelta(minutes=1)
    again = client.patch(url, json={"properties": {"status": "closed"}}, headers=auth["builder"]).json()
    assert again["properties"]["closed_at"] == closed["properties"]["closed_at"]
    reopened = client.patch(url, json={"properties": {"status": "open"}}, headers=auth["builder"]).json()
    assert reopened["properties"]["closed_at"] is None
