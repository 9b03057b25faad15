"""Server-rendered pages: Jinja2 templates with autoescaping, in the visitor's language."""

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.store.logins import Login
from app.web.i18n import LANGUAGE_COOKIE, LANGUAGES, language_of, translator

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")  # autoescapes every variable
TEMPLATES.env.filters["pair"] = lambda value, t: (value, t(value))  # a choice's value and its words
TEMPLATES.env.filters["extract"] = lambda key, mapping: mapping.get(key, key)  # a code's label, else the code
STATIC_DIR = Path(__file__).parent / "static"
YEAR_S = 365 * 24 * 3600


def page(
    request: Request, template: str, context: dict, *, login: Login | None = None, status_code: int = 200
) -> HTMLResponse:
    """The template filled in, with `t` (words in the page's language), `login` and the language switch."""
    language = language_of(request)
    other = LANGUAGES[1 - LANGUAGES.index(language)]
    switch = request.url.include_query_params(lang=other)
    response = TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "t": translator(language),
            "lang": language,
            "other_lang": other,
            "switch_url": f"{switch.path}?{switch.query}",
            "login": login,
            **context,
        },
        status_code=status_code,
    )
    if request.query_params.get("lang") == language:
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=YEAR_S, httponly=True, samesite="lax")
    response.headers["Cache-Control"] = "no-store"  # pages show one account's data
    return response
