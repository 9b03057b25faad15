"""Keeping offers current: "still running" links and confirmations, and reports that an offer stopped."""

import uuid
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from app.api.deps import PrincipalDep, SessionDep, SettingsDep
from app.api.geojson import page_links, represent
from app.errors import InvalidInput
from app.models import Offer, OfferReport
from app.models.offer_report import OfferReportIn, ReportResolution, ReportStatus
from app.store import confirmation, crud, freshness, offer_reports, rate_limits
from app.store.resources import OFFERS

router = APIRouter(tags=["freshness"])


def _offer_to_care_for(offer_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> Offer:
    """An offer the caller may change: builders and admins any, an association its own (else 404)."""
    row = crud.get_for_change(session, OFFERS, principal, offer_id)
    OFFERS.policy.check_write(session, principal, row, {})
    return row


OfferToCareFor = Annotated[Offer, Depends(_offer_to_care_for)]


class LinkOut(BaseModel):
    offer_id: uuid.UUID
    url: str = Field(description="Opens a page with one button; the link itself needs no login")
    expires_on: date


@router.get("/offers/{offer_id}/confirmation-link", summary="A 'still running' link for the offer, for a mailing")
def confirmation_link(offer: OfferToCareFor, session: SessionDep, settings: SettingsDep) -> LinkOut:
    made = confirmation.link(
        session,
        offer.id,
        issued=freshness.today(),
        public_url=settings.public_url,
        valid_days=settings.confirm_link_days,
    )
    return LinkOut(offer_id=offer.id, url=made.url, expires_on=made.expires_on)


@router.post("/offers/{offer_id}/confirm", summary="Confirm that the offer still runs, as of today")
def confirm_offer(offer: OfferToCareFor, session: SessionDep, principal: PrincipalDep) -> dict:
    confirmation.confirm(offer, freshness.today())
    session.flush()
    return represent(OFFERS, offer, crud.notes(session, OFFERS, principal, [offer]).get(offer.id))


class ReportOut(BaseModel):
    id: uuid.UUID
    offer_id: uuid.UUID
    reason: str
    status: ReportStatus
    created_at: datetime
    resolved_at: datetime | None
    note: str


class ReportedOffer(ReportOut):
    offer_title: str
    offer_status: str
    place_name: str


class ReportList(BaseModel):
    items: list[ReportedOffer]
    numberMatched: int  # named as in the other lists
    numberReturned: int
    links: list[dict]


@router.post("/offers/{offer_id}/reports", status_code=201, summary="Report that the offer stopped (anyone)")
def report_offer(
    offer_id: uuid.UUID, request: Request, session: SessionDep, principal: PrincipalDep, settings: SettingsDep,
    body: OfferReportIn | None = None,
) -> ReportOut:  # fmt: skip
    """Anyone who can see the offer, residents without a login included; the reason is optional.
    Without a token, a client address sends at most `anonymous_reports_per_hour` reports (then 429)."""
    if principal.role is None:
        limit = rate_limits.Limit("offer_report", settings.anonymous_reports_per_hour, 3600)
        client = request.client.host if request.client else "unknown"
        rate_limits.check(session, limit, client)
        rate_limits.record_failure(session, limit, client)
    offer = crud.get(session, OFFERS, principal, offer_id)
    row = offer_reports.report(session, principal, offer, body.reason if body else "")
    return _out(row)


class ReportQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: ReportStatus | None = Field(ReportStatus.open, description="Open reports unless asked otherwise")
    limit: int | None = Field(None, ge=1)
    offset: int = Field(0, ge=0, le=2**31)  # far larger ones overflow the database's integers


@router.get("/offer-reports", summary="Reports that offers stopped, the longest waiting first (builders)")
def list_reports(
    request: Request, query: Annotated[ReportQuery, Query()], session: SessionDep, principal: PrincipalDep,
    settings: SettingsDep,
) -> ReportList:  # fmt: skip
    limit = query.limit or settings.default_page_size
    if limit > settings.max_page_size:
        raise InvalidInput.field("limit", f"at most {settings.max_page_size}")
    page = offer_reports.reports(session, principal, status=query.status, limit=limit, offset=query.offset)
    items = [
        ReportedOffer(**_out(report).model_dump(), offer_title=offer.title, offer_status=offer.status,
                      place_name=place.name)
        for report, offer, place in page.items
    ]  # fmt: skip
    links = page_links(request, page.total, limit, query.offset)
    return ReportList(items=items, numberMatched=page.total, numberReturned=len(items), links=links)


@router.post("/offer-reports/{report_id}/resolve", summary="Archive the reported offer, or dismiss the report")
def resolve_report(
    report_id: uuid.UUID, body: ReportResolution, session: SessionDep, principal: PrincipalDep
) -> ReportOut:
    return _out(offer_reports.resolve(session, principal, report_id, body))


def _out(row: OfferReport) -> ReportOut:
    return ReportOut.model_validate(row, from_attributes=True)
