"""Reports that an offer stopped: anyone who can see an offer may send one; builders and admins
read them, see offers with open reports flagged, and resolve each by archiving the offer or
dismissing the report."""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from app.errors import Conflict, NotFound
from app.models import Asset, Offer, OfferReport
from app.models.base import PublicationStatus, utcnow
from app.models.offer_report import ReportResolution, ReportStatus, Resolution
from app.store import freshness
from app.store.access import EDITORS, require_role
from app.store.auth import Principal

WHAT = "offer reports"


@dataclass(frozen=True)
class ReportPage:
    items: list[tuple[OfferReport, Offer, Asset]]
    total: int


def report(session: Session, principal: Principal, offer: Offer, reason: str) -> OfferReport:
    """Store a report on an offer the caller may see; anonymous reports keep no trace of their sender."""
    row = OfferReport(offer_id=offer.id, reason=reason.strip(), reported_by=principal.token_id)
    session.add(row)
    session.flush()
    return row


def reports(
    session: Session, principal: Principal, *, status: ReportStatus | None, limit: int, offset: int
) -> ReportPage:
    """Reports with their offer and its place, oldest first (the longest waiting on top); editors only."""
    require_role(principal, EDITORS, WHAT)
    conditions = [] if status is None else [col(OfferReport.status) == status]
    total = session.scalar(select(func.count()).select_from(OfferReport).where(*conditions)) or 0
    statement = (
        select(OfferReport, Offer, Asset)
        .join(Offer, col(Offer.id) == col(OfferReport.offer_id))
        .join(Asset, col(Asset.id) == col(Offer.asset_id))
        .where(*conditions)
        .order_by(col(OfferReport.created_at), col(OfferReport.id))
    )
    rows = session.exec(statement.limit(limit).offset(offset)).all()
    return ReportPage([(r, o, a) for r, o, a in rows], total)


def resolve(session: Session, principal: Principal, report_id: uuid.UUID, resolution: ReportResolution) -> OfferReport:
    """Archive the offer and close every open report on it, or dismiss this one report."""
    require_role(principal, EDITORS, WHAT)
    row = session.get(OfferReport, report_id)
    if row is None:
        raise NotFound(f"no offer report with id {report_id}")
    if row.status != ReportStatus.open:
        raise Conflict(f"the report was resolved already ({row.status})")
    closing = [row]
    if resolution.action == Resolution.archive_offer:
        offer = session.get(Offer, row.offer_id)
        assert offer is not None  # a report goes with its offer (ON DELETE CASCADE)
        offer.sqlmodel_update({"status": PublicationStatus.archived, "updated_at": utcnow()})
        closing = list(session.exec(select(OfferReport).where(_open_on([row.offer_id]))))
    status = ReportStatus.offer_archived if resolution.action == Resolution.archive_offer else ReportStatus.dismissed
    for each in closing:
        each.sqlmodel_update(
            {"status": status, "note": resolution.note, "resolved_by": principal.token_id, "resolved_at": utcnow()}
        )
    session.flush()
    return row


def offer_notes(session: Session, principal: Principal, offers: list[Any]) -> dict[uuid.UUID, dict]:
    """Each offer's freshness; for builders and admins also how many reports on it are open."""
    notes: dict[uuid.UUID, dict[str, Any]] = {
        offer.id: {"freshness": freshness.state_of(session, offer).value} for offer in offers
    }
    if principal.role in EDITORS and offers:
        counted = (
            select(col(OfferReport.offer_id), func.count())
            .where(_open_on(list(notes)))
            .group_by(col(OfferReport.offer_id))
        )
        counts = dict(session.exec(counted).all())
        for offer_id, note in notes.items():
            note["open_reports"] = counts.get(offer_id, 0)
    return notes


def _open_on(offer_ids: list[uuid.UUID]) -> ColumnElement[bool]:
    return (col(OfferReport.offer_id).in_(offer_ids)) & (col(OfferReport.status) == ReportStatus.open)
