"""Login sessions: a random cookie secret per browser, stored hashed, with its own CSRF token."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select

from app.models import LoginSession, User
from app.models.base import utcnow
from app.models.token import Role
from app.store.auth import Principal, hash_token

SESSION_COOKIE = "nabij_session"


@dataclass(frozen=True)
class Login:
    """A logged-in browser: who it is, and the token its forms must carry."""

    principal: Principal
    csrf_token: str
    email: str


def start(session: Session, user: User, *, lifetime: timedelta) -> str:
    """Open a session for `user` and return the cookie's secret (only its hash is stored)."""
    secret = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            user_id=user.id,
            token_hash=hash_token(secret),
            csrf_token=secrets.token_urlsafe(32),
            expires_at=utcnow() + lifetime,
        )
    )
    return secret


def resume(session: Session, secret: str) -> Login | None:
    """The login a cookie stands for; None when it is unknown, ended, expired, or its account disabled."""
    found = session.exec(
        select(LoginSession, User)
        .join(User, col(User.id) == LoginSession.user_id)
        .where(col(LoginSession.token_hash) == hash_token(secret))
    ).first()
    if found is None:
        return None
    login, user = found
    if login.revoked_at is not None or login.expires_at <= utcnow() or user.disabled_at is not None:
        return None
    return Login(Principal(Role(user.role), user.organisation_id, user_id=user.id), login.csrf_token, user.email)


def end(session: Session, secret: str) -> None:
    """Log out: the cookie stops working at once, on every worker."""
    login = session.exec(select(LoginSession).where(col(LoginSession.token_hash) == hash_token(secret))).first()
    if login is not None and login.revoked_at is None:
        login.revoked_at = utcnow()
        session.add(login)
