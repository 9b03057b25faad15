"""The "still running" page behind a confirmation link: no login, one button.

GET only shows the offer (mail scanners and link previews open links; they must change nothing);
the button POSTs to the same address and confirms the offer as of today. API clients that ask
for JSON get JSON, and problem+json for a link that is not valid or has expired.
"""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment
from sqlmodel import Session

from app.api.deps import SessionDep, SettingsDep
from app.config import Settings
from app.errors import NabijError
from app.models import Asset, Offer
from app.store import confirmation, freshness

router = APIRouter(tags=["freshness"])

# Autoescaped: the offer's title and place are an association's own words.
PAGE = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<title>{{ heading }} · Nabij</title>
<style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
button{font:inherit;padding:.6rem 1.2rem;background:#1d5e2f;color:#fff;border:0;border-radius:.3rem;cursor:pointer}
button:focus-visible{outline:3px solid #f1c40f;outline-offset:2px}.en{color:#444}</style></head>
<body><main>
<h1>{{ heading }}</h1>
{% if offer %}<p><strong>{{ offer.title }}</strong>{% if place %} bij {{ place }}{% endif %}</p>{% endif %}
<p>{{ text }}</p>
{% if ask %}<form method="post" action="{{ action }}"><button type="submit">Ja, dit loopt nog</button></form>
<p class="en" lang="en">Is this still running? The button confirms it as of today.</p>{% endif %}
</main></body></html>""")
ASK = "Loopt dit aanbod nog? Met één klik laat u de buurt weten dat het er nog is."
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _page(status_code: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(PAGE.render(**context), status_code=status_code, headers=HEADERS)


def _answer(request: Request, session: Session, offer: Offer, *, done: bool) -> HTMLResponse | JSONResponse:
    state = freshness.state_of(session, offer)
    if _wants_json(request):
        confirmed = offer.last_confirmed.isoformat() if offer.last_confirmed else None
        body = {"offer_id": str(offer.id), "title": offer.title, "last_confirmed": confirmed,
                "freshness": state.value, "confirmed": done}  # fmt: skip
        return JSONResponse(body, headers=HEADERS)
    place = session.get(Asset, offer.asset_id)
    if done:
        text = f"Dank u wel. Bevestigd op {offer.last_confirmed:%d-%m-%Y}."
        return _page(heading="Bevestigd", offer=offer, place=place.name if place else "", text=text)
    return _page(heading="Loopt dit nog?", offer=offer, place=place.name if place else "", text=ASK, ask=True,
                 action=request.url.path)  # fmt: skip


def _refusal(request: Request, error: NabijError) -> HTMLResponse:
    if _wants_json(request):
        raise error
    return _page(error.status, heading="Deze link werkt niet", text=error.detail)


@router.get("/confirm/{token}", response_class=HTMLResponse, response_model=None, summary="A 'still running' link")
def confirmation_page(
    token: str, request: Request, session: SessionDep, settings: SettingsDep
) -> HTMLResponse | JSONResponse:
    return _by_link(token, request, session, settings, confirm=False)


@router.post("/confirm/{token}", response_class=HTMLResponse, response_model=None, summary="Confirm by link")
def confirm_by_link(
    token: str, request: Request, session: SessionDep, settings: SettingsDep
) -> HTMLResponse | JSONResponse:
    return _by_link(token, request, session, settings, confirm=True)


def _by_link(
    token: str, request: Request, session: Session, settings: Settings, *, confirm: bool
) -> HTMLResponse | JSONResponse:
    today = freshness.today()
    try:
        offer = confirmation.offer_of(session, token, today=today, valid_days=settings.confirm_link_days)
        if confirm:
            confirmation.confirm(offer, today)
    except NabijError as error:
        return _refusal(request, error)
    return _answer(request, session, offer, done=confirm)
