"""New questions and volunteers by postcode and house number, through the builder's forms."""

import re
import uuid

import pytest
from sqlmodel import select

from app.models import Need, Volunteer
from tests import factories
from tests.accounts import log_in
from tests.bag import load

GARDEN = "huisvesting/tuin"
ARNHEMSEWEG_99_2 = (5.7750129, 52.0935143)  # 6731 BR 99-2, Otterlo (BAG)


@pytest.fixture
def otterlo(client, database, auth) -> str:
    """The BAG addresses of Otterlo and Wekerom, and a gardening club 300 m from Arnhemseweg 99-2."""
    load(database)
    lon, lat = ARNHEMSEWEG_99_2
    asset = factories.asset(factories.point(lon + 0.0044, lat), name="Tuinclub Otterlo", asset_type="association",
                            support_level="vereniging", themes=[GARDEN])  # fmt: skip
    asset_id = client.post("/api/v1/assets", json=asset, headers=auth["builder"]).json()["id"]
    offer = factories.offer(asset_id, title="Samen tuinieren", themes=[GARDEN], facets={"accessibility": ["step_free"]})
    return client.post("/api/v1/offers", json=offer, headers=auth["builder"]).json()["id"]


def need_form(csrf: str, **fields) -> dict:
    return {"csrf_token": csrf, "person_ref": "", "postcode": "6731 br", "huisnummer": "99", "huisletter": "",
            "toevoeging": "2", "themes": [GARDEN], "mode": "walk", "radius_m": "", "slots": ["sa-morning"],
            "accessibility": ["step_free"], "cost": "", "languages": "nl", "description": "Tuin loopt uit de hand",
            "purpose": "matching", "legal_basis": "consent", **fields}  # fmt: skip


def test_a_builder_registers_a_need_by_postcode_and_sees_its_proposals(client, database, otterlo, users):
    csrf = log_in(client, "builder")
    response = client.post("/needs/new", data=need_form(csrf), follow_redirects=False)
    assert response.status_code == 303
    need_id = re.fullmatch(r"/needs/([0-9a-f-]{36})", response.headers["location"]).group(1)
    page = client.get(response.headers["location"]).text
    assert "Tuinclub Otterlo" in page and "<li>hulp in de tuin</li>" in page
    with database.session() as session:
        need = session.get(Need, uuid.UUID(need_id))
    assert re.fullmatch(r"r-[0-9a-f]{8}", need.person_ref)  # made up: no name, no address kept
    assert (round(need.geom.x, 7), round(need.geom.y, 7)) == ARNHEMSEWEG_99_2
    assert need.when == [{"day": "sa", "part": "morning"}] and need.constraints["accessibility"] == ["step_free"]
    assert "Arnhemseweg" not in str(need.model_dump())


def test_every_mistake_is_named_next_to_its_field_with_the_input_kept(client, database, otterlo, users):
    csrf = log_in(client, "builder")
    unknown = client.post("/needs/new", data=need_form(csrf, person_ref="r-77", huisnummer="987", themes=[]))
    assert unknown.status_code == 422
    assert 'id="error-postcode"' in unknown.text and "no address 6731 BR 987-2 is known here" in unknown.text
    assert 'id="error-themes"' in unknown.text and 'value="r-77"' in unknown.text
    malformed = client.post("/needs/new", data=need_form(csrf, postcode="673 BR", huisnummer="12b"))
    assert 'id="error-postcode"' in malformed.text and 'id="error-huisnummer"' in malformed.text
    assert 'value="673 BR"' in malformed.text
    with database.session() as session:
        assert session.exec(select(Need)).all() == []


def test_a_volunteer_registered_by_postcode_is_proposed_to_a_neighbours_need(client, database, otterlo, users):
    csrf = log_in(client, "builder")
    volunteer = need_form(csrf, person_ref="r-buur", postcode="6731BR", huisnummer="99", toevoeging="", slots=[])
    saved = client.post("/volunteers/new", data=volunteer | {"reach_m": "800"}, follow_redirects=False)
    assert saved.status_code == 303 and "Vrijwilliger opgeslagen: r-buur" in client.get(saved.headers["location"]).text
    with database.session() as session:
        assert session.exec(select(Volunteer)).one().reach_m == 800
    need_page = client.get(client.post("/needs/new", data=need_form(csrf), follow_redirects=False).headers["location"])
    assert "Buurtgenoot (vrijwilliger)" in need_page.text


def test_only_builders_and_admins_register_people(client, users):
    assert client.get("/needs/new", follow_redirects=False).status_code == 303
    log_in(client, "association")
    assert client.get("/needs/new").status_code == 403
    assert client.get("/volunteers/new").status_code == 403
