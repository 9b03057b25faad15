"""Accounts to log in with, and a way to log a test client in through the real form."""

import re
import uuid

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from app.config import Settings
from app.models import User
from app.models.token import Role

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


@pytest.fixture(scope="session")
def password_hash() -> str:
    """PASSWORD hashed once: an Argon2id hash takes 0.1-0.7 s here, and every account may share it."""
    return PasswordHasher().hash(PASSWORD)


@pytest.fixture
def users(database, organisations, password_hash) -> dict[str, uuid.UUID]:
    """One account per kind in EMAILS; the two associations belong to `own` and `other`."""
    organisation_of = {"association": organisations["own"], "other_association": organisations["other"]}
    with database.session() as session:
        made = {
            kind: User(
                email=email,
                password_hash=password_hash,
                role=Role.association if kind in organisation_of else Role(kind),
                organisation_id=organisation_of.get(kind),
            )
            for kind, email in EMAILS.items()
        }
        session.add_all(made.values())
    return {kind: user.id for kind, user in made.items()}


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
