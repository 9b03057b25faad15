"""API tokens, for admins: list them (never a secret, nor its hash) and revoke one."""

import uuid
from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel

from app.api.deps import PrincipalDep, SessionDep
from app.errors import Conflict
from app.models.token import Role
from app.store import auth
from app.store.access import require_role

router = APIRouter(prefix="/tokens", tags=["tokens"])
ADMINS = (Role.admin,)


class TokenOut(BaseModel):
    id: uuid.UUID
    name: str
    role: Role
    organisation_id: uuid.UUID | None
    created_at: datetime
    revoked_at: datetime | None


@router.get("", summary="Every API token, revoked ones too, without secrets (admins)")
def list_tokens(session: SessionDep, principal: PrincipalDep) -> list[TokenOut]:
    require_role(principal, ADMINS, "API tokens")
    return [TokenOut.model_validate(token, from_attributes=True) for token in auth.tokens(session)]


@router.delete("/{token_id}", status_code=204, summary="Revoke a token: refused from the next request on (admins)")
def revoke_token(token_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> Response:
    require_role(principal, ADMINS, "API tokens")
    if token_id == principal.token_id:  # the last admin token would lock every admin out of the API
        raise Conflict("this is the token of this request: revoke it with another admin token or `nabij token revoke`")
    auth.revoke_token(session, token_id)
    return Response(status_code=204)
