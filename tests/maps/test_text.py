"""The escaping helper every piece of user text on a map page goes through."""

from app.maps.text import safe


def test_markup_quotes_and_script_breakers_become_entities():
    assert safe('<b onclick="x">\'') == "&lt;b onclick=&quot;x&quot;&gt;&#x27;"
    assert safe("a\\b`c${d}") == "a&#92;b&#96;c$&#123;d&#125;"
    assert safe("{{ 7*7 }}") == "&#123;&#123; 7*7 &#125;&#125;"
    assert safe(None) == "" and safe(42) == "42"


def test_plain_dutch_text_is_unchanged():
    assert (
        safe("Buurthuis De Linde, café & tuin: ma 09:00-12:00") == "Buurthuis De Linde, café &amp; tuin: ma 09:00-12:00"
    )
