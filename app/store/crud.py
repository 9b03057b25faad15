"""Create, read, update and delete any resource, under its policy, all-or-nothing."""

import uuid
from typing import Any

from shapely.geometry.base import BaseGeometry
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db.spatial import bounds_of
from app.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from app.models.base import utcnow
from app.store.auth import Principal
from app.store.resources import Resource
from app.taxonomy import Taxonomy


def get(session: Session, resource: Resource, principal: Principal, object_id: uuid.UUID) -> Any:
    """The object if `principal` may see it; else 404 (or 401/403 for what the role never sees)."""
    condition = resource.policy.read_filter(session, principal, resource.model)
    found = session.exec(select(resource.model).where(col(resource.model.id) == object_id, condition)).first()
    if found is None:
        raise NotFound(f"no {resource.name[:-1]} with id {object_id}")
    return found


def notes(session: Session, resource: Resource, principal: Principal, rows: list[Any]) -> dict[uuid.UUID, dict]:
    """What `principal` is told about each row beyond its columns, by id (see `Resource.annotate`)."""
    return resource.annotate(session, principal, rows) if resource.annotate and rows else {}


def get_for_change(session: Session, resource: Resource, principal: Principal, object_id: uuid.UUID) -> Any:
    """The object to change or delete; callers without a token are refused before any lookup."""
    if principal.role is None:
        raise NotAuthenticated("changing data needs a bearer token")
    return get(session, resource, principal, object_id)


def create(
    session: Session,
    resource: Resource,
    principal: Principal,
    values: dict,
    *,
    geometry: BaseGeometry | None = None,
    taxonomy: Taxonomy,
) -> Any:
    """Store a new object from validated values (and its geometry, for spatial resources)."""
    resource.policy.complete(principal, values)
    _check_values(session, resource, values, taxonomy, None)
    resource.policy.check_write(session, principal, values, values)
    row = resource.model(**values, **_geometry_values(geometry))
    session.add(row)
    _flush(session, resource)
    return row


def update(
    session: Session,
    resource: Resource,
    principal: Principal,
    row: Any,
    values: dict,
    *,
    geometry: BaseGeometry | None = None,
    taxonomy: Taxonomy,
) -> Any:
    """Change the given fields (and the geometry, when one is given); leave the rest as it is."""
    _check_values(session, resource, values, taxonomy, row)
    resource.policy.check_write(session, principal, row, values)
    row.sqlmodel_update({**values, **_geometry_values(geometry), "updated_at": utcnow()})
    session.add(row)
    _flush(session, resource)
    return row


def delete(session: Session, resource: Resource, principal: Principal, row: Any) -> None:
    """Remove the object; refused while other objects still depend on it."""
    resource.policy.check_delete(session, principal, row)
    session.delete(row)
    _flush(session, resource)


def _geometry_values(geometry: BaseGeometry | None) -> dict:
    return {} if geometry is None else {"geom": geometry, **bounds_of(geometry)}


def _check_values(session: Session, resource: Resource, values: dict, taxonomy: Taxonomy, row: Any) -> None:
    if resource.derive is not None:
        resource.derive(values, row)
    for name in resource.theme_fields:
        if values.get(name) is not None:
            values[name] = taxonomy.check(values[name], name)
    for name, model in resource.references.items():
        if values.get(name) is not None and session.get(model, values[name]) is None:
            raise InvalidInput.field(name, f"no {model.__tablename__[:-1]} with id {values[name]}")


def _flush(session: Session, resource: Resource) -> None:
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict(f"the {resource.name[:-1]} conflicts with stored data: {_reason(error)}") from error


def _reason(error: IntegrityError) -> str:
    text = str(error.orig).lower()
    if "unique" in text or "duplicate" in text:
        return "a unique value is already taken"
    if "foreign key" in text:
        return "other objects still refer to it"
    return "a database constraint was not met"
