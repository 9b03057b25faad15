"""The theme taxonomy: life domains of the Zelfredzaamheid-Matrix with finer themes, from data/."""

import json
from dataclasses import dataclass
from pathlib import Path

from app.errors import InvalidInput


@dataclass(frozen=True)
class Theme:
    code: str
    domain: str
    label_nl: str
    label_en: str


@dataclass(frozen=True)
class Taxonomy:
    version: str
    domains: dict[str, Theme]
    themes: dict[str, Theme]

    def check(self, codes: list[str], field: str) -> list[str]:
        """The codes, each a known theme or life domain, without repeats; else a 422 naming the field."""
        unknown = [code for code in codes if code not in self.themes and code not in self.domains]
        if unknown:
            raise InvalidInput.field(field, f"unknown theme {unknown[0]!r}; see GET /api/v1/themes")
        return list(dict.fromkeys(codes))

    def code_for(self, text: str) -> str | None:
        """The theme or domain a code, a code without its domain, or a label (Dutch or English, any case) names."""
        wanted = text.strip().lower()
        for theme in (*self.themes.values(), *self.domains.values()):
            if wanted in (theme.code, theme.code.split("/")[-1], theme.label_nl.lower(), theme.label_en.lower()):
                return theme.code
        return None

    def expand(self, code: str, field: str) -> list[str]:
        """A filter code as the theme codes it covers: a domain covers itself and its themes."""
        self.check([code], field)
        if code in self.domains:
            return [code, *(t.code for t in self.themes.values() if t.domain == code)]
        return [code]


def load_taxonomy(path: Path) -> Taxonomy:
    """Read the versioned taxonomy file."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    domains, themes = {}, {}
    for domain in raw["domains"]:
        code = domain["code"]
        domains[code] = Theme(code, code, domain["label_nl"], domain["label_en"])
        for theme in domain["themes"]:
            themes[theme["code"]] = Theme(theme["code"], code, theme["label_nl"], theme["label_en"])
    return Taxonomy(raw["version"], domains, themes)
