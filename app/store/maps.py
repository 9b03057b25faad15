"""What the map pages show, gathered from the database: published assets, their offers, buurten, counts."""

from collections import defaultdict
from dataclasses import dataclass

from shapely import STRtree, total_bounds
from shapely.geometry import Point
from sqlmodel import Session, col, func, select

from app.db.spatial import spatial_sql
from app.geo import BBox
from app.maps.data import Choice, Filters, MapArea, MapAsset, MapOffer
from app.maps.neighbourhood import LEVELS, TYPES
from app.models import Area, Asset, Offer
from app.models import Need as NeedRow
from app.models.base import PublicationStatus
from app.models.need import NeedStatus
from app.models.token import Role
from app.store import freshness
from app.store.auth import Principal
from app.taxonomy import Taxonomy

PUBLISHED = PublicationStatus.published
DAYS = {"mo": "ma", "tu": "di", "we": "wo", "th": "do", "fr": "vr", "sa": "za", "su": "zo"}
SEES_NEED_COUNTS = (Role.builder, Role.admin)


@dataclass(frozen=True)
class AssetFilter:
    """The neighbourhood map's filters, each already checked."""

    theme: str | None = None
    asset_type: str | None = None
    support_level: str | None = None


def assets(session: Session, taxonomy: Taxonomy, chosen: AssetFilter, *, limit: int | None = None) -> list[MapAsset]:
    """Published assets as the map shows them, by name, with their published offers."""
    rows = list(
        session.exec(_published(session, taxonomy, chosen, select(Asset)).order_by(col(Asset.name)).limit(limit))
    )
    offers = _offers_of(session, [row.id for row in rows])
    return [_map_asset(row, offers.get(row.id, []), taxonomy) for row in rows]


def counts_by_type(session: Session, taxonomy: Taxonomy, chosen: AssetFilter) -> dict[str, int]:
    statement = _published(
        session, taxonomy, chosen, select(Asset.asset_type, func.count()).group_by(col(Asset.asset_type))
    )
    return {asset_type: count for asset_type, count in session.exec(statement)}


def extent(session: Session, taxonomy: Taxonomy, chosen: AssetFilter) -> BBox | None:
    """The box around the chosen assets, or None when there are none."""
    corners = (func.min(Asset.min_x), func.min(Asset.min_y), func.max(Asset.max_x), func.max(Asset.max_y))
    found = session.exec(_published(session, taxonomy, chosen, select(*corners))).one()
    return None if found[0] is None else (found[0], found[1], found[2], found[3])


def sources(session: Session, taxonomy: Taxonomy, chosen: AssetFilter, box: BBox | None) -> list[str]:
    """Where the shown assets and buurten came from, for the page's credits (imports only)."""
    assets = _published(session, taxonomy, chosen, select(Asset.source).distinct())
    found = {source for source in session.exec(assets) if source}
    if box is not None:
        areas = (
            select(Area.source).distinct().where(Area.level == "buurt", spatial_sql(session).box_overlaps(Area, box))
        )
        found |= {source for source in session.exec(areas) if source}
    return sorted(found)


def buurten(session: Session, principal: Principal, box: BBox | None) -> list[MapArea]:
    """The buurten in `box`; for builders and admins with their open needs counted."""
    if box is None:
        return []
    statement = select(Area).where(
        Area.level == "buurt", Area.status == PUBLISHED, spatial_sql(session).box_overlaps(Area, box)
    )
    areas = [MapArea(area.code, area.name, area.geom) for area in session.exec(statement.order_by(col(Area.code)))]
    return _with_open_needs(session, areas) if principal.role in SEES_NEED_COUNTS else areas


def _published(session: Session, taxonomy: Taxonomy, chosen: AssetFilter, statement):
    statement = statement.where(Asset.status == PUBLISHED)
    if chosen.theme:
        codes = taxonomy.expand(chosen.theme, "theme")
        statement = statement.where(spatial_sql(session).json_contains_any(col(Asset.themes), codes))
    if chosen.asset_type:
        statement = statement.where(Asset.asset_type == chosen.asset_type)
    if chosen.support_level:
        statement = statement.where(Asset.support_level == chosen.support_level)
    return statement


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
        shown = (Offer.status == PUBLISHED, freshness.shown(session))
        statement = select(Offer).where(col(Offer.asset_id).in_(asset_ids), *shown)
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


def _with_open_needs(session: Session, areas: list[MapArea]) -> list[MapArea]:
    """Each buurt with its number of open needs: counted here, no need's position leaves this function."""
    if not areas:
        return areas
    tree = STRtree([area.geometry for area in areas])
    counts = [0] * len(areas)
    west, south, east, north = total_bounds(tree.geometries)  # only needs that can lie in one of the buurten
    inside = spatial_sql(session).box_overlaps(NeedRow, (west, south, east, north))
    for x, y in session.exec(select(NeedRow.min_x, NeedRow.min_y).where(NeedRow.status == NeedStatus.open, inside)):
        for index in tree.query(Point(x, y), predicate="intersects"):
            counts[int(index)] += 1
    return [MapArea(area.code, area.name, area.geometry, count) for area, count in zip(areas, counts, strict=True)]
