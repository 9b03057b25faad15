"""Who may read and change what. The anonymous public reads published places and offers only (and
no offer left unconfirmed so long that it is hidden, see app.store.freshness); people (volunteers,
needs) are for community builders and admins alone."""

import uuid
from collections.abc import Callable
from typing import cast

from sqlalchemy import ColumnElement, or_, select, true
from sqlmodel import Session, col

from app.errors import Forbidden, NotAuthenticated, NotFound
from app.models import Area, Asset, Offer, Organisation
from app.models.base import PublicationStatus, TimestampedTable
from app.models.token import Role
from app.store import freshness
from app.store.auth import Principal

EDITORS = (Role.admin, Role.builder)

OwnerOf = Callable[[Session, object], uuid.UUID | None]


class Policy:
    """Everyone reads; `writers` change anything. Subclasses narrow reading or widen writing."""

    writers: tuple[Role, ...] = (Role.admin,)

    def read_filter(self, session: Session, principal: Principal, model: type[TimestampedTable]) -> ColumnElement[bool]:
        return true()

    def complete(self, principal: Principal, values: dict) -> None:
        """Fill in what a caller may leave out."""

    def check_write(self, session: Session, principal: Principal, target: object, values: dict) -> None:
        """Allow changing `target` (an existing row, or the values of a new one) or raise."""
        if principal.role is None:
            raise NotAuthenticated("writing needs a bearer token")
        if principal.role not in self.writers:
            raise Forbidden(f"the role {principal.role.value} may not change this")

    def check_delete(self, session: Session, principal: Principal, row: object) -> None:
        """Allow removing `row` or raise; by default, whoever may change it."""
        self.check_write(session, principal, row, {})


class PersonalData(Policy):
    """Volunteers and needs: only community builders and admins see or change them."""

    writers = EDITORS

    def read_filter(self, session: Session, principal: Principal, model: type[TimestampedTable]) -> ColumnElement[bool]:
        if principal.role is None:
            raise NotAuthenticated("personal data needs a bearer token")
        if principal.role not in EDITORS:
            raise Forbidden(f"the role {principal.role.value} may not see personal data")
        return true()


class Owned(Policy):
    """Editors change anything; an association changes what its own organisation owns.

    `owner_of` finds the owning organisation of a row or of a new row's values; `owner_fields`
    are the fields whose change moves a row to another owner.
    """

    writers = EDITORS

    def __init__(self, owner_of: OwnerOf, owner_fields: frozenset[str] = frozenset(), *, owner_deletes: bool = True):
        self.owner_of = owner_of
        self.owner_fields = owner_fields
        self.owner_deletes = owner_deletes

    def check_delete(self, session: Session, principal: Principal, row: object) -> None:
        self.check_write(session, principal, row, {})
        if principal.role == Role.association and not self.owner_deletes:
            raise Forbidden("an association cannot delete this; a community builder can")

    def complete(self, principal: Principal, values: dict) -> None:
        """Fill in what a caller may leave out: an association's own organisation."""
        if principal.role == Role.association and "organisation_id" in self.owner_fields:
            values["organisation_id"] = values.get("organisation_id") or principal.organisation_id

    def check_write(self, session: Session, principal: Principal, target: object, values: dict) -> None:
        if principal.role != Role.association:
            super().check_write(session, principal, target, values)
            return
        creating = isinstance(target, dict)
        if not creating and self.owner_of(session, target) != principal.organisation_id:
            raise NotFound("no such object among your organisation's")
        if (creating or self.owner_fields & values.keys()) and self.owner_of(
            session, values
        ) != principal.organisation_id:
            raise Forbidden("an association adds and moves objects only within its own organisation")
        if values.get("status") == PublicationStatus.published:
            raise Forbidden("status: an association cannot publish; a community builder publishes")


class OwnedPublication(Owned):
    """Assets and offers: the public sees what is published; an association also its own drafts."""

    def __init__(
        self,
        owner_of: OwnerOf,
        owner_fields: frozenset[str],
        published: Callable[[Session], ColumnElement[bool]],
        owned_by: Callable[[uuid.UUID | None], ColumnElement[bool]],
    ):
        super().__init__(owner_of, owner_fields)
        self.published = published
        self.owned_by = owned_by

    def read_filter(self, session: Session, principal: Principal, model: type[TimestampedTable]) -> ColumnElement[bool]:
        if principal.role in (Role.admin, Role.builder, Role.planner):
            return true()
        if principal.role == Role.association:
            return or_(self.published(session), self.owned_by(principal.organisation_id))
        return self.published(session)


def _asset_owner(session: Session, target: object) -> uuid.UUID | None:
    return target.organisation_id if isinstance(target, Asset) else cast(dict, target).get("organisation_id")


def _offer_owner(session: Session, target: object) -> uuid.UUID | None:
    asset_id = target.asset_id if isinstance(target, Offer) else cast(dict, target).get("asset_id")
    asset = session.get(Asset, asset_id)
    return asset.organisation_id if asset else None


def _organisation_self(session: Session, target: object) -> uuid.UUID | None:
    return target.id if isinstance(target, Organisation) else None


def _assets_where(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return col(Offer.asset_id).in_(select(col(Asset.id)).where(condition))


ASSETS = OwnedPublication(
    _asset_owner,
    frozenset({"organisation_id"}),
    published=lambda session: col(Asset.status) == PublicationStatus.published,
    owned_by=lambda organisation_id: col(Asset.organisation_id) == organisation_id,
)
OFFERS = OwnedPublication(
    _offer_owner,
    frozenset({"asset_id"}),
    published=lambda session: (
        (col(Offer.status) == PublicationStatus.published)
        & _assets_where(col(Asset.status) == PublicationStatus.published)
        & freshness.shown(session)
    ),
    owned_by=lambda organisation_id: _assets_where(col(Asset.organisation_id) == organisation_id),
)
ORGANISATIONS = Owned(_organisation_self, owner_deletes=False)
PLANNERS = (Role.admin, Role.builder, Role.planner)


class Areas(Policy):
    """Admins write; planners, builders and admins read every area, everyone else the published ones."""

    def read_filter(self, session: Session, principal: Principal, model: type[TimestampedTable]) -> ColumnElement[bool]:
        if principal.role in PLANNERS:
            return true()
        return col(Area.status) == PublicationStatus.published


AREAS = Areas()
PEOPLE = PersonalData()


def require_role(principal: Principal, roles: tuple[Role, ...], what: str) -> None:
    """Let a caller with one of `roles` through: else 401 without a token, 403 with another role."""
    if principal.role is None:
        raise NotAuthenticated(f"{what} needs a bearer token")
    if principal.role not in roles:
        raise Forbidden(f"the role {principal.role.value} may not see {what}")
