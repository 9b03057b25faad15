"""Accounts to log in with, and a way to log a test client in through the real form."""

import re
import uuid

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.models.token import Role
from app.store import accounts

PASSWORD = "lang-genoeg-wachtwoord"
EMAILS = {
    "association": "own@vereniging.example",
    "other_association": "other@vereniging.example",
    "builder": "builder@wijkteam.example",
    "admin": "admin@gemeente.example",
    "planner": "planner@gemeente.example",
}


@pytest.fixture
def settings(database_url) -> Settings:
    """Plain-HTTP test clients: cookies without Secure (a test below checks the default sets it)."""
    return Settings(database_url=database_url, public_url="http://testserver", secure_cookies=False)


@pytest.fixture
def users(database, organisations) -> dict[str, uuid.UUID]:
    """One account per kind in EMAILS; the two associations belong to `own` and `other`."""
    organisation_of = {"association": organisations["own"], "other_association": organisations["other"]}
    made = {}
    with database.session() as session:
        for kind, email in EMAILS.items():
            role = Role.association if kind in organisation_of else Role(kind)
            user = accounts.create_user(
                session, email=email, password=PASSWORD, role=role, organisation_id=organisation_of.get(kind)
            )
            made[kind] = user.id
    return made


def form_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def log_in(client: TestClient, kind: str) -> str:
    """Log in through the login form; returns the CSRF token the pages' forms then carry."""
    token = form_token(client.get("/login").text)
    response = client.post("/login", data={"email": EMAILS[kind], "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 200, response.text
    return form_token(client.get("/manage").text)
