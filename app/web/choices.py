"""The choices a form offers: themes grouped by life domain, and the facets' values."""

from app.models.base import Accessibility, Cost, Day, TargetGroup
from app.taxonomy import Taxonomy, Theme


def themes_by_domain(taxonomy: Taxonomy) -> list[tuple[Theme, list[Theme]]]:
    """Each life domain with its themes, in the taxonomy's order."""
    return [
        (domain, [theme for theme in taxonomy.themes.values() if theme.domain == code])
        for code, domain in taxonomy.domains.items()
    ]


def facet_choices() -> dict[str, list[str]]:
    return {
        "days": [day.value for day in Day],
        "target_groups": [group.value for group in TargetGroup],
        "costs": [cost.value for cost in Cost],
        "accessibility": [item.value for item in Accessibility],
    }
