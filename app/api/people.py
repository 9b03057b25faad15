"""A person's data as a whole, for builders and admins: everything held (access request), or erased."""

from typing import Annotated

from fastapi import APIRouter, Path, Response

from app.api.deps import PrincipalDep, Purpose, SessionDep
from app.api.geojson import feature, plain
from app.models.base import PERSON_REF
from app.store import people

router = APIRouter(prefix="/people", tags=["people"])
PersonRefPath = Annotated[
    str,
    Path(min_length=1, max_length=64, pattern=PERSON_REF, description="The person's pseudonymous reference"),
]


@router.get("/{person_ref}", summary="Everything held about a person (access request)")
def read_person(
    person_ref: PersonRefPath, session: SessionDep, principal: PrincipalDep, purpose: Purpose = None
) -> dict:
    """Their needs and volunteer records (exact, as stored), every match involving them, and the
    access-log entries that name one of those records."""
    held = people.person_data(session, principal, person_ref, purpose=purpose)
    return {
        "person_ref": held.person_ref,
        "needs": [feature(row) for row in held.needs],
        "volunteers": [feature(row) for row in held.volunteers],
        "matches": [plain(row) for row in held.matches],
        "access_log": [entry.model_dump(mode="json") for entry in held.access_log],
    }


@router.delete("/{person_ref}", status_code=204, summary="Erase a person everywhere")
def erase_person(
    person_ref: PersonRefPath, session: SessionDep, principal: PrincipalDep, purpose: Purpose = None
) -> Response:
    """Their needs, volunteer records and the matches involving them, in one transaction; then
    scrubbed from the database files before the answer goes out."""
    people.erase(session, principal, person_ref, purpose=purpose)
    return Response(status_code=204)
