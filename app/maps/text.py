"""The one way user text enters a map page: escaped for HTML, and inert inside scripts too."""

import html

# After HTML escaping, what could still end a JavaScript string or template literal, or start a Jinja
# expression: Folium (branca) feeds a rendered script through Jinja again, so "{{ 7*7 }}" in a popup
# would be evaluated on the server. Braces as entities close that door ("${" included).
SCRIPT_SAFE = {"\\": "&#92;", "`": "&#96;", "{": "&#123;", "}": "&#125;"}


def safe(text: object) -> str:
    """`text` as HTML-escaped text (quotes included) that also cannot break out of a script.

    Folium writes popup, tooltip and GeoJSON property strings into `<script>` blocks and the
    browser then inserts them as HTML: escaped `<` means no `</script>` and no tags; escaped
    quotes, backslash, backtick and braces mean no way out of a string or template literal, and
    no Jinja expression when Folium renders the script a second time.
    """
    escaped = html.escape("" if text is None else str(text), quote=True)
    for raw, entity in SCRIPT_SAFE.items():
        escaped = escaped.replace(raw, entity)
    return escaped
