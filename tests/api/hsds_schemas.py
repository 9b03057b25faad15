"""The HSDS 3.0 JSON schemas, read from ../shared/data (never copied into this repository), as checks."""

import json
from functools import cache

from jsonschema import Draft202012Validator

from tests.importers.conftest import shared

ENVELOPE = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


@cache
def _load(relative: str) -> dict:
    return json.loads(shared(f"hsds-3.0/schema/{relative}").read_text(encoding="utf-8"))


def _schema(name: str) -> dict:
    """A compiled schema by name. taxonomy and taxonomy_term have no compiled file of their own: they come
    from compiled/service_with_definitions.json; `about` (for `/`) and `page` from the HSDS OpenAPI."""
    if name in ("taxonomy", "taxonomy_term"):
        definitions = _load("compiled/service_with_definitions.json")["definitions"]
        return {"$ref": f"#/definitions/{name}", "definitions": definitions}
    if name == "about":
        return _load("openapi.json")["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    if name == "page":
        return _load("openapi.json")["components"]["schemas"]["Page"]
    return _load(f"compiled/{name}.json")


def errors(body: object, name: str) -> list[str]:
    """What is wrong with `body` as the schema `name` sees it, formats (uuid, uri, email, date-time) included."""
    validator = Draft202012Validator(_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(body)]


def assert_valid(body: object, name: str) -> None:
    assert errors(body, name) == []


def assert_valid_page(body: dict, item: str) -> None:
    """The HSDS paged envelope, every field present, around items each valid as `item`."""
    assert set(body) == ENVELOPE
    assert errors(body, "page") == []
    for record in body["contents"]:
        assert_valid(record, item)
