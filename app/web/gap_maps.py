"""`/map/gaps`: where supply is missing, for planners, builders and admins."""

from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from app.analysis.aggregates import figures
from app.analysis.data import Neighbourhood
from app.analysis.signals import SignalRules, signals
from app.api.deps import PrincipalDep, SettingsDep, TaxonomyDep
from app.api.matching import match_settings
from app.api.planning import NeighbourhoodDep, scope_of, shapes_of
from app.geo import extent_of
from app.maps.data import Filters
from app.maps.gaps import GapArea, MapSignal, ReachingOffer, gaps_map, legend
from app.maps.page import Table, map_page
from app.store import maps
from app.store.access import EDITORS
from app.taxonomy import Taxonomy
from app.web.maps import require_map_scripts, tiles_of

router = APIRouter(tags=["maps"])


@router.get("/map/gaps", response_class=HTMLResponse, summary="Where supply is missing: unmet needs per buurt")
def gaps_page(
    hood: NeighbourhoodDep, principal: PrincipalDep, settings: SettingsDep, taxonomy: TaxonomyDep, theme: str = ""
) -> HTMLResponse:
    """Buurten by open needs with no offer of their theme within reach (people counts protected),
    the reach of the offers of the chosen theme, and the collective signals."""
    require_map_scripts()
    areas = _gap_areas(hood, taxonomy, scope_of(theme or None, taxonomy))
    themes = set(taxonomy.expand(theme, "theme")) if theme else set()
    offers = [ReachingOffer(row.title, row.asset_name, row.lon, row.lat)
              for row in hood.offers.itertuples() if themes & set(row.themes)]  # fmt: skip
    found = _map_signals(hood, taxonomy, themes, exact=principal.role in EDITORS)
    reach_m = match_settings(settings).reach_m["walk"]
    bounds = extent_of([area.geometry for area in areas])
    m = gaps_map(areas, offers, reach_m, found, bounds=bounds, tiles=tiles_of(settings))
    html = map_page(
        m,
        title="Waar aanbod ontbreekt" + (f": {_label(taxonomy, theme)}" if theme else ""),
        intro="Per buurt: open vragen zonder passend aanbod binnen bereik. Kleine aantallen (1-9) blijven verborgen."
        + ("" if theme else " Kies een thema om ook het bereik van het aanbod te zien."),
        legend=legend(),
        tables=[_buurten_table(areas), _signals_table(found)],
        filters=Filters(themes=maps.filters(taxonomy, {}).themes, chosen={"theme": theme}),
    )
    return HTMLResponse(html)


def _gap_areas(hood: Neighbourhood, taxonomy: Taxonomy, scope: str) -> list[GapArea]:
    buurten = figures(hood, taxonomy).at("buurt", scope)
    shapes = shapes_of(hood, [row.code for row in buurten])
    return [GapArea(row.code, row.name, shape, row.needs_open, row.needs_unmet, row.offers)
            for row, shape in zip(buurten, shapes, strict=True)]  # fmt: skip


def _map_signals(hood: Neighbourhood, taxonomy: Taxonomy, themes: set[str], *, exact: bool) -> list[MapSignal]:
    """The signals of the chosen themes (all when none), protected unless `exact`."""
    return [
        MapSignal(s.area_name, _label(taxonomy, s.theme), s.lon, s.lat, s.residents, s.volunteers_nearby,
                  s.offers_nearby)
        for s in signals(hood, rules=SignalRules(), now=datetime.now(UTC), exact=exact)
        if not themes or s.theme in themes
    ]  # fmt: skip


def _label(taxonomy: Taxonomy, code: str) -> str:
    known = taxonomy.themes.get(code) or taxonomy.domains.get(code)
    return known.label_nl if known else code


def _shown(count: int | None) -> str:
    return "verborgen" if count is None else str(count)


def _buurten_table(areas: list[GapArea]) -> Table:
    rows = [[a.name, a.code, _shown(a.needs_unmet), _shown(a.needs_open), str(a.offers)] for a in areas]
    headers = ["Buurt", "Code", "Zonder aanbod binnen bereik", "Open vragen", "Aanbod"]
    return Table(f"{len(rows)} buurten als lijst", headers, rows)


def _signals_table(found: list[MapSignal]) -> Table:
    rows = [[s.area_name, s.theme, _shown(s.residents), _shown(s.volunteers_nearby), str(s.offers_nearby)]
            for s in found]  # fmt: skip
    headers = ["Buurt", "Thema", "Bewoners", "Vrijwilligers dichtbij", "Aanbod dichtbij"]
    return Table(f"{len(rows)} signalen", headers, rows)
