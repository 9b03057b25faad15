"""Bearer tokens: the secret a request sends, what a failed check costs the client, and the token a
route checks itself.

`app.api.authentication` checks a token before routing, on a connection and worker thread of its own.
The route asked most (a need's matches) is left its token to check as the first statement of the
transaction it opens anyway: on PostgreSQL a connection, a worker thread and a round trip less a look.
An unknown or revoked token still answers 401 (429 once the client failed too often) and counts
against the client, and a malformed parameter or method does not answer 422 or 405 before it (`app.api.problems`):
who sends a request is judged before what it holds.
"""

from dataclasses import dataclass
from typing import NoReturn

from sqlalchemy import Connection

from app.db import Database
from app.errors import NotAuthenticated
from app.store import rate_limits
from app.store.auth import Principal, principal_for


def bearer_secret(header: str) -> str:
    """The secret of an `Authorization: Bearer <secret>` header; empty for any other scheme."""
    scheme, _, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def refuse(database: Database, limit: rate_limits.Limit, client: str) -> NoReturn:
    """Count the failure against the client, then refuse (429 once it failed too often)."""
    # Its own short transaction: the count is stored even though the request then fails.
    with database.session() as session:
        rate_limits.check(session, limit, client)
        rate_limits.record_failure(session, limit, client)
    raise NotAuthenticated("the bearer token is unknown or revoked; send `Authorization: Bearer <token>`")


@dataclass(frozen=True)
class Unchecked:
    """A bearer token its route checks itself, with what a refusal needs to know."""

    secret: str
    client: str
    limit: rate_limits.Limit

    def principal(self, connection: Connection) -> Principal | None:
        """The caller, read on the route's own connection; None for an unknown or revoked token."""
        return principal_for(connection, self.secret)

    def refuse(self, database: Database) -> NoReturn:
        """Refuse the caller: after the route's transaction has ended, for the count is stored in one of its own."""
        refuse(database, self.limit, self.client)

    def settle(self, database: Database) -> None:
        """Refuse an unknown or revoked token, on a connection of its own: for an answer given before the route
        ran (a 422 or a 405)."""
        if known(database, self.secret) is None:
            self.refuse(database)


def known(database: Database, secret: str) -> Principal | None:
    """The caller a bearer secret stands for, on a connection of its own; None for an unknown or revoked token."""
    with database.reading() as connection:  # no write lock
        return principal_for(connection, secret)
