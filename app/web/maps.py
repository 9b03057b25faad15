"""Map pages: `/map`, the neighbourhood (public; builders also see open needs per buurt), and
`/map/needs/{id}`, one need's proposals (builders and admins)."""

from datetime import date
from urllib.parse import urlencode

import folium
from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse
from sqlmodel import Session

from app.api.deps import AuditDep, PrincipalDep, SessionDep, SettingsDep, TaxonomyDep
from app.api.matching import NeedDep, match_settings
from app.config import Settings
from app.errors import InvalidInput, Unavailable
from app.geo import RD_NEW, to_wgs84
from app.maps.assets import NODE_MODULES, PACKAGES
from app.maps.data import Tiles
from app.maps.need import LEVEL_COLOURS, MapProposal, need_map
from app.maps.neighbourhood import LEVELS, TYPES, AssetLayer, asset_features, neighbourhood_map
from app.maps.page import LIST_LIMIT, Table, map_page
from app.models import Need as NeedRow
from app.models.audit import AuditAction
from app.privacy import DonutMask
from app.store import maps, matches
from app.store.secrets import service_key
from app.taxonomy import Taxonomy

router = APIRouter(tags=["maps"])


def tiles_of(settings: Settings) -> Tiles:
    return Tiles(settings.tiles_url or None, settings.tiles_attribution)


def require_map_scripts() -> None:
    missing = [package for package in PACKAGES if not (NODE_MODULES / package).is_dir()]
    if missing:
        raise Unavailable(f"the map scripts are not installed ({', '.join(missing)}): run 'npm ci' in the project")


def checked_filter(taxonomy: Taxonomy, theme: str, asset_type: str, support_level: str) -> maps.AssetFilter:
    """The filters as given in the address (empty means all), each checked; 422 naming the wrong one."""
    if theme:
        taxonomy.check([theme], "theme")
    for name, value, allowed in (("type", asset_type, TYPES), ("support_level", support_level, LEVELS)):
        if value and value not in allowed:
            raise InvalidInput.field(name, f"{value!r} is not one of {', '.join(allowed)}")
    return maps.AssetFilter(theme or None, asset_type or None, support_level or None)


@router.get("/map", response_class=HTMLResponse, summary="The neighbourhood map: published assets per ABCD type")
def neighbourhood_page(
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    taxonomy: TaxonomyDep,
    theme: str = "",
    type: str = "",
    support_level: str = "",
) -> HTMLResponse:
    require_map_scripts()
    chosen = checked_filter(taxonomy, theme, type, support_level)
    counts = maps.counts_by_type(session, taxonomy, chosen)
    box = maps.extent(session, taxonomy, chosen)
    given = {"theme": theme, "support_level": support_level}
    clustered = sum(counts.values()) >= settings.map_cluster_from
    layers = [
        AssetLayer(kind, counts.get(kind, 0), "/map/assets.geojson?" + urlencode({**given, "type": kind}), clustered)
        for kind in TYPES
        if not type or kind == type
    ]
    m = neighbourhood_map(layers, maps.buurten(session, principal, box), bounds=box, tiles=tiles_of(settings))
    rows = [
        [a.name, TYPES[a.asset_type][0], LEVELS.get(a.support_level, ""), ", ".join(a.themes), a.address]
        for a in maps.assets(session, taxonomy, chosen, limit=LIST_LIMIT)
    ]
    total = sum(counts.values())
    table = Table(f"Alle {total} plekken als lijst", ["Naam", "Soort", "Niveau", "Thema's", "Adres"], rows, total)
    html = map_page(
        m,
        title="De buurt in kaart",
        intro="Wat de buurt al heeft: bewoners, verenigingen, instellingen, plekken. Klik op een punt voor meer.",
        legend=list(TYPES.values()),
        tables=[table],
        filters=maps.filters(taxonomy, {**given, "type": type}),
        sources=maps.sources(session, taxonomy, chosen, box),
    )
    return HTMLResponse(html)


@router.get("/map/assets.geojson", summary="A map layer: published assets as GeoJSON with escaped properties")
def asset_layer(
    session: SessionDep, taxonomy: TaxonomyDep, theme: str = "", type: str = "", support_level: str = ""
) -> JSONResponse:
    chosen = checked_filter(taxonomy, theme, type, support_level)
    return JSONResponse(asset_features(maps.assets(session, taxonomy, chosen)), media_type="application/geo+json")


@router.get("/map/needs/{need_id}", response_class=HTMLResponse, summary="One need's proposals on a map (builders)")
def need_page(
    row: NeedDep, session: SessionDep, settings: SettingsDep, taxonomy: TaxonomyDep, audit: AuditDep
) -> HTMLResponse:
    require_map_scripts()
    audit(AuditAction.read, "need_maps", row.id, purpose=row.purpose)
    ranked = matches.match_need(
        session, row.id, settings=match_settings(settings), taxonomy=taxonomy, today=date.today(), limit=10
    )
    m, proposals = proposals_map(session, row, ranked, settings)
    themes = ", ".join(taxonomy.themes[code].label_nl for code in row.themes if code in taxonomy.themes)
    rows = [[str(p.rank), p.name, LEVELS.get(p.support_level, p.support_level), f"{p.distance_m:.0f} m",
             "; ".join(p.reasons)] for p in proposals]  # fmt: skip
    html = map_page(
        m,
        title=f"Voorstellen voor {row.person_ref}: {themes}",
        intro="Genummerd in volgorde: informeel eerst. De plek van de vraag is verschoven, niet het huis.",
        legend=PROPOSAL_LEGEND,
        tables=[Table(f"{len(rows)} voorstellen als lijst", ["Nr", "Naam", "Niveau", "Afstand", "Waarom"], rows)],
        filters=None,
    )
    return HTMLResponse(html)


PROPOSAL_LEGEND = [(label, LEVEL_COLOURS[level]) for level, label in LEVELS.items()] + [
    ("Eén plek, één contact", "#f1c40f")
]


def proposals_map(
    session: Session, row: NeedRow, ranked: matches.Ranked, settings: Settings
) -> tuple[folium.Map, list[MapProposal]]:
    """A need's proposals on a map: the need and volunteers masked, the need's reach, numbered places."""
    mask = person_mask(session, settings)
    kastjes = {kastje.asset_id for kastje in ranked.proposals.kastjes}
    proposals = []
    for _, proposal in ranked.matches:
        candidate = proposal.candidate
        lon, lat = to_wgs84(candidate.x, candidate.y, RD_NEW)
        if candidate.kind == "volunteer":  # a person: shown only masked
            lon, lat = mask.apply(lon, lat, str(candidate.id))
        name = candidate.place_name or "Buurtgenoot (vrijwilliger)"
        proposals.append(MapProposal(proposal.rank, name, candidate.kind, candidate.support_level, lon, lat,
                                     proposal.distance_m, proposal.reasons, candidate.asset_id in kastjes))  # fmt: skip
    lon, lat = mask.apply(row.geom.x, row.geom.y, str(row.id))
    reach = row.radius_m or match_settings(settings).reach_m[row.mode]
    return need_map(lon, lat, reach, proposals, tiles=tiles_of(settings)), proposals


def person_mask(session: Session, settings: Settings) -> DonutMask:
    return DonutMask(service_key(session, "person_mask"), settings.mask_min_m, settings.mask_max_m)
