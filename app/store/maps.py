"""What the map pages show, gathered from the database: published assets, their offers, buurten, counts."""

from collections import defaultdict
from dataclasses import dataclass

from shapely import STRtree
from shapely.geometry import Point
from sqlmodel import Session, col, select

from app.db.spatial import spatial_sql
from app.maps.data import Choice, Filters, MapArea, MapAsset, MapOffer
from app.maps.neighbourhood import LEVELS, TYPES
from app.models import Area, Asset, Offer
from app.models import Need as NeedRow
from app.models.base import PublicationStatus
from app.models.need import NeedStatus
from app.models.token import Role
from app.store.auth import Principal
from app.taxonomy import Taxonomy

PUBLISHED = PublicationStatus.published
DAYS = {"mo": "ma", "tu": "di", "we": "wo", "th": "do", "fr": "vr", "sa": "za", "su": "zo"}
SEES_NEED_COUNTS = (Role.builder, Role.admin)


@dataclass(frozen=True)
class Neighbourhood:
    assets: list[MapAsset]
    areas: list[MapArea]


def neighbourhood(
    session: Session,
    principal: Principal,
    taxonomy: Taxonomy,
    *,
    theme: str | None = None,
    asset_type: str | None = None,
    support_level: str | None = None,
) -> Neighbourhood:
    """Published assets (filtered), the buurten around them, and open needs per buurt for builders."""
    statement = select(Asset).where(Asset.status == PUBLISHED).order_by(col(Asset.name))
    if theme:
        statement = statement.where(
            spatial_sql(session).json_contains_any(col(Asset.themes), taxonomy.expand(theme, "theme"))
        )
    if asset_type:
        statement = statement.where(Asset.asset_type == asset_type)
    if support_level:
        statement = statement.where(Asset.support_level == support_level)
    rows = list(session.exec(statement))
    offers = _offers_of(session, [row.id for row in rows])
    assets = [_map_asset(row, offers.get(row.id, []), taxonomy) for row in rows]
    areas = _buurten_around(session, rows)
    if principal.role in SEES_NEED_COUNTS:
        areas = _with_open_needs(session, areas)
    return Neighbourhood(assets, areas)


def filters(taxonomy: Taxonomy, chosen: dict[str, str]) -> Filters:
    """The on-page choices: themes grouped by life domain, ABCD types, support levels."""
    themes = [
        Choice(code, theme.label_nl, taxonomy.domains[theme.domain].label_nl) for code, theme in taxonomy.themes.items()
    ]
    types = [Choice(value, label) for value, (label, _) in TYPES.items()]
    levels = [Choice(value, label) for value, label in LEVELS.items()]
    return Filters(themes, types, levels, chosen)


def schedule_text(schedule: list[dict]) -> str:
    """`ma 09:00-12:00, do 13:30-16:00`."""
    return ", ".join(f"{DAYS.get(p['day'], p['day'])} {p['opens']}-{p['closes']}" for p in schedule)


def _offers_of(session: Session, asset_ids: list) -> dict:
    found = defaultdict(list)
    if asset_ids:
        statement = select(Offer).where(col(Offer.asset_id).in_(asset_ids), Offer.status == PUBLISHED)
        for offer in session.exec(statement.order_by(col(Offer.title))):
            found[offer.asset_id].append(MapOffer(offer.title, schedule_text(offer.schedule)))
    return found


def _map_asset(row: Asset, offers: list[MapOffer], taxonomy: Taxonomy) -> MapAsset:
    labels = tuple(taxonomy.themes[code].label_nl if code in taxonomy.themes else code for code in row.themes)
    return MapAsset(
        id=row.id, name=row.name, asset_type=row.asset_type, subtype=row.subtype, support_level=row.support_level,
        lon=row.min_x, lat=row.min_y, themes=labels, address=row.address, website=row.website, phone=row.phone,
        email=row.email, opening=schedule_text(row.schedule), offers=tuple(offers),
    )  # fmt: skip


def _buurten_around(session: Session, assets: list[Asset]) -> list[MapArea]:
    if not assets:
        return []
    box = (
        min(a.min_x for a in assets),
        min(a.min_y for a in assets),
        max(a.max_x for a in assets),
        max(a.max_y for a in assets),
    )
    statement = select(Area).where(
        Area.level == "buurt", Area.status == PUBLISHED, spatial_sql(session).box_overlaps(Area, box)
    )
    return [MapArea(area.code, area.name, area.geom) for area in session.exec(statement.order_by(col(Area.code)))]


def _with_open_needs(session: Session, areas: list[MapArea]) -> list[MapArea]:
    """Each buurt with its number of open needs: counted here, no need's position leaves this function."""
    if not areas:
        return areas
    tree = STRtree([area.geometry for area in areas])
    counts = [0] * len(areas)
    for x, y in session.exec(select(NeedRow.min_x, NeedRow.min_y).where(NeedRow.status == NeedStatus.open)):
        for index in tree.query(Point(x, y), predicate="intersects"):
            counts[int(index)] += 1
    return [MapArea(area.code, area.name, area.geometry, count) for area, count in zip(areas, counts, strict=True)]
