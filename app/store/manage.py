"""What the management pages list: an association's own places and offers, and drafts awaiting a builder."""

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.models import Asset, Offer
from app.models.base import PublicationStatus
from app.models.token import Role
from app.store.auth import Principal

LIST_LIMIT = 200


@dataclass(frozen=True)
class Overview:
    """Places and their offers to show; `waiting` holds drafts when the caller may publish them."""

    assets: list[Asset]
    offers: dict[uuid.UUID, list[Offer]]
    waiting: list[tuple[Offer, Asset]]


def overview(session: Session, principal: Principal) -> Overview:
    """An association sees its organisation's places; builders and admins the drafts and recent places."""
    if principal.role == Role.association:
        statement = (
            select(Asset).where(col(Asset.organisation_id) == principal.organisation_id).order_by(col(Asset.name))
        )
        waiting: list[tuple[Offer, Asset]] = []
    else:
        statement = select(Asset).order_by(col(Asset.updated_at).desc())
        waiting = _waiting(session)
    assets = list(session.exec(statement.limit(LIST_LIMIT)))
    return Overview(assets, _offers_by_asset(session, [asset.id for asset in assets]), waiting)


def _offers_by_asset(session: Session, asset_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Offer]]:
    found: dict[uuid.UUID, list[Offer]] = {asset_id: [] for asset_id in asset_ids}
    for offer in session.exec(select(Offer).where(col(Offer.asset_id).in_(asset_ids)).order_by(col(Offer.title))):
        found[offer.asset_id].append(offer)
    return found


def _waiting(session: Session) -> list[tuple[Offer, Asset]]:
    statement = (
        select(Offer, Asset)
        .join(Asset, col(Asset.id) == Offer.asset_id)
        .where(col(Offer.status) == PublicationStatus.draft)
        .order_by(col(Offer.created_at))
        .limit(LIST_LIMIT)
    )
    return [(offer, asset) for offer, asset in session.exec(statement)]


def assets_for_offers(session: Session, principal: Principal) -> list[Asset]:
    """The places a new offer can belong to: an association's own, everyone else's for builders."""
    statement = select(Asset).order_by(col(Asset.name)).limit(LIST_LIMIT * 5)
    if principal.role == Role.association:
        statement = statement.where(col(Asset.organisation_id) == principal.organisation_id)
    return list(session.exec(statement))
