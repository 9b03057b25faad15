"""Accounts to log in with, and a way to log a test client in through the real login form."""

import re

from fastapi.testclient import TestClient

PASSWORD = "lang-genoeg-wachtwoord"
EMAILS = {
    "association": "own@vereniging.example",
    "other_association": "other@vereniging.example",
    "builder": "builder@wijkteam.example",
    "admin": "admin@gemeente.example",
    "planner": "planner@gemeente.example",
}


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
