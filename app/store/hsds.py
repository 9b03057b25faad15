"""What the HSDS API publishes, from the database: published offers at published places, and organisations.

Public data only, whoever asks: drafts, archived rows and people never leave here. Each list is paged
in SQL (a count, then one page) and fetches the rows related to that page in one query each.
"""

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, Select, func, or_, true
from sqlmodel import Session, col, select

from app.db.spatial import spatial_sql
from app.errors import NotFound
from app.hsds import records
from app.hsds.paging import Paging, envelope
from app.hsds.query import OrganizationQuery, ServiceAtLocationQuery, ServiceFilters, ServiceQuery
from app.hsds.records import PlacedOffer
from app.hsds.taxonomy import filter_codes
from app.models import Asset, Offer, Organisation
from app.models.base import AssetType, PublicationStatus
from app.store import freshness
from app.taxonomy import Taxonomy

PUBLISHED = PublicationStatus.published


def services(session: Session, taxonomy: Taxonomy, query: ServiceQuery, paging: Paging) -> dict:
    total, placed = _placed_page(session, taxonomy, query, paging)
    today = _today()
    if query.full:
        return envelope([records.service(p, taxonomy, today) for p in placed], total, paging)
    return envelope([records.service_fields(p, today) for p in placed], total, paging)


def service(session: Session, taxonomy: Taxonomy, service_id: str) -> dict:
    return records.service(_one_placed(session, service_id, "service"), taxonomy, _today())


def service_at_locations(session: Session, taxonomy: Taxonomy, query: ServiceAtLocationQuery, paging: Paging) -> dict:
    total, placed = _placed_page(session, taxonomy, query, paging)
    today = _today()
    contents = [records.service_at_location(p, taxonomy, today, full=query.full) for p in placed]
    return envelope(contents, total, paging)


def service_at_location(session: Session, taxonomy: Taxonomy, place_id: str) -> dict:
    placed = _one_placed(session, place_id, "service_at_location")
    return records.service_at_location(placed, taxonomy, _today(), full=True)


def organizations(session: Session, taxonomy: Taxonomy, query: OrganizationQuery, paging: Paging) -> dict:
    conditions = [_search(query.search, Organisation.name, Organisation.description)]
    total = session.scalar(select(func.count()).select_from(Organisation).where(*conditions)) or 0
    statement = select(Organisation).where(*conditions).order_by(col(Organisation.name), col(Organisation.id))
    rows = list(session.exec(statement.limit(paging.per_page).offset(paging.offset)))
    if not query.full:
        return envelope([records.organization(row) for row in rows], total, paging)
    return envelope(_full_organizations(session, taxonomy, rows, full_service=query.full_service), total, paging)


def organization(session: Session, taxonomy: Taxonomy, organization_id: str, *, full_service: bool) -> dict:
    row = session.get(Organisation, _uuid(organization_id, "organization"))
    if row is None:
        raise NotFound(f"no organization with id {organization_id!r}")
    return _full_organizations(session, taxonomy, [row], full_service=full_service)[0]


def _full_organizations(
    session: Session, taxonomy: Taxonomy, rows: Sequence[Organisation], *, full_service: bool
) -> list[dict]:
    """Organizations with their published places and services: one query for each, for all `rows`."""
    owned = col(Asset.organisation_id).in_([row.id for row in rows])
    places = list(session.exec(select(Asset).where(_public_asset(), owned).order_by(col(Asset.name), col(Asset.id))))
    by_id = {row.id: row for row in rows}
    statement = _placed_select(session).where(owned).order_by(col(Offer.title), col(Offer.id))
    placed = [PlacedOffer(o, a, by_id[a.organisation_id]) for o, a in session.execute(statement)]
    today = _today()
    return [
        records.organization_full(
            row,
            [place for place in places if place.organisation_id == row.id],
            [
                records.service(p, taxonomy, today) if full_service else records.service_fields(p, today)
                for p in placed
                if p.asset.organisation_id == row.id
            ],
        )
        for row in rows
    ]


def _placed_page(
    session: Session, taxonomy: Taxonomy, query: ServiceFilters, paging: Paging
) -> tuple[int, list[PlacedOffer]]:
    conditions = _service_conditions(session, taxonomy, query)
    counted = select(func.count()).select_from(Offer).join(Asset, col(Offer.asset_id) == col(Asset.id))
    total = session.scalar(counted.where(*_visible(session), *conditions)) or 0
    statement = _placed_select(session).where(*conditions).order_by(col(Offer.created_at), col(Offer.id))
    rows = session.execute(statement.limit(paging.per_page).offset(paging.offset)).all()
    return total, _with_organisations(session, rows)


def _one_placed(session: Session, wanted_id: str, noun: str) -> PlacedOffer:
    row = session.execute(_placed_select(session).where(col(Offer.id) == _uuid(wanted_id, noun))).one_or_none()
    if row is None:
        raise NotFound(f"no published {noun} with id {wanted_id!r}")
    return _with_organisations(session, [row])[0]


def _with_organisations(session: Session, rows: Sequence[tuple[Offer, Asset]]) -> list[PlacedOffer]:
    ids = {asset.organisation_id for _, asset in rows if asset.organisation_id}
    found = session.exec(select(Organisation).where(col(Organisation.id).in_(ids)))
    by_id: dict[uuid.UUID | None, Organisation] = {row.id: row for row in found}
    return [PlacedOffer(offer, asset, by_id.get(asset.organisation_id)) for offer, asset in rows]


def _placed_select(session: Session) -> Select:
    """Published offers with their places; a place must be published too, and no resident's own; no hidden offer."""
    joined = select(Offer, Asset).join(Asset, col(Offer.asset_id) == col(Asset.id))
    return joined.where(*_visible(session))


def _visible(session: Session) -> list[ColumnElement[bool]]:
    return [col(Offer.status) == PUBLISHED, _public_asset(), freshness.shown(session)]


def _public_asset() -> ColumnElement[bool]:
    # An `individual` asset is a resident's gifts at a home address: personal, so never in a public feed.
    return (col(Asset.status) == PUBLISHED) & (col(Asset.asset_type) != AssetType.individual)


def _service_conditions(session: Session, taxonomy: Taxonomy, query: ServiceFilters) -> list[ColumnElement[bool]]:
    conditions = [_search(query.search, Offer.title, Offer.description, Asset.name)]
    spatial = spatial_sql(session)
    for codes in filter_codes(taxonomy, query.taxonomy_term_id, query.taxonomy_id):
        conditions.append(spatial.json_contains_any(col(Offer.themes), codes))
    if query.organization_id is not None:
        conditions.append(col(Asset.organisation_id) == query.organization_id)
    if query.modified_after is not None:
        since = query.modified_after
        conditions.append(or_(col(Offer.updated_at) >= since, col(Asset.updated_at) >= since))
    return conditions


def _search(text: str | None, *columns) -> ColumnElement[bool]:
    if text is None:
        return true()
    return or_(*(col(column).icontains(text, autoescape=True) for column in columns))


def _uuid(text: str, noun: str) -> uuid.UUID:
    """An id from the path; HSDS ids are strings, so one that is no UUID is simply not found."""
    try:
        return uuid.UUID(text)
    except ValueError:
        raise NotFound(f"no {noun} with id {text!r}") from None


def _today() -> date:
    return date.today()
