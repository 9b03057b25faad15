"""The management pages: associations keep their own places and offers; builders publish."""

import re
import uuid

from sqlmodel import select

from app.models import Asset, Offer
from tests import factories
from tests.accounts import log_in


def stored_asset(client, auth, organisation_id, **properties) -> str:
    body = factories.asset(organisation_id=str(organisation_id), status="published", **properties)
    response = client.post("/api/v1/assets", json=body, headers=auth["builder"])
    assert response.status_code == 201, response.text
    return response.json()["id"]


def stored_offer(client, auth, asset_id: str, **fields) -> str:
    response = client.post("/api/v1/offers", json=factories.offer(asset_id, **fields), headers=auth["builder"])
    assert response.status_code == 201, response.text
    return response.json()["id"]


def offer_form(csrf: str, asset_id: str, **fields) -> dict:
    return {
        "csrf_token": csrf,
        "asset_id": asset_id,
        "title": "Samen koken",
        "description": "Elke dinsdag",
        "themes": ["sociaal_netwerk/samen_eten"],
        "schedule_rows": "3",
        "schedule-0-day": "tu",
        "schedule-0-opens": "17:00",
        "schedule-0-closes": "19:30",
        "target_groups": ["ouderen"],
        "cost": "bijdrage",
        "languages": "nl, ar",
        "accessibility": ["step_free"],
        **fields,
    }


def test_association_adds_an_offer_that_stays_a_draft_until_a_builder_publishes_it(
    client, database, auth, organisations, users
):
    asset_id = stored_asset(client, auth, organisations["own"])
    csrf = log_in(client, "association")
    response = client.post("/manage/offers/new", data=offer_form(csrf, asset_id), follow_redirects=False)
    assert response.status_code == 303
    offer_id = re.search(r"/manage/offers/([0-9a-f-]{36})", response.headers["location"]).group(1)
    with database.session() as session:
        offer = session.get(Offer, uuid.UUID(offer_id))
        assert offer.status == "draft" and offer.title == "Samen koken"
        assert offer.schedule == [{"day": "tu", "opens": "17:00", "closes": "19:30"}]
        assert offer.facets == {"target_groups": ["ouderen"], "cost": "bijdrage", "languages": ["nl", "ar"],
                                "accessibility": ["step_free"]}  # fmt: skip
        assert offer.last_confirmed is not None
    client.cookies.clear()
    assert client.get(f"/api/v1/offers/{offer_id}").status_code == 404  # the public does not see drafts
    csrf = log_in(client, "builder")
    overview = client.get("/manage").text
    assert f"/manage/offers/{offer_id}/publish" in overview
    response = client.post(f"/manage/offers/{offer_id}/publish", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get(f"/api/v1/offers/{offer_id}").json()["status"] == "published"


def test_association_cannot_publish_even_by_sending_the_field(client, database, auth, organisations, users):
    asset_id = stored_asset(client, auth, organisations["own"])
    offer_id = stored_offer(client, auth, asset_id, status="draft")
    csrf = log_in(client, "association")
    publish = client.post(f"/manage/offers/{offer_id}/publish", data={"csrf_token": csrf})
    sneaked = client.post(f"/manage/offers/{offer_id}", data=offer_form(csrf, asset_id, status="published"))
    assert publish.status_code == 403
    assert sneaked.status_code == 303 or sneaked.status_code == 200
    with database.session() as session:
        assert session.get(Offer, uuid.UUID(offer_id)).status == "draft"


def test_association_cannot_open_change_or_publish_another_organisations_objects(
    client, database, auth, organisations, users
):
    theirs = stored_asset(client, auth, organisations["other"], name="Hun buurthuis")
    offer_id = stored_offer(client, auth, theirs, title="Hun koffieochtend")
    mine = stored_asset(client, auth, organisations["own"])
    csrf = log_in(client, "association")
    attempts = [
        client.get(f"/manage/offers/{offer_id}"),
        client.get(f"/manage/assets/{theirs}"),
        client.post(f"/manage/offers/{offer_id}", data=offer_form(csrf, mine, title="Overgenomen")),
        client.post(f"/manage/offers/{offer_id}", data=offer_form(csrf, theirs, title="Overgenomen")),
        client.post(f"/manage/offers/{offer_id}/publish", data={"csrf_token": csrf}),
    ]
    assert [response.status_code for response in attempts] == [404, 404, 404, 404, 404]
    with database.session() as session:
        offer = session.get(Offer, uuid.UUID(offer_id))
        assert (offer.title, str(offer.asset_id)) == ("Hun koffieochtend", theirs)
    assert "Hun buurthuis" not in client.get("/manage").text


def test_association_cannot_add_an_offer_to_another_organisations_place(client, database, auth, organisations, users):
    theirs = stored_asset(client, auth, organisations["other"])
    csrf = log_in(client, "association")
    assert client.post("/manage/offers/new", data=offer_form(csrf, theirs)).status_code == 403
    with database.session() as session:
        assert session.exec(select(Offer)).all() == []


def test_a_form_without_the_sessions_token_or_from_another_site_changes_nothing(
    client, database, auth, organisations, users
):
    asset_id = stored_asset(client, auth, organisations["own"])
    csrf = log_in(client, "association")
    forged = client.post("/manage/offers/new", data=offer_form("not-the-token", asset_id))
    missing = client.post(
        "/manage/offers/new", data={k: v for k, v in offer_form(csrf, asset_id).items() if k != "csrf_token"}
    )
    foreign = client.post(
        "/manage/offers/new", data=offer_form(csrf, asset_id), headers={"Origin": "https://evil.example"}
    )
    assert [forged.status_code, missing.status_code, foreign.status_code] == [403, 403, 403]
    with database.session() as session:
        assert session.exec(select(Offer)).all() == []


def test_a_wrong_form_keeps_what_was_typed_and_names_each_mistake_next_to_its_field(
    client, database, auth, organisations, users
):
    asset_id = stored_asset(client, auth, organisations["own"])
    csrf = log_in(client, "association")
    data = offer_form(csrf, asset_id, title="", description="Mijn tekst", languages="nl, xx1")
    data |= {"schedule-0-opens": "20:00", "schedule-0-closes": "19:00"}
    response = client.post("/manage/offers/new", data=data)
    assert response.status_code == 422
    page = response.text
    assert 'id="error-title"' in page and 'aria-describedby="error-title"' in page
    assert "line 1: closes (19:00) must be later than opens (20:00)" in page
    assert "&#39;xx1&#39; is not an ISO 639 language code" in page
    assert ">Mijn tekst</textarea>" in page and 'value="nl, xx1"' in page and 'value="20:00"' in page
    with database.session() as session:
        assert session.exec(select(Offer)).all() == []


def test_association_adds_a_place_by_typed_coordinates_and_a_place_outside_the_region_is_refused(
    client, database, organisations, users
):
    csrf = log_in(client, "association")
    place = {
        "csrf_token": csrf, "name": "Onze tuin", "asset_type": "physical", "support_level": "vereniging",
        "themes": ["huisvesting/tuin"], "lon": "6.2010", "lat": "52,1305", "schedule_rows": "0",
    }  # fmt: skip
    outside = client.post("/manage/assets/new", data=place | {"lon": "-3.7", "lat": "40.4"})
    assert outside.status_code == 422 and 'id="error-location"' in outside.text
    assert client.post("/manage/assets/new", data=place, follow_redirects=False).status_code == 303
    with database.session() as session:
        asset = session.exec(select(Asset)).one()
    assert (asset.name, asset.status, asset.organisation_id) == ("Onze tuin", "draft", organisations["own"])
    assert (round(asset.geom.x, 4), round(asset.geom.y, 4)) == (6.2010, 52.1305)


def test_editing_a_place_keeps_what_the_form_does_not_show(client, database, auth, organisations, users):
    asset_id = stored_asset(client, auth, organisations["own"], subtype="buurthuis", address="Lindelaan 1")
    csrf = log_in(client, "association")
    page = client.get(f"/manage/assets/{asset_id}").text
    assert 'value="Lindelaan 1"' in page and 'value="6.200000"' in page
    data = {
        "csrf_token": csrf, "name": "De Linde", "asset_type": "physical", "support_level": "algemene_voorziening",
        "address": "Lindelaan 1", "lon": "6.2", "lat": "52.13", "schedule_rows": "0",
    }  # fmt: skip
    assert client.post(f"/manage/assets/{asset_id}", data=data, follow_redirects=False).status_code == 303
    with database.session() as session:
        asset = session.get(Asset, uuid.UUID(asset_id))
    assert (asset.name, asset.subtype, asset.status) == ("De Linde", "buurthuis", "published")
