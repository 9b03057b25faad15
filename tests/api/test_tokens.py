"""Admins list the API tokens (never a secret) and revoke them; a revoked token is refused at once."""

import uuid

from sqlmodel import select

from app.models import ApiToken

FIELDS = {"id", "name", "role", "organisation_id", "created_at", "revoked_at"}


def test_admins_list_every_token_without_secrets(client, auth):
    response = client.get("/api/v1/tokens", headers=auth["admin"])
    assert response.status_code == 200
    tokens = response.json()
    assert {token["name"] for token in tokens} == {
        f"test {role}" for role in ("admin", "builder", "planner", "association")
    }
    assert all(set(token) == FIELDS and token["revoked_at"] is None for token in tokens)
    secrets = [header["Authorization"].removeprefix("Bearer ") for header in auth.values() if header]
    assert not any(secret in response.text for secret in secrets)


def test_only_admins_see_or_revoke_tokens(client, auth, database):
    some_id = _token_id(database, "test admin")
    for role, status in (("anonymous", 401), ("association", 403), ("planner", 403), ("builder", 403)):
        assert client.get("/api/v1/tokens", headers=auth[role]).status_code == status
        assert client.delete(f"/api/v1/tokens/{some_id}", headers=auth[role]).status_code == status
    assert client.get("/api/v1/needs", headers=auth["admin"]).status_code == 200


def test_a_revoked_token_is_refused_from_the_next_request_on(client, auth, database):
    builder = _token_id(database, "test builder")
    assert client.get("/api/v1/needs", headers=auth["builder"]).status_code == 200
    assert client.delete(f"/api/v1/tokens/{builder}", headers=auth["admin"]).status_code == 204
    refused = client.get("/api/v1/needs", headers=auth["builder"])
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    # The route that checks its token itself, in its own transaction, refuses it too.
    assert client.get(f"/api/v1/needs/{uuid.uuid4()}/matches", headers=auth["builder"]).status_code == 401
    listed = {t["id"]: t for t in client.get("/api/v1/tokens", headers=auth["admin"]).json()}
    revoked_at = listed[str(builder)]["revoked_at"]
    assert revoked_at is not None
    assert client.delete(f"/api/v1/tokens/{builder}", headers=auth["admin"]).status_code == 204
    listed = {t["id"]: t for t in client.get("/api/v1/tokens", headers=auth["admin"]).json()}
    assert listed[str(builder)]["revoked_at"] == revoked_at  # revoking again keeps the first moment


def test_revoking_an_unknown_token_answers_404(client, auth):
    assert client.delete(f"/api/v1/tokens/{uuid.uuid4()}", headers=auth["admin"]).status_code == 404


def _token_id(database, name: str) -> uuid.UUID:
    with database.session() as session:
        return session.exec(select(ApiToken.id).where(ApiToken.name == name)).one()


def test_an_admin_cannot_revoke_the_token_of_the_request_itself(client, auth, database):
    own = _token_id(database, "test admin")
    assert client.delete(f"/api/v1/tokens/{own}", headers=auth["admin"]).status_code == 409
    assert client.get("/api/v1/tokens", headers=auth["admin"]).status_code == 200
