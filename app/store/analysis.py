"""The neighbourhood the planners' figures are made of, read from the database as plain tables."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd
from sqlalchemy import Select, exists, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.analysis.data import COLUMNS, Neighbourhood, empty_table
from app.models import Area, Asset, Match, Offer, Volunteer
from app.models import Need as NeedRow
from app.models.base import PublicationStatus
from app.models.match import ACTIVE
from app.models.volunteer import VolunteerStatus
from app.store import freshness

PUBLISHED = PublicationStatus.published


def neighbourhood(session: Session, *, reach_m: Mapping[str, float], today: date) -> Neighbourhood:
    """Published areas, places and current offers; active volunteers; every need held.

    Current offers are valid and not hidden for want of confirmation (app.store.freshness).
    A need's reach is its own radius, else its mode's default from `reach_m` (metres).
    """
    volunteers = _select(Volunteer.min_x, Volunteer.min_y, Volunteer.themes).where(
        col(Volunteer.status) == VolunteerStatus.active
    )
    return Neighbourhood(
        areas=_areas(session),
        assets=_frame("assets", _assets(session)),
        offers=_frame("offers", _rows(session, _current_offers(today).where(freshness.shown(session)))),
        volunteers=_frame("volunteers", _rows(session, volunteers)),
        needs=_frame("needs", _needs(session, reach_m)),
    )


def _select(*columns: Any) -> Select:
    return sa_select(*(col(column) for column in columns))


def _rows(session: Session, statement: Select) -> list[tuple]:
    return [tuple(row) for row in session.connection().execute(statement)]


def _frame(kind: str, rows: Iterable[tuple]) -> pd.DataFrame:
    rows = list(rows)
    return pd.DataFrame(rows, columns=list(COLUMNS[kind])) if rows else empty_table(kind)


def _areas(session: Session) -> gpd.GeoDataFrame:
    statement = _select(Area.code, Area.name, Area.level, Area.parent_code, Area.geom)
    rows = _rows(session, statement.where(col(Area.status) == PUBLISHED).order_by(col(Area.code)))
    frame = pd.DataFrame(rows, columns=["code", "name", "level", "parent_code", "geometry"])
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def _current_offers(today: date) -> Select:
    return (
        _select(Offer.id, Offer.title, Offer.asset_id, Asset.name, Asset.min_x, Asset.min_y, Offer.themes)
        .join(Asset, col(Offer.asset_id) == col(Asset.id))
        .where(col(Offer.status) == PUBLISHED, col(Asset.status) == PUBLISHED)
        .where(or_(col(Offer.valid_until).is_(None), col(Offer.valid_until) >= today))
        .order_by(col(Offer.id))
    )


def _assets(session: Session) -> list[tuple]:
    """Published assets with their own themes and those of their published offers."""
    statement = _select(Asset.id, Asset.min_x, Asset.min_y, Asset.asset_type, Asset.support_level, Asset.themes)
    offered: dict = {}
    for asset_id, themes in _rows(session, _select(Offer.asset_id, Offer.themes).where(col(Offer.status) == PUBLISHED)):
        offered.setdefault(asset_id, set()).update(themes)
    rows = _rows(session, statement.where(col(Asset.status) == PUBLISHED).order_by(col(Asset.id)))
    return [(*row[1:5], sorted(set(row[5]) | offered.get(row[0], set()))) for row in rows]


def _needs(session: Session, reach_m: Mapping[str, float]) -> list[tuple]:
    matched = exists().where(col(Match.need_id) == col(NeedRow.id), col(Match.status).in_(list(ACTIVE)))
    columns = (NeedRow.min_x, NeedRow.min_y, NeedRow.themes, NeedRow.status, NeedRow.radius_m, NeedRow.mode)
    statement = _select(*columns, NeedRow.person_ref, NeedRow.created_at).add_columns(matched)
    rows = _rows(session, statement.order_by(col(NeedRow.id)))
    return [
        (lon, lat, themes, status == "open", bool(matched), float(reach_m[mode] if radius is None else radius), *rest)
        for lon, lat, themes, status, radius, mode, *rest, matched in rows
    ]
