"""Map pages: `/map`, the neighbourhood, public; builders also see open needs counted per buurt."""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from app.api.deps import PrincipalDep, SessionDep, SettingsDep, TaxonomyDep
from app.config import Settings
from app.errors import InvalidInput, Unavailable
from app.maps.assets import NODE_MODULES, PACKAGES
from app.maps.data import Tiles
from app.maps.neighbourhood import LEVELS, TYPES, neighbourhood_map
from app.maps.page import Table, map_page
from app.store import maps

router = APIRouter(tags=["maps"])


def tiles_of(settings: Settings) -> Tiles:
    return Tiles(settings.tiles_url or None, settings.tiles_attribution)


def require_map_scripts() -> None:
    missing = [package for package in PACKAGES if not (NODE_MODULES / package).is_dir()]
    if missing:
        raise Unavailable(f"the map scripts are not installed ({', '.join(missing)}): run 'npm ci' in the project")


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
    if theme:
        taxonomy.check([theme], "theme")
    for name, value, allowed in (("type", type, TYPES), ("support_level", support_level, LEVELS)):
        if value and value not in allowed:
            raise InvalidInput.field(name, f"{value!r} is not one of {', '.join(allowed)}")
    found = maps.neighbourhood(
        session, principal, taxonomy, theme=theme or None, asset_type=type or None, support_level=support_level or None
    )
    m = neighbourhood_map(found.assets, found.areas, tiles=tiles_of(settings))
    legend = list(TYPES.values())
    rows = [
        [a.name, TYPES[a.asset_type][0], LEVELS.get(a.support_level, ""), ", ".join(a.themes), a.address]
        for a in found.assets
    ]
    table = Table(f"Alle {len(rows)} plekken als lijst", ["Naam", "Soort", "Niveau", "Thema's", "Adres"], rows)
    chosen = {"theme": theme, "type": type, "support_level": support_level}
    html = map_page(
        m,
        title="De buurt in kaart",
        intro="Wat de buurt al heeft: bewoners, verenigingen, instellingen, plekken. Klik op een punt voor meer.",
        legend=legend,
        table=table,
        filters=maps.filters(taxonomy, chosen),
    )
    return HTMLResponse(html)
