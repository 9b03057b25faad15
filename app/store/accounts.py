"""Accounts for the web pages: e-mail address, Argon2id password hash, role and organisation."""

import uuid
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, select

from app.errors import Conflict, InvalidInput, NotAuthenticated
from app.models import Organisation, User
from app.models.base import utcnow
from app.models.token import Role

# Argon2id with the RFC 9106 low-memory profile (argon2-cffi's default): 64 MiB, 3 passes.
_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 12


@cache
def _unknown_user_hash() -> str:
    """Checked when the address is unknown, so that a wrong address takes as long as a wrong password.
    Made at the first login, not at import: every `nabij` command would pay for it."""
    return _hasher.hash("no such user")


def normalised_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session, *, email: str, password: str, role: Role, organisation_id: uuid.UUID | None = None
) -> User:
    """Store a new account; an association's account belongs to its organisation."""
    email = normalised_email(email)
    if "@" not in email:
        raise InvalidInput.field("email", f"{email!r} is not an e-mail address")
    if (role == Role.association) != (organisation_id is not None):
        raise InvalidInput.field("organisation", "an association account needs an organisation; other roles take none")
    if organisation_id is not None and session.get(Organisation, organisation_id) is None:
        raise InvalidInput.field("organisation", f"no organisation with id {organisation_id}")
    if session.exec(select(User).where(col(User.email) == email)).first() is not None:
        raise Conflict(f"email: an account for {email} already exists")
    user = User(email=email, password_hash=_hashed(password), role=role, organisation_id=organisation_id)
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    user.password_hash = _hashed(password)
    user.updated_at = utcnow()
    session.add(user)


def authenticate(session: Session, email: str, password: str) -> User:
    """The account these credentials open; one message for every failure, so as not to tell which part was wrong."""
    user = session.exec(select(User).where(col(User.email) == normalised_email(email))).first()
    try:
        _hasher.verify(user.password_hash if user else _unknown_user_hash(), password)
    except (VerificationError, InvalidHashError):
        user = None
    if user is None or user.disabled_at is not None:
        raise NotAuthenticated("the e-mail address or the password is wrong")
    if _hasher.check_needs_rehash(user.password_hash):  # parameters raised since the hash was made
        set_password(session, user, password)
    return user


def _hashed(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput.field("password", f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)
