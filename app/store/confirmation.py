"""'Still running' links: one per offer, signed by the service, that confirm the offer without a login.

A token is the offer's id and the day it was issued, followed by an HMAC-SHA256 over both under
the service's own key (made on first use and kept in the database, app.store.secrets), all in
URL-safe base64: 48 characters. It cannot be made without the key, names one offer only, and
works until `valid_days` after it was issued. Reading a link changes nothing; confirming is a POST.
"""

import base64
import binascii
import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import not_
from sqlmodel import Session, col, select

from app.errors import Conflict, Gone, NotFound
from app.models import Asset, Offer, Organisation
from app.models.base import PublicationStatus, utcnow
from app.store import freshness
from app.store.secrets import service_key

KEY_NAME = "offer_confirmation"
MAC_BYTES = 16
DAY_BYTES = 4
TOKEN_BYTES = 16 + DAY_BYTES + MAC_BYTES


@dataclass(frozen=True)
class Link:
    url: str
    expires_on: date


def link(session: Session, offer_id: uuid.UUID, *, issued: date, public_url: str, valid_days: int) -> Link:
    """A link for the offer, issued on `issued`, at the service's public address."""
    body = offer_id.bytes + issued.toordinal().to_bytes(DAY_BYTES, "big")
    token = base64.urlsafe_b64encode(body + _mac(session, body)).decode()
    return Link(f"{public_url.rstrip('/')}/confirm/{token}", issued + timedelta(days=valid_days))


def offer_of(session: Session, token: str, *, today: date, valid_days: int) -> Offer:
    """The offer a token names; NotFound for a token the service did not sign, Gone for an expired one."""
    try:
        raw = base64.urlsafe_b64decode(token.encode("ascii"))
    except (ValueError, binascii.Error):
        raw = b""
    body, mac = raw[: TOKEN_BYTES - MAC_BYTES], raw[TOKEN_BYTES - MAC_BYTES :]
    if len(raw) != TOKEN_BYTES or not hmac.compare_digest(mac, _mac(session, body)):
        raise NotFound("this confirmation link is not valid")
    issued = date.fromordinal(int.from_bytes(body[16:], "big"))
    if (today - issued).days > valid_days:
        raise Gone(f"this confirmation link expired {valid_days} days after it was sent; ask for a new one")
    offer = session.get(Offer, uuid.UUID(bytes=body[:16]))
    if offer is None:
        raise NotFound("the offer of this link no longer exists")
    return offer


def confirm(offer: Offer, today: date) -> None:
    """The offer still runs, as of `today`; an archived offer stays archived and is not confirmed."""
    if offer.status == PublicationStatus.archived:
        raise Conflict("the offer is archived; ask the community builders to bring it back")
    offer.sqlmodel_update({"last_confirmed": today, "updated_at": utcnow()})


@dataclass(frozen=True)
class Reminder:
    """A published offer that is stale or hidden, with whom to ask and the link to confirm it."""

    offer: Offer
    place: Asset
    organisation: Organisation | None
    freshness: freshness.Freshness
    link: Link

    @property
    def email(self) -> str:
        return (self.organisation.email if self.organisation else None) or self.place.email or ""


def reminders(session: Session, *, today: date, public_url: str, valid_days: int) -> list[Reminder]:
    """Published offers no longer fresh on `today`, the longest unconfirmed first, each with a link issued then."""
    window = freshness.window_of(session)
    statement = (
        select(Offer, Asset, Organisation)
        .join(Asset, col(Asset.id) == col(Offer.asset_id))
        .join(Organisation, col(Organisation.id) == col(Asset.organisation_id), isouter=True)
        .where(col(Offer.status) == PublicationStatus.published)
        .where(not_(freshness.confirmed_since(window.fresh_since(today))))
    )
    found = [
        Reminder(offer, place, organisation, window.state(freshness.confirmed_on(offer), today),
                 link(session, offer.id, issued=today, public_url=public_url, valid_days=valid_days))
        for offer, place, organisation in session.exec(statement)
    ]  # fmt: skip
    return sorted(found, key=lambda reminder: (freshness.confirmed_on(reminder.offer), str(reminder.offer.id)))


def _mac(session: Session, body: bytes) -> bytes:
    return hmac.new(service_key(session, KEY_NAME), b"confirm-offer:" + body, hashlib.sha256).digest()[:MAC_BYTES]
