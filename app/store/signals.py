"""What builders said about collective signals: taken up or open again, per buurt and theme."""

from sqlmodel import Session, col, select

from app.errors import InvalidInput
from app.models import Area, SignalMark
from app.models.base import PublicationStatus, utcnow
from app.models.signal import SignalMarkIn
from app.store.auth import Principal
from app.taxonomy import Taxonomy


def marks(session: Session) -> dict[tuple[str, str], SignalMark]:
    """Every mark, by (buurt code, theme)."""
    return {(mark.area_code, mark.theme): mark for mark in session.exec(select(SignalMark))}


def mark(session: Session, principal: Principal, body: SignalMarkIn, taxonomy: Taxonomy) -> SignalMark:
    """Record a signal's status for a published buurt and a known theme; a second mark replaces the first."""
    taxonomy.check([body.theme], "theme")
    area = session.exec(select(Area).where(col(Area.code) == body.area_code)).first()
    if area is None or area.status != PublicationStatus.published or area.level != "buurt":
        raise InvalidInput.field("area_code", f"no published buurt with code {body.area_code}")
    same = select(SignalMark).where(col(SignalMark.area_code) == body.area_code, col(SignalMark.theme) == body.theme)
    row = session.exec(same).first() or SignalMark(area_code=body.area_code, theme=body.theme)
    changes = {"status": body.status, "note": body.note, "marked_by": principal.token_id, "updated_at": utcnow()}
    row.sqlmodel_update(changes)
    session.add(row)
    session.flush()
    return row
