"""A map page: heading, filters, the map, its legend, and the same content as a plain table."""

from collections.abc import Sequence
from dataclasses import dataclass

import folium

from app.maps.assets import self_hosted
from app.maps.data import Choice, Filters
from app.maps.text import safe

LIST_LIMIT = 500
STYLE = """<style>
body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; }
.page-head, .page-list, .legend, .filters, .credits { padding: 0.5rem 1rem; }
.page-head h1 { font-size: 1.4rem; margin: 0.5rem 0; }
.filters { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: end; }
.filters label { display: flex; flex-direction: column; font-size: 0.9rem; }
.legend ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; margin: 0; }
.legend .swatch { display: inline-block; width: 0.9rem; height: 0.9rem; border: 1px solid #222; border-radius: 50%;
  margin-right: 0.3rem; vertical-align: middle; }
.page-list table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
.page-list th, .page-list td { border-bottom: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; }
a:focus, button:focus, select:focus { outline: 3px solid #1d70b8; }
.rank { width: 28px; height: 28px; border-radius: 50%; color: #fff; font: bold 14px/28px system-ui, sans-serif;
  text-align: center; border: 2px solid #fff; box-shadow: 0 0 2px #000; }
.nabij-cluster div { width: 34px; height: 34px; border-radius: 50%; color: #fff; text-align: center;
  font: bold 13px/34px system-ui, sans-serif; border: 2px solid #fff; box-shadow: 0 0 3px #000; }
.rank.kastje { box-shadow: 0 0 0 4px #f1c40f, 0 0 2px #000; }
</style>"""


@dataclass(frozen=True)
class Table:
    """The page's content as rows for readers who do not use the map; cells are raw text."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    total: int | None = None  # when `rows` are the first of more


# Credits a data source's licence asks for, by the kind of import (the part of its name before ':').
CREDITS = {"osm": "© OpenStreetMap-bijdragers (ODbL)"}


def map_page(
    m: folium.Map,
    *,
    title: str,
    intro: str,
    legend: list[tuple[str, str]],
    tables: Sequence[Table],
    filters: Filters | None,
    sources: Sequence[str] = (),
) -> str:
    """The whole HTML page, every script and stylesheet from Nabij itself, crediting imported data."""
    root = m.get_root()
    self_hosted(root)
    page = root.render()
    head = f'<header class="page-head"><h1>{safe(title)}</h1><p>{safe(intro)}</p></header>'
    top = head + (_filter_form(filters) if filters else "")
    bottom = _legend(legend) + "".join(_table(table, n) for n, table in enumerate(tables, 1)) + _credits(sources)
    page = page.replace("<html>", '<html lang="nl">', 1).replace("<head>", f"<head><title>{safe(title)}</title>", 1)
    page = page.replace("</head>", STYLE + "</head>", 1)
    page = page.replace("<body>", f"<body>{top}<main>", 1)
    return page.replace("</body>", f"{bottom}</main></body>", 1)


def bare_map(m: folium.Map, title: str) -> str:
    """The map alone as a whole HTML document, every script and stylesheet from Nabij; for embedding in a page."""
    root = m.get_root()
    self_hosted(root)
    page = root.render().replace("<html>", '<html lang="nl">', 1)
    fill = "<style>html, body { height: 100%; margin: 0; } .folium-map { height: 100% !important; }</style>"
    page = page.replace("<head>", f"<head><title>{safe(title)}</title>", 1)
    return page.replace("</head>", STYLE + fill + "</head>", 1)


def _credits(sources: Sequence[str]) -> str:
    """`osm:amsterdam` is credited as OpenStreetMap asks; other sources by their name."""
    credits = sorted({CREDITS.get(source.split(":")[0], source) for source in sources})
    if not credits:
        return ""
    return f'<footer class="credits"><p>Gegevens: {safe("; ".join(credits))}</p></footer>'


def _filter_form(filters: Filters) -> str:
    offered = (("theme", "Thema", filters.themes), ("type", "Soort", filters.types),
               ("support_level", "Niveau", filters.levels))  # fmt: skip
    chosen = filters.chosen
    selects = [_select(name, label, choices, chosen.get(name, "")) for name, label, choices in offered if choices]
    return (
        '<form class="filters" method="get" aria-label="Filters">' + "".join(selects)
        + '<button type="submit">Toon</button> <a href="?">Alles tonen</a></form>'
    )  # fmt: skip


def _select(name: str, label: str, choices: list[Choice], chosen: str) -> str:
    options, group = ['<option value="">Alle</option>'], None
    for choice in choices:
        if choice.group != group:
            options.append(("</optgroup>" if group else "") + f'<optgroup label="{safe(choice.group)}">')
            group = choice.group
        selected = " selected" if choice.value == chosen else ""
        options.append(f'<option value="{safe(choice.value)}"{selected}>{safe(choice.label)}</option>')
    if group:
        options.append("</optgroup>")
    return f'<label>{safe(label)}<select name="{name}">{"".join(options)}</select></label>'


def _legend(entries: list[tuple[str, str]]) -> str:
    items = "".join(
        f'<li><span class="swatch" style="background:{colour}"></span>{safe(label)}</li>' for label, colour in entries
    )
    return f'<section class="legend" aria-label="Legenda"><h2>Legenda</h2><ul>{items}</ul></section>'


def _table(table: Table, number: int) -> str:
    shown = table.rows[:LIST_LIMIT]
    more = (
        f"<p>De eerste {LIST_LIMIT} van {len(table.rows)}; kies filters om te verfijnen.</p>"
        if len(table.rows) > LIST_LIMIT
        else ""
    )
    head = "".join(f'<th scope="col">{safe(header)}</th>' for header in table.headers)
    body = "".join("<tr>" + "".join(f"<td>{safe(cell)}</td>" for cell in row) + "</tr>" for row in shown)
    return (
        f'<section class="page-list" aria-labelledby="list-{number}"><h2 id="list-{number}">{safe(table.caption)}</h2>'
        f"{more}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>"
    )
