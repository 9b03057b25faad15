"""Our theme taxonomy as one HSDS taxonomy: life domains as top-level terms, their themes beneath them."""

from app.errors import InvalidInput, NotFound
from app.hsds.ids import TAXONOMY_ID, derived_id, term_id
from app.hsds.paging import Paging, in_memory
from app.hsds.query import HsdsQuery, TaxonomyTermQuery
from app.taxonomy import Taxonomy, Theme

NAME = "Nabij-thema's"
DESCRIPTION = (
    "De 13 leefgebieden van de Zelfredzaamheid-Matrix 2017, elk met fijnere thema's van Nabij. "
    "Namen in het Nederlands; de beschrijving geeft de Engelse naam."
)


def taxonomy_record(taxonomy: Taxonomy) -> dict:
    return {"id": TAXONOMY_ID, "name": NAME, "description": DESCRIPTION, "version": taxonomy.version}


def term_record(taxonomy: Taxonomy, theme: Theme) -> dict:
    record = {
        "id": term_id(theme.code),
        "code": theme.code,
        "name": theme.label_nl,
        "description": f"English: {theme.label_en}",
        "taxonomy": NAME,
        "taxonomy_id": TAXONOMY_ID,
        "taxonomy_detail": taxonomy_record(taxonomy),
        "language": "nl",
    }
    if theme.code != theme.domain:
        record["parent_id"] = term_id(theme.domain)
    return record


def all_terms(taxonomy: Taxonomy) -> list[Theme]:
    """Each life domain followed by its themes, in the taxonomy file's order."""
    themes_of: dict[str, list[Theme]] = {code: [] for code in taxonomy.domains}
    for theme in taxonomy.themes.values():
        themes_of[theme.domain].append(theme)
    return [term for domain in taxonomy.domains.values() for term in (domain, *themes_of[domain.code])]


def find_term(taxonomy: Taxonomy, wanted_id: str) -> Theme | None:
    return next((term for term in all_terms(taxonomy) if term_id(term.code) == wanted_id), None)


def filter_codes(taxonomy: Taxonomy, term: str | None, taxonomy_id: str | None) -> list[list[str]]:
    """The theme codes services must have one of, per filter given; a 422 for a term or taxonomy not ours."""
    wanted = []
    if taxonomy_id is not None:
        _check_taxonomy(taxonomy_id, "taxonomy_id")
        wanted.append([theme.code for theme in all_terms(taxonomy)])
    if term is not None:
        found = find_term(taxonomy, term)
        if found is None:
            raise InvalidInput.field("taxonomy_term_id", "no such term; see GET /hsds/taxonomy_terms")
        wanted.append(taxonomy.expand(found.code, "taxonomy_term_id"))
    return wanted


def attributes(taxonomy: Taxonomy, service_id: str, codes: list[str]) -> list[dict]:
    """A service's themes as attributes linking it to our taxonomy terms; codes no longer in it are left out."""
    known = {term.code: term for term in all_terms(taxonomy)}
    return [
        {
            "id": derived_id("attribute", service_id, code),
            "link_id": service_id,
            "link_type": "theme",
            "link_entity": "service",
            "taxonomy_term_id": term_id(code),
            "taxonomy_term": term_record(taxonomy, known[code]),
        }
        for code in codes
        if code in known
    ]


def taxonomies_page(taxonomy: Taxonomy, query: HsdsQuery, paging: Paging) -> dict:
    records = [taxonomy_record(taxonomy)]
    return in_memory([r for r in records if _found(query.search, r["name"], r["description"])], paging)


def taxonomy_by_id(taxonomy: Taxonomy, wanted_id: str) -> dict:
    if wanted_id != TAXONOMY_ID:
        raise NotFound(f"no taxonomy with id {wanted_id!r}")
    return taxonomy_record(taxonomy)


def terms_page(taxonomy: Taxonomy, query: TaxonomyTermQuery, paging: Paging) -> dict:
    if query.taxonomy_id is not None:
        _check_taxonomy(query.taxonomy_id, "taxonomy_id")
    records = [term_record(taxonomy, term) for term in all_terms(taxonomy)]
    chosen = [
        record
        for record in records
        if _found(query.search, record["code"], record["name"], record["description"])
        and not (query.top_only and "parent_id" in record)
        and (query.parent_id is None or record.get("parent_id") == query.parent_id)
    ]
    return in_memory(chosen, paging)


def term_by_id(taxonomy: Taxonomy, wanted_id: str) -> dict:
    found = find_term(taxonomy, wanted_id)
    if found is None:
        raise NotFound(f"no taxonomy term with id {wanted_id!r}")
    return term_record(taxonomy, found)


def _check_taxonomy(wanted_id: str, field: str) -> None:
    if wanted_id != TAXONOMY_ID:
        raise InvalidInput.field(field, f"not a taxonomy of ours; ours is {TAXONOMY_ID}")


def _found(search: str | None, *texts: str) -> bool:
    return search is None or any(search.lower() in text.lower() for text in texts)
