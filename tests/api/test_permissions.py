"""Who may list, read, create, change and delete what: every role against every resource and action.

The table's target for assets and offers is a draft of the association's own organisation; what
the public sees and what other organisations own is checked by the focused tests below it.
"""

import pytest

from tests import factories

API = "/api/v1"
PROBLEM = "application/problem+json"
ACTIONS = ("list", "read", "create", "update", "delete")
ROLES = ("anonymous", "association", "planner", "builder", "admin")
SPATIAL = {"areas", "assets", "volunteers", "needs"}

# fmt: off
#                  list read create update delete
ONLY_ADMIN     = {"anonymous":   (200, 200, 401, 401, 401), "association": (200, 200, 403, 403, 403),
                  "planner":     (200, 200, 403, 403, 403), "builder":     (200, 200, 403, 403, 403),
                  "admin":       (200, 200, 201, 200, 204)}
OWN_ORG        = {"anonymous":   (200, 200, 401, 401, 401), "association": (200, 200, 403, 200, 403),
                  "planner":     (200, 200, 403, 403, 403), "builder":     (200, 200, 201, 200, 204),
                  "admin":       (200, 200, 201, 200, 204)}
OWN_DRAFT      = {"anonymous":   (200, 404, 401, 401, 401), "association": (200, 200, 201, 200, 204),
                  "planner":     (200, 200, 403, 403, 403), "builder":     (200, 200, 201, 200, 204),
                  "admin":       (200, 200, 201, 200, 204)}
PEOPLE         = {"anonymous":   (401, 401, 401, 401, 401), "association": (403, 403, 403, 403, 403),
                  "planner":     (403, 403, 403, 403, 403), "builder":     (200, 200, 201, 200, 204),
                  "admin":       (200, 200, 201, 200, 204)}
# fmt: on
RULES = {
    "areas": ONLY_ADMIN,
    "organisations": OWN_ORG,  # the target is the association's own organisation
    "assets": OWN_DRAFT,
    "offers": OWN_DRAFT,
    "volunteers": PEOPLE,
    "needs": PEOPLE,
}
TABLE = [
    pytest.param(role, resource, action, status, id=f"{role}-{action}-{resource}")
    for resource, by_role in RULES.items()
    for role, statuses in by_role.items()
    for action, status in zip(ACTIONS, statuses, strict=True)
]


def _change(resource: str, **fields) -> dict:
    return {"properties": fields} if resource in SPATIAL else fields


CHANGES = {
    "areas": _change("areas", name="Lindenbuurt"),
    "organisations": _change("organisations", name="Vereniging Eigen Huis"),
    "assets": _change("assets", name="Buurthuis De Eik"),
    "offers": _change("offers", title="Soepmiddag"),
    "volunteers": _change("volunteers", themes=["huisvesting/klussen"]),
    "needs": _change("needs", status="in_progress"),
}


def _create(client, auth, resource: str, body: dict) -> dict:
    response = client.post(f"{API}/{resource}", json=body, headers=auth["admin"])
    assert response.status_code == 201, response.text
    return response.json()


def _owned_by(client, auth, organisation_id, resource: str, status: str) -> dict:
    """An asset, or an offer on an asset, of the organisation; both with the given status."""
    asset = _create(client, auth, "assets", factories.asset(organisation_id=str(organisation_id), status=status))
    if resource == "assets":
        return asset
    return _create(client, auth, "offers", factories.offer(asset["id"], status=status))


def _arrange(client, auth, own, resource: str) -> tuple[str, dict]:
    """The table's target object and a valid body for creating another one."""
    if resource == "organisations":
        return str(own), factories.organisation()
    if resource in ("assets", "offers"):
        target = _owned_by(client, auth, own, resource, "draft")
        asset_id = target["id"] if resource == "assets" else target["asset_id"]
        new = {"assets": factories.asset(organisation_id=str(own), status="draft")}
        return target["id"], new.get(resource) or factories.offer(asset_id, status="draft")
    made, new = {
        "areas": (factories.area("BU99990101"), factories.area("BU99990102")),
        "volunteers": (factories.volunteer(), factories.volunteer(person_ref="r-0003")),
        "needs": (factories.need(), factories.need(person_ref="r-0004")),
    }[resource]
    return _create(client, auth, resource, made)["id"], new


def _listed(client, headers, resource: str) -> set[str]:
    body = client.get(f"{API}/{resource}?limit=100", headers=headers).json()
    return {item["id"] for item in body.get("items", body.get("features", []))}


def _count(client, auth, resource: str) -> int:
    return client.get(f"{API}/{resource}", headers=auth["admin"]).json()["numberMatched"]


def _stored(client, auth, url: str) -> dict | None:
    response = client.get(url, headers=auth["admin"])
    return response.json() if response.status_code == 200 else None


def _as_anyone(shown: dict | None) -> dict | None:
    """An object without what only builders and admins are told (an offer's open reports)."""
    return shown and {name: value for name, value in shown.items() if name != "open_reports"}


def _assert_problem(response, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == status


@pytest.mark.parametrize(("role", "resource", "action", "expected"), TABLE)
def test_role_may_act_on_resource_as_the_rules_say(client, auth, organisations, role, resource, action, expected):
    target, new = _arrange(client, auth, organisations["own"], resource)
    url, headers = f"{API}/{resource}/{target}", auth[role]
    before, count = _stored(client, auth, url), _count(client, auth, resource)
    response = {
        "list": lambda: client.get(f"{API}/{resource}", headers=headers),
        "read": lambda: client.get(url, headers=headers),
        "create": lambda: client.post(f"{API}/{resource}", json=new, headers=headers),
        "update": lambda: client.patch(url, json=CHANGES[resource], headers=headers),
        "delete": lambda: client.delete(url, headers=headers),
    }[action]()
    assert response.status_code == expected, response.text
    if expected >= 400:
        _assert_problem(response, expected)
    if action == "list" and expected == 200:
        may_read = RULES[resource][role][1] == 200
        assert (target in _listed(client, headers, resource)) == may_read

    after = _stored(client, auth, url)
    if action == "delete" and expected == 204:
        assert after is None
    elif action == "update" and expected == 200:
        assert _as_anyone(after) == _as_anyone(response.json()) and after != before
    else:
        assert after == before
    created, deleted = action == "create" and expected == 201, action == "delete" and expected == 204
    assert _count(client, auth, resource) == count + created - deleted


def _publication_world(client, auth, organisations) -> dict[str, dict[str, str]]:
    """Assets and offers of both organisations, published and draft, by resource and name."""
    own, other = organisations["own"], organisations["other"]
    assets = {
        "own_draft": _owned_by(client, auth, own, "assets", "draft")["id"],
        "other_draft": _owned_by(client, auth, other, "assets", "draft")["id"],
        "other_published": _owned_by(client, auth, other, "assets", "published")["id"],
    }
    offers = {
        "public": factories.offer(assets["other_published"], status="published"),
        "draft_on_published_asset": factories.offer(assets["other_published"], status="draft"),
        "published_on_draft_asset": factories.offer(assets["other_draft"], status="published"),
        "own_draft": factories.offer(assets["own_draft"], status="draft"),
    }
    offers = {name: _create(client, auth, "offers", body)["id"] for name, body in offers.items()}
    return {"assets": assets, "offers": offers}


VISIBLE = {
    "anonymous": {"assets": {"other_published"}, "offers": {"public"}},
    "association": {"assets": {"own_draft", "other_published"}, "offers": {"public", "own_draft"}},
}


@pytest.mark.parametrize("resource", ["assets", "offers"])
@pytest.mark.parametrize("role", ROLES)
def test_role_sees_only_the_assets_and_offers_it_may(client, auth, organisations, role, resource):
    world = _publication_world(client, auth, organisations)[resource]
    visible = VISIBLE.get(role, {}).get(resource, set(world))
    headers = auth[role]
    assert _listed(client, headers, resource) == {world[name] for name in visible}
    for name, object_id in world.items():
        response = client.get(f"{API}/{resource}/{object_id}", headers=headers)
        assert response.status_code == (200 if name in visible else 404), name


@pytest.mark.parametrize("status", ["published", "draft"])
@pytest.mark.parametrize("resource", ["assets", "offers"])
def test_association_cannot_edit_or_delete_other_organisations_assets_and_offers(
    client, auth, organisations, resource, status
):
    url = f"{API}/{resource}/{_owned_by(client, auth, organisations['other'], resource, status)['id']}"
    before = _stored(client, auth, url)
    headers = auth["association"]
    _assert_problem(client.patch(url, json=CHANGES[resource], headers=headers), 404)
    _assert_problem(client.delete(url, headers=headers), 404)
    assert _stored(client, auth, url) == before


def test_association_changes_its_own_organisation_but_not_another(client, auth, organisations):
    headers = auth["association"]
    own_url, other_url = (f"{API}/organisations/{organisations[key]}" for key in ("own", "other"))
    other_before = _stored(client, auth, other_url)
    changed = client.patch(own_url, json={"name": "Vereniging Eigen Huis"}, headers=headers)
    assert changed.status_code == 200, changed.text
    assert _stored(client, auth, own_url)["name"] == "Vereniging Eigen Huis"
    _assert_problem(client.patch(other_url, json={"name": "Overgenomen"}, headers=headers), 404)
    _assert_problem(client.delete(other_url, headers=headers), 404)
    _assert_problem(client.post(f"{API}/organisations", json=factories.organisation(), headers=headers), 403)
    assert _stored(client, auth, other_url) == other_before
    assert _count(client, auth, "organisations") == 2


def test_association_asset_without_organisation_gets_its_own(client, auth, organisations):
    created = client.post(f"{API}/assets", json=factories.asset(status="draft"), headers=auth["association"])
    assert created.status_code == 201, created.text
    assert created.json()["properties"]["organisation_id"] == str(organisations["own"])


def test_association_cannot_add_or_move_assets_and_offers_to_another_organisation(client, auth, organisations):
    headers, own, other = auth["association"], organisations["own"], str(organisations["other"])
    other_asset = _owned_by(client, auth, other, "assets", "published")["id"]
    foreign_asset = factories.asset(organisation_id=other, status="draft")
    _assert_problem(client.post(f"{API}/assets", json=foreign_asset, headers=headers), 403)
    foreign_offer = factories.offer(other_asset, status="draft")
    _assert_problem(client.post(f"{API}/offers", json=foreign_offer, headers=headers), 403)
    assert (_count(client, auth, "assets"), _count(client, auth, "offers")) == (1, 0)

    url = f"{API}/assets/{_owned_by(client, auth, own, 'assets', 'draft')['id']}"
    before = _stored(client, auth, url)
    _assert_problem(client.patch(url, json=_change("assets", organisation_id=other), headers=headers), 403)
    assert _stored(client, auth, url) == before


@pytest.mark.parametrize("resource", ["assets", "offers"])
def test_association_cannot_publish_assets_or_offers(client, auth, organisations, resource):
    headers, own = auth["association"], organisations["own"]
    draft = _owned_by(client, auth, own, resource, "draft")
    url = f"{API}/{resource}/{draft['id']}"
    before, count = _stored(client, auth, url), _count(client, auth, resource)
    if resource == "assets":
        published = factories.asset(organisation_id=str(own), status="published")
    else:
        published = factories.offer(draft["asset_id"], status="published")
    _assert_problem(client.post(f"{API}/{resource}", json=published, headers=headers), 403)
    _assert_problem(client.patch(url, json=_change(resource, status="published"), headers=headers), 403)
    assert _stored(client, auth, url) == before
    assert _count(client, auth, resource) == count


@pytest.mark.parametrize("resource", ["assets", "offers"])
def test_anonymous_writes_to_published_assets_and_offers_answer_401(client, auth, organisations, resource):
    url = f"{API}/{resource}/{_owned_by(client, auth, organisations['own'], resource, 'published')['id']}"
    before = _stored(client, auth, url)
    _assert_problem(client.patch(url, json=CHANGES[resource]), 401)
    _assert_problem(client.delete(url), 401)
    assert _stored(client, auth, url) == before


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_themes(client, auth, role):
    response = client.get(f"{API}/themes", headers=auth[role])
    assert response.status_code == 200 and response.json()


def test_draft_and_archived_areas_are_for_planners_builders_and_admins(client, auth):
    for code, status in (("BU99990101", "published"), ("BU99990102", "draft"), ("BU99990103", "archived")):
        body = factories.area(code, status=status)
        assert client.post("/api/v1/areas", json=body, headers=auth["admin"]).status_code == 201
    for role, seen in (("anonymous", 1), ("association", 1), ("planner", 3), ("builder", 3)):
        assert client.get("/api/v1/areas", headers=auth[role]).json()["numberMatched"] == seen, role
