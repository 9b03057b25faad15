"""Bearer tokens are checked before routing: unknown and revoked ones answer 401, and a client that
keeps sending them is answered 429 until its window ends."""

import asyncio
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests import factories

PROBLEM = "application/problem+json"
UNKNOWN = {"Authorization": "Bearer nabij_not-a-token"}


def _statuses(client: TestClient, times: int, headers: dict) -> list[int]:
    return [client.get("/api/v1/assets", headers=headers).status_code for _ in range(times)]


def test_invalid_tokens_from_one_client_are_answered_429_before_the_100th_attempt(client, settings):
    statuses = _statuses(client, 99, UNKNOWN)
    limit = settings.token_failure_limit
    assert statuses[:limit] == [401] * limit
    # Fixed windows: were one to end during this test, the count would start again once, no more.
    assert 429 in statuses and statuses.index(429) <= 2 * limit
    assert limit == 20 and settings.token_failure_window_s == 300  # the defaults this proves


@pytest.fixture
def strict_settings(settings, auth) -> Settings:
    """5 failures per hour; the `auth` tokens are in the database."""
    return settings.model_copy(update={"token_failure_limit": 5, "token_failure_window_s": 3600})


@pytest.fixture
def strict(strict_settings) -> Iterator[TestClient]:
    with TestClient(create_app(strict_settings)) as test_client:
        yield test_client


def test_the_failure_after_the_limit_gets_429_with_retry_after_as_problem_json(strict):
    assert _statuses(strict, 5, UNKNOWN) == [401] * 5
    refused = strict.get("/api/v1/assets", headers=UNKNOWN)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == PROBLEM
    assert 1 <= int(refused.headers["retry-after"]) <= 3600
    assert refused.json()["title"] == "Too many requests"


def test_revoked_and_malformed_credentials_count_as_failures_too(strict):
    for header in ("Bearer", "Basic dXNlcjpwYXNz", "nabij_x", "Bearer nabij_a", "Bearer nabij_b"):
        assert strict.get("/api/v1/assets", headers={"Authorization": header}).status_code == 401
    assert strict.get("/api/v1/assets", headers=UNKNOWN).status_code == 429


def test_a_blocked_client_with_a_valid_token_still_gets_through(strict, auth):
    _statuses(strict, 6, UNKNOWN)
    assert strict.get("/api/v1/needs", headers=auth["builder"]).status_code == 200


def test_other_clients_and_anonymous_reads_are_not_held_back(strict, strict_settings):
    _statuses(strict, 6, UNKNOWN)
    assert strict.get("/api/v1/assets").status_code == 200  # no credentials: nothing to count
    with TestClient(create_app(strict_settings), client=("203.0.113.7", 50000)) as elsewhere:
        assert elsewhere.get("/api/v1/assets", headers=UNKNOWN).status_code == 401


def test_a_token_check_waiting_for_a_connection_does_not_hold_up_other_requests(settings, auth):
    """With every pooled connection taken, a call with a token waits for one in a worker thread;
    the event loop goes on serving calls that need no database."""

    async def scenario() -> tuple[float, int]:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            database = app.state.database
            pool = database.engine.pool
            held = [database.engine.connect() for _ in range(pool.size() + pool._max_overflow)]  # all it lends
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
                waiting = asyncio.create_task(http.get("/api/v1/assets", headers=auth["builder"]))
                await asyncio.sleep(0.2)
                started = time.perf_counter()
                themes = await http.get("/api/v1/themes")
                took = time.perf_counter() - started
                assert themes.status_code == 200 and not waiting.done()
                for connection in held:
                    connection.close()
                return took, (await waiting).status_code

    took, status = asyncio.run(scenario())
    assert took < 5 and status == 200


def _look(client: TestClient, need_id: object, headers: dict, **params) -> httpx.Response:
    return client.get(f"/api/v1/needs/{need_id}/matches", headers=headers, params=params)


def test_the_matches_route_checks_its_token_itself_in_the_order_every_route_does(client, auth):
    need_id = client.post("/api/v1/needs", json=factories.need(), headers=auth["builder"]).json()["id"]
    assert _look(client, need_id, auth["builder"]).status_code == 200
    assert _look(client, need_id, auth["planner"]).status_code == 403
    assert _look(client, need_id, {}).status_code == 401
    assert _look(client, uuid.uuid4(), auth["builder"]).status_code == 404
    refused = _look(client, "not-an-id", UNKNOWN, limit=0)  # who asks is judged before what is asked
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    assert refused.headers["content-type"] == PROBLEM
    assert _look(client, "not-an-id", auth["builder"], limit=0).status_code == 422
    assert _look(client, need_id, auth["planner"], limit=0).status_code == 422  # as on every route
    assert client.head(f"/api/v1/needs/{need_id}/matches", headers=UNKNOWN).status_code == 401
    assert client.head(f"/api/v1/needs/{need_id}/matches", headers=auth["builder"]).status_code == 405


def test_unknown_tokens_at_the_matches_route_count_against_the_client(strict, auth):
    statuses = [_look(strict, uuid.uuid4(), UNKNOWN).status_code for _ in range(3)]
    statuses.append(_look(strict, "not-an-id", UNKNOWN).status_code)
    statuses.append(strict.head(f"/api/v1/needs/{uuid.uuid4()}/matches", headers=UNKNOWN).status_code)
    assert statuses == [401] * 5
    assert _look(strict, uuid.uuid4(), UNKNOWN).status_code == 429
    assert _look(strict, "not-an-id", UNKNOWN).status_code == 429
    assert strict.get("/api/v1/assets", headers=UNKNOWN).status_code == 429  # one count for every route
    assert _look(strict, uuid.uuid4(), auth["builder"]).status_code == 404  # a valid token is never held back
