"""The service's own keys: made at random on first use, stored in the database, the same ever after."""

import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.models.secret import ServiceSecret


def service_key(session: Session, name: str) -> bytes:
    """The key called `name`; two workers asking first at once still end up with one key."""
    found = session.get(ServiceSecret, name)
    if found is None:
        try:
            with session.begin_nested():
                session.add(ServiceSecret(name=name, value=secrets.token_hex(32)))
        except IntegrityError:
            pass
        found = session.get(ServiceSecret, name)
        assert found is not None
    return bytes.fromhex(found.value)
