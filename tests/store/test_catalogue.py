"""Each worker's catalogue of offers: searched like the index was, and caught up with what others write."""

import math
import random
import uuid
from datetime import date

import pytest
from shapely.geometry import Point
from sqlalchemy import delete, func, update
from sqlmodel import col, select

from app.db.spatial import bounds_of
from app.geo import RD_NEW, radius_envelope, to_metric, to_wgs84
from app.matching.constraints import domain_of
from app.models import Asset, Offer, OfferChange
from app.store.catalogue import Catalogue
from app.store.freshness import today
from tests import factories

GARDEN = "huisvesting/tuin"
LONG_AGO = date(2000, 1, 1)


def _offer_at(client, headers, lon: float, lat: float, **offer) -> tuple[str, str]:
    place = factories.asset(factories.point(lon, lat), support_level="vereniging")
    asset_id = client.post("/api/v1/assets", json=place, headers=headers).json()["id"]
    body = factories.offer(asset_id, themes=[GARDEN], **offer)
    return client.post("/api/v1/offers", json=body, headers=headers).json()["id"], asset_id


def _proposed(client, headers, need_id: str) -> dict[str, dict]:
    answer = client.get(f"/api/v1/needs/{need_id}/matches", headers=headers)
    assert answer.status_code == 200, answer.text
    return {match["offer_id"]: match for match in answer.json()["matches"]}


def test_offers_are_found_within_the_reach_not_in_the_corners_of_its_box(client, auth, database):
    headers = auth["admin"]
    lon, lat, reach = 6.2, 52.13, 1000.0
    x, y = to_metric(lon, lat)

    def offer_off_by(east: float, north: float) -> uuid.UUID:
        return uuid.UUID(_offer_at(client, headers, *to_wgs84(x + east, y + north, RD_NEW))[0])

    diagonal = reach * 0.99 / math.sqrt(2)
    within = {offer_off_by(reach * 0.99, 0), offer_off_by(-diagonal, diagonal), offer_off_by(0, -reach * 0.99)}
    offer_off_by(reach * 0.98, reach * 0.98)  # inside the search box, 1.39 times the reach away
    catalogue = Catalogue()
    with database.session() as session:
        catalogue.catch_up(session.connection(), 0)
    found = catalogue.near(radius_envelope(lon, lat, reach), ["huisvesting"], shown_since=today())
    assert {offer.row.offer_id for offer in found} == within


def test_a_need_on_a_band_edge_is_offered_what_lies_on_both_sides(client, auth):
    headers = auth["admin"]
    edge = 6.18  # (6.18 + 180) * 50 is a whole number: the edge between two bands of longitude
    west, _ = _offer_at(client, headers, edge - 0.005, 52.13)
    east, _ = _offer_at(client, headers, edge + 0.005, 52.13)
    need = client.post(
        "/api/v1/needs", json=factories.need(factories.point(edge, 52.13), themes=[GARDEN]), headers=headers
    )
    assert set(_proposed(client, headers, need.json()["id"])) == {west, east}


def test_a_look_sees_what_another_worker_wrote_to_offers_and_places(client, auth, database):
    """`database` is another engine, as another worker's would be; the app's catalogue catches up."""
    headers = auth["builder"]
    offer_id, asset_id = _offer_at(client, headers, 6.2, 52.13)
    need = client.post("/api/v1/needs", json=factories.need(themes=[GARDEN]), headers=headers).json()["id"]
    assert _proposed(client, headers, need)[offer_id]["name"] == "Buurthuis De Linde"

    def elsewhere(statement) -> None:
        with database.session() as session:
            session.execute(statement)

    place = update(Asset).where(col(Asset.id) == uuid.UUID(asset_id))
    offer = update(Offer).where(col(Offer.id) == uuid.UUID(offer_id))
    elsewhere(place.values(name="De Wilg"))
    assert _proposed(client, headers, need)[offer_id]["name"] == "De Wilg"
    elsewhere(offer.values(status="draft"))
    assert offer_id not in _proposed(client, headers, need)
    elsewhere(offer.values(status="published"))
    assert offer_id in _proposed(client, headers, need)
    elsewhere(place.values(status="archived"))
    assert offer_id not in _proposed(client, headers, need)
    elsewhere(place.values(status="published"))
    elsewhere(offer.values(last_confirmed=LONG_AGO))  # hidden for want of confirmation
    assert offer_id not in _proposed(client, headers, need)
    elsewhere(offer.values(last_confirmed=today()))
    assert offer_id in _proposed(client, headers, need)
    elsewhere(delete(Offer).where(col(Offer.id) == uuid.UUID(offer_id)))
    assert offer_id not in _proposed(client, headers, need)


def test_a_copy_older_than_the_changes_kept_is_read_again_whole(client, auth, database):
    headers = auth["builder"]
    offer_id, _ = _offer_at(client, headers, 6.2, 52.13)
    need = client.post("/api/v1/needs", json=factories.need(themes=[GARDEN]), headers=headers).json()["id"]
    assert offer_id in _proposed(client, headers, need)
    with database.session() as session:  # the draft's change is pruned, as if 100,000 changes came after it
        session.execute(update(Offer).where(col(Offer.id) == uuid.UUID(offer_id)).values(status="draft"))
        session.execute(delete(OfferChange))
    second_id, _ = _offer_at(client, headers, 6.201, 52.13)
    proposed = _proposed(client, headers, need)
    assert second_id in proposed and offer_id not in proposed


THEMES = ["huisvesting/tuin", "huisvesting/klussen", "werk_opleiding/werk_zoeken", "sociaal_netwerk/ontmoeting"]
EVERYWHERE = (5.0, 51.0, 7.5, 53.5)  # a box whose ellipse holds every place below


def _at(rng: random.Random) -> dict:
    point = Point(6.2 + rng.uniform(-0.05, 0.05), 52.13 + rng.uniform(-0.03, 0.03))
    return {"geom": point, **bounds_of(point)}


def _write(session, rng: random.Random, places: list, offers: list) -> None:
    """One write of the kinds services and imports make, to a random place or offer."""
    kind = rng.choice(
        ["place"] * 2 + ["offer"] * 5 + ["edit offer"] * 3 + ["edit place"] * 2 + ["drop offer", "drop place"]
    )
    if kind == "place" or not places:
        place = Asset(
            name=f"Plek {len(places)}",
            asset_type="physical",
            support_level="vereniging",
            status="published",
            **_at(rng),
        )
        session.add(place)
        places.append(place.id)
    elif kind == "offer" or not offers:
        offer = Offer(asset_id=rng.choice(places), title="Aanbod", themes=rng.sample(THEMES, rng.randint(1, 2)),
                      status=rng.choice(["published", "published", "draft"]))  # fmt: skip
        session.add(offer)
        offers.append(offer.id)
    elif kind == "edit offer":
        offer = session.get(Offer, rng.choice(offers))
        offer.themes = rng.sample(THEMES, rng.randint(1, 3))
        offer.status = rng.choice(["published", "published", "draft", "archived"])
        offer.last_confirmed = rng.choice([today(), LONG_AGO, None])
        offer.asset_id = rng.choice(places)
    elif kind == "edit place":
        place = session.get(Asset, rng.choice(places))
        changes = {**_at(rng), "support_level": rng.choice(["vereniging", "maatwerk"]), "name": "Elders"}
        for name, value in {**changes, "status": rng.choice(["published", "published", "archived"])}.items():
            setattr(place, name, value)
    else:
        chosen = rng.choice(offers if kind == "drop offer" else places)
        session.delete(session.get(Offer if kind == "drop offer" else Asset, chosen))
        (offers if kind == "drop offer" else places).remove(chosen)
        if kind == "drop place":  # its offers go with it
            offers[:] = [o for o in offers if session.get(Offer, o) is not None]


def _holds(catalogue: Catalogue) -> tuple:
    found = catalogue.near(EVERYWHERE, sorted({domain_of(theme) for theme in THEMES}), shown_since=date.min)
    offers = sorted((o.row, o.counts_from, o.text_id, round(o.sketch.x, 3), round(o.sketch.y, 3)) for o in found)
    return offers, catalogue.themes_at(o.row.asset_id for o in found)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_copy_caught_up_change_by_change_holds_what_one_read_whole_does(database, seed):
    rng, places, offers = random.Random(seed), [], []
    caught_up = Catalogue()
    for _ in range(150):
        with database.session() as session:
            _write(session, rng, places, offers)
        if rng.random() < 0.4:
            with database.session() as session:
                caught_up.catch_up(session.connection(), _newest(session))
    with database.session() as session:
        caught_up.catch_up(session.connection(), _newest(session))
        whole = Catalogue()
        whole.read(session.connection())
    assert _holds(caught_up) == _holds(whole)
    assert len(_holds(whole)[0]) > 1  # the writes left published offers to compare


def _newest(session) -> int:
    return session.exec(select(func.max(col(OfferChange.seq)))).one() or 0
