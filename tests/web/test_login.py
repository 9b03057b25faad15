"""Logging in: Argon2id passwords, database-held sessions, cookies and CSRF."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.config import Settings
from app.errors import Conflict, InvalidInput
from app.main import create_app
from app.models import LoginSession, User
from app.models.base import utcnow
from app.models.token import Role
from app.store import accounts
from tests.accounts import EMAILS, PASSWORD, form_token, log_in


def test_accounts_store_passwords_as_salted_argon2id_hashes_only(database):
    with database.session() as session:
        first = accounts.create_user(session, email="a@example.nl", password=PASSWORD, role=Role.builder)
        second = accounts.create_user(session, email="b@example.nl", password=PASSWORD, role=Role.builder)
    assert first.password_hash.startswith("$argon2id$") and PASSWORD not in first.password_hash
    assert first.password_hash != second.password_hash
    with database.session() as session:
        assert accounts.authenticate(session, " A@Example.NL ", PASSWORD).id == first.id


def test_accounts_refuse_short_passwords_and_a_second_account_for_one_address(database):
    with database.session() as session:
        accounts.create_user(session, email="a@example.nl", password=PASSWORD, role=Role.builder)
        with pytest.raises(InvalidInput, match="password: a password needs at least 12 characters"):
            accounts.create_user(session, email="c@example.nl", password="kort", role=Role.builder)
        with pytest.raises(Conflict, match=r"email: an account for a@example\.nl already exists"):
            accounts.create_user(session, email="A@example.nl", password=PASSWORD, role=Role.admin)


def test_pages_send_a_visitor_without_login_to_the_login_page_and_back(client):
    response = client.get("/manage/offers/new?asset_id=x", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fmanage%2Foffers%2Fnew%3Fasset_id%3Dx"


def test_wrong_password_is_refused_with_one_message_and_no_session(client, users):
    token = form_token(client.get("/login").text)
    for email in (EMAILS["association"], "nobody@example.nl"):
        response = client.post("/login", data={"email": email, "password": "not-the-password", "csrf_token": token})
        assert response.status_code == 401
        assert "Het e-mailadres of het wachtwoord klopt niet." in response.text
        assert f'value="{email}"' in response.text  # what was typed stays
    assert "nabij_session" not in client.cookies


def test_wrong_passwords_are_answered_429_per_address_and_per_account(database_url, users):
    settings = Settings(database_url=database_url, secure_cookies=False, login_failure_limit=3)
    with TestClient(create_app(settings)) as client:
        token = form_token(client.get("/login").text)
        wrong = {"email": EMAILS["builder"], "password": "not-the-password", "csrf_token": token}
        answers = [client.post("/login", data=wrong).status_code for _ in range(4)]
        assert answers == [401, 401, 401, 429]
        right = client.post("/login", data=wrong | {"password": PASSWORD})
        assert right.status_code == 429 and int(right.headers["retry-after"]) > 0
        assert "Te vaak een verkeerd wachtwoord" in right.text and "nabij_session" not in client.cookies
        other = client.post("/login", data=wrong | {"email": EMAILS["admin"], "password": PASSWORD})
        assert other.status_code == 429  # the address is blocked, for every account
    with TestClient(create_app(settings), client=("10.0.0.9", 50000)) as elsewhere:
        token = form_token(elsewhere.get("/login").text)
        blocked = elsewhere.post("/login", data={"email": EMAILS["builder"], "password": PASSWORD, "csrf_token": token})
        assert blocked.status_code == 429  # and the account is blocked, from every address
        fine = elsewhere.post("/login", data={"email": EMAILS["admin"], "password": PASSWORD, "csrf_token": token})
        assert fine.status_code == 200


def test_login_sets_an_httponly_lax_session_cookie_and_goes_where_asked(client, users):
    token = form_token(client.get("/login").text)
    data = {"email": EMAILS["builder"].upper(), "password": PASSWORD, "csrf_token": token, "next": "/map"}
    response = client.post("/login", data=data, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/map"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("nabij_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie


def test_session_cookie_is_secure_by_default(database_url, users):
    with TestClient(create_app(Settings(database_url=database_url)), base_url="https://testserver") as client:
        token = form_token(client.get("/login").text)
        data = {"email": EMAILS["builder"], "password": PASSWORD, "csrf_token": token}
        response = client.post("/login", data=data, follow_redirects=False)
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("nabij_session="))
    assert "; Secure" in cookie


def test_login_never_sends_the_browser_to_another_site(client, users):
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        client.cookies.clear()
        token = form_token(client.get("/login").text)
        data = {"email": EMAILS["builder"], "password": PASSWORD, "csrf_token": token, "next": target}
        response = client.post("/login", data=data, follow_redirects=False)
        assert response.headers["location"] == "/manage", target


def test_login_form_without_its_token_is_refused(client, users):
    client.get("/login")
    data = {"email": EMAILS["builder"], "password": PASSWORD, "csrf_token": "forged"}
    assert client.post("/login", data=data).status_code == 403
    assert "nabij_session" not in client.cookies


def test_logout_ends_the_session_for_good(client, users):
    csrf = log_in(client, "builder")
    old_cookie = client.cookies["nabij_session"]
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    client.cookies.set("nabij_session", old_cookie)
    assert client.get("/manage", follow_redirects=False).status_code == 303


def test_an_expired_or_disabled_session_logs_nobody_in(client, database, users):
    log_in(client, "builder")
    with database.session() as session:
        for login in session.exec(select(LoginSession)):
            login.expires_at = utcnow() - timedelta(seconds=1)
            session.add(login)
    assert client.get("/manage", follow_redirects=False).status_code == 303
    log_in(client, "association")
    with database.session() as session:
        user = session.get(User, users["association"])
        user.disabled_at = utcnow()
        session.add(user)
    assert client.get("/manage", follow_redirects=False).status_code == 303


def test_planners_have_no_management_pages(client, users):
    token = form_token(client.get("/login").text)
    client.post("/login", data={"email": EMAILS["planner"], "password": PASSWORD, "csrf_token": token})
    assert client.get("/manage").status_code == 403


def test_pages_speak_english_when_asked_and_remember_it(client, users):
    assert "<h1>Log in</h1>" in client.get("/login?lang=en").text
    assert 'lang="en"' in client.get("/login").text
    assert "<h1>Inloggen</h1>" in client.get("/login?lang=nl").text
