"""Logging in and out of the web pages: an Argon2id password check and a database-held session."""

import math
import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.api.deps import SessionDep, SettingsDep
from app.config import Settings
from app.errors import NotAuthenticated, TooManyRequests
from app.store import accounts, logins, rate_limits
from app.store.logins import SESSION_COOKIE
from app.web.render import page
from app.web.session import OptionalLoginDep, PostedFormDep, check_same_site, check_token, safe_next

router = APIRouter(tags=["pages"], include_in_schema=False)

# Before a login there is no session to hold the form's token: the token rides in a cookie as well (double submit).
LOGIN_FORM_COOKIE = "nabij_login_form"
HOME = "/manage"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, login: OptionalLoginDep, settings: SettingsDep, next: str = "") -> Response:
    if login is not None:
        return RedirectResponse(safe_next(next, HOME), status_code=303)
    return _login_form(request, settings, next=next)


@router.post("/login", response_class=HTMLResponse)
def log_in(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    check_same_site(request)
    check_token(csrf_token, request.cookies.get(LOGIN_FORM_COOKIE, ""))
    limit = rate_limits.Limit("login", settings.login_failure_limit, settings.login_failure_window_s)
    # Per address and per account: one client guessing many passwords, or many clients guessing one account's.
    clients = [request.client.host if request.client else "unknown", "account:" + accounts.normalised_email(email)]
    try:
        for client in clients:
            rate_limits.check(session, limit, client)
    except TooManyRequests as error:  # checked before the password: a blocked client costs no hash
        response = _login_form(request, settings, next=next, email=email, wait_s=error.retry_after_s)
        response.headers["Retry-After"] = str(error.retry_after_s)
        return response
    try:
        user = accounts.authenticate(session, email, password)
    except NotAuthenticated:
        for client in clients:
            rate_limits.record_failure(session, limit, client)
        return _login_form(request, settings, next=next, email=email, failed=True)
    secret = logins.start(session, user, lifetime=timedelta(hours=settings.session_hours))
    response = RedirectResponse(safe_next(next, HOME), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=int(settings.session_hours * 3600),
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
    )
    response.delete_cookie(LOGIN_FORM_COOKIE)
    return response


@router.post("/logout")
def log_out(request: Request, session: SessionDep, form: PostedFormDep) -> Response:
    logins.end(session, request.cookies[SESSION_COOKIE])
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _login_form(
    request: Request, settings: Settings, *, next: str, email: str = "", failed: bool = False, wait_s: int = 0
) -> Response:
    token = request.cookies.get(LOGIN_FORM_COOKIE) or secrets.token_urlsafe(32)
    context = {"title": "login", "csrf_token": token, "next": safe_next(next, ""), "email": email, "failed": failed}
    status = 429 if wait_s else 401 if failed else 200
    response = page(request, "login.html", context | {"wait_minutes": math.ceil(wait_s / 60)}, status_code=status)
    response.set_cookie(LOGIN_FORM_COOKIE, token, httponly=True, secure=settings.secure_cookies, samesite="strict")
    return response
