"""Bearer tokens: made once, stored as a SHA-256 hash, resolved to who is calling."""

import hashlib
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.db.driver import DriverStatement, as_text
from app.errors import InvalidInput, NotFound
from app.models import ApiToken, Organisation
from app.models.base import utcnow
from app.models.token import Role

TOKEN_PREFIX = "nabij_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: a role (None for the anonymous public) and, for associations, their organisation.

    A bearer token sets `token_id`; a logged-in browser sets `user_id`.
    """

    role: Role | None = None
    organisation_id: uuid.UUID | None = None
    token_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None


ANONYMOUS = Principal()


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(session: Session, *, role: Role, name: str, organisation_id: uuid.UUID | None) -> str:
    """Store a new token and return its secret, which is never stored and cannot be shown again."""
    if (role == Role.association) != (organisation_id is not None):
        raise InvalidInput.field("organisation", "an association token needs an organisation; other roles take none")
    if organisation_id is not None and session.get(Organisation, organisation_id) is None:
        raise InvalidInput.field("organisation", f"no organisation with id {organisation_id}")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(name=name, role=role, organisation_id=organisation_id, token_hash=hash_token(secret)))
    return secret


# Asked on every call with a token: built once, and read as a plain row rather than an object.
TOKEN_BY_HASH = DriverStatement(
    sa_select(col(ApiToken.role), as_text(col(ApiToken.organisation_id)), as_text(col(ApiToken.id))).where(
        col(ApiToken.token_hash) == bindparam("token_hash"), col(ApiToken.revoked_at).is_(None)
    )
)


def principal_for(connection: Connection, secret: str) -> Principal | None:
    """The caller a bearer secret stands for; None for an unknown or revoked token."""
    tokens = TOKEN_BY_HASH.rows(connection, {"token_hash": hash_token(secret)})
    if not tokens:
        return None
    role, organisation_id, token_id = tokens[0]
    return Principal(Role(role), organisation_id and uuid.UUID(organisation_id), uuid.UUID(token_id))


def tokens(session: Session) -> list[ApiToken]:
    """Every token, revoked ones too, oldest first."""
    return list(session.exec(select(ApiToken).order_by(col(ApiToken.created_at), col(ApiToken.id))))


def revoke_token(session: Session, token_id: uuid.UUID) -> ApiToken:
    """Refuse the token from now on. The row stays, for what was done with it (runs, marks);
    revoking it again keeps the first moment."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"no token with id {token_id}")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.add(token)
    return token
