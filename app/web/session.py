"""Who a browser is: its login cookie, the CSRF token its forms must carry, and where to send it to log in."""

import hmac
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from app.api.deps import SessionDep
from app.errors import Forbidden
from app.models.token import Role
from app.store import logins
from app.store.logins import SESSION_COOKIE, Login

PAGE_ROLES = (Role.admin, Role.builder, Role.association)


class LoginRequired(Exception):
    """A page that needs a login was asked without one: the browser goes to the login page and back."""

    def __init__(self, back_to: str):
        self.back_to = back_to


def _login(request: Request, session: SessionDep) -> Login | None:
    if "login" in request.scope.get("state", {}):  # a page read: authentication looked it up already
        return request.state.login
    secret = request.cookies.get(SESSION_COOKIE)
    return logins.resume(session, secret) if secret else None


OptionalLoginDep = Annotated[Login | None, Depends(_login)]


def _page_login(request: Request, login: OptionalLoginDep) -> Login:
    if login is None:
        raise LoginRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    if login.principal.role not in PAGE_ROLES:
        raise Forbidden("these pages are for associations, community builders and administrators")
    return login


PageLoginDep = Annotated[Login, Depends(_page_login)]


def check_same_site(request: Request) -> None:
    """A form posted from another site is refused, whatever it carries (defence beside the CSRF token)."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.url.netloc:
        raise Forbidden(f"the form was sent from {origin}, not from this site")


def check_token(given: object, expected: str) -> None:
    if not isinstance(given, str) or not hmac.compare_digest(given.encode(), expected.encode()):
        raise Forbidden("csrf_token: the form is out of date or was not sent from this site; reload the page")


async def _posted_form(request: Request, login: PageLoginDep) -> FormData:
    check_same_site(request)
    form = await request.form()
    check_token(form.get("csrf_token"), login.csrf_token)
    return form


PostedFormDep = Annotated[FormData, Depends(_posted_form)]


def safe_next(target: str | None, default: str) -> str:
    """Where to go after logging in: a path on this site only, never another host."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def add_login_redirect(app: FastAPI) -> None:
    async def to_login(request: Request, error: LoginRequired) -> RedirectResponse:
        return RedirectResponse("/login?" + urlencode({"next": error.back_to}), status_code=303)

    app.add_exception_handler(LoginRequired, to_login)  # type: ignore[arg-type]
