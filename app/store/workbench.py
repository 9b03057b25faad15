"""What a community builder's pages read: one need with its proposals' places, and a buurt's open work."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from app.db.spatial import spatial_sql
from app.models import Area, Asset, Match, Need, Offer
from app.models.match import MatchStatus
from app.models.need import NeedStatus
from app.store.listing import area_geometry

OPEN_WORK = (NeedStatus.open, NeedStatus.in_progress)


@dataclass(frozen=True)
class FollowUp:
    """An introduction nobody has reported on since `since`."""

    match: Match
    need: Need
    label: str


def buurten(session: Session) -> list[Area]:
    return list(session.exec(select(Area).where(col(Area.level) == "buurt").order_by(col(Area.name))))


def open_needs(session: Session, area_code: str) -> list[Need]:
    """Open and in-progress needs in the buurt, oldest first."""
    statement = (
        select(Need).where(col(Need.status).in_(OPEN_WORK), _inside(session, area_code)).order_by(col(Need.created_at))
    )
    return list(session.exec(statement))


def waiting_for_follow_up(session: Session, area_code: str, *, days: int, now: datetime) -> list[FollowUp]:
    """Introductions in the buurt without a next step for `days` days, oldest first."""
    statement = (
        select(Match, Need)
        .join(Need, col(Need.id) == Match.need_id)
        .where(
            col(Match.status) == MatchStatus.introduced,
            col(Match.updated_at) <= now - timedelta(days=days),
            _inside(session, area_code),
        )
        .order_by(col(Match.updated_at))
    )
    found = list(session.exec(statement))
    labels = offer_labels(session, [match.offer_id for match, _ in found if match.offer_id])
    return [FollowUp(match, need, labels.get(match.offer_id, "Buurtgenoot")) for match, need in found]


def offer_labels(session: Session, offer_ids: list[uuid.UUID | None]) -> dict[uuid.UUID | None, str]:
    """`title (place)` for each offer."""
    statement = (
        select(Offer.id, Offer.title, Asset.name)
        .join(Asset, col(Asset.id) == Offer.asset_id)
        .where(col(Offer.id).in_(offer_ids))
    )
    return {offer_id: f"{title} ({place})" for offer_id, title, place in session.exec(statement)}


def _inside(session: Session, area_code: str):
    return spatial_sql(session).intersects(Need, area_geometry(session, area_code))
