"""The pages' words in Dutch (the default) and English; the language comes from `?lang=`, a cookie, or the browser."""

from collections.abc import Callable

from fastapi import Request

LANGUAGES = ("nl", "en")
LANGUAGE_COOKIE = "nabij_lang"

# key -> (Dutch, English)
WORDS: dict[str, tuple[str, str]] = {
    "skip": ("Naar de inhoud", "Skip to content"),
    "login": ("Inloggen", "Log in"),
    "logout": ("Uitloggen", "Log out"),
    "email": ("E-mailadres", "E-mail address"),
    "password": ("Wachtwoord", "Password"),
    "login_intro": (
        "Voor verenigingen, opbouwwerkers en beheerders: log in om uw aanbod bij te houden.",
        "For associations, community builders and administrators: log in to keep your offers up to date.",
    ),
    "login_failed": ("Het e-mailadres of het wachtwoord klopt niet.", "The e-mail address or the password is wrong."),
    "logged_in_as": ("Ingelogd als", "Logged in as"),
    "login_blocked": (
        "Te vaak een verkeerd wachtwoord. Probeer het opnieuw over",
        "Too many wrong passwords. Try again in",
    ),
    "minutes": ("minuten", "minutes"),
    "map": ("Kaart", "Map"),
    "manage": ("Mijn aanbod", "My offers"),
    "manage_intro_association": (
        "De plekken en activiteiten van uw organisatie. "
        "Nieuw aanbod is een concept tot een opbouwwerker het publiceert.",
        "Your organisation's places and activities. New offers are drafts until a community builder publishes them.",
    ),
    "manage_intro_builder": (
        "Concepten van verenigingen die wachten op publicatie, en alle plekken om te beheren.",
        "Drafts from associations waiting to be published, and every place to manage.",
    ),
    "assets": ("Plekken", "Places"),
    "offers": ("Aanbod", "Offers"),
    "waiting": ("Wacht op publicatie", "Waiting to be published"),
    "new_asset": ("Nieuwe plek", "New place"),
    "new_offer": ("Nieuw aanbod", "New offer"),
    "edit": ("Bewerken", "Edit"),
    "publish": ("Publiceren", "Publish"),
    "save": ("Opslaan", "Save"),
    "saved": ("Opgeslagen.", "Saved."),
    "published": ("Gepubliceerd.", "Published."),
    "none_yet": ("Nog niets.", "Nothing yet."),
    "name": ("Naam", "Name"),
    "title": ("Titel", "Title"),
    "description": ("Beschrijving", "Description"),
    "asset_type": ("Soort plek", "Kind of place"),
    "support_level": ("Niveau van steun", "Level of support"),
    "themes": ("Thema's", "Themes"),
    "address": ("Adres", "Address"),
    "location": ("Ligging", "Location"),
    "location_help": (
        "Klik op de kaart, of typ de coördinaten (WGS84, graden).",
        "Click the map, or type the coordinates (WGS84, degrees).",
    ),
    "lon": ("Lengtegraad (oost)", "Longitude (east)"),
    "lat": ("Breedtegraad (noord)", "Latitude (north)"),
    "website": ("Website", "Website"),
    "phone": ("Telefoon", "Phone"),
    "status": ("Status", "Status"),
    "asset": ("Plek", "Place"),
    "asset_id": ("Plek", "Place"),
    "schedule": ("Wanneer (elke week)", "When (every week)"),
    "schedule_help": (
        "Eén regel per dag en tijd; laat een regel leeg als u die niet nodig heeft.",
        "One line per day and time; leave a line empty if you do not need it.",
    ),
    "day": ("Dag", "Day"),
    "opens": ("Van", "From"),
    "closes": ("Tot", "Until"),
    "capacity": ("Plaatsen vrij", "Places left"),
    "valid_until": ("Loopt tot", "Runs until"),
    "target_groups": ("Voor wie", "For whom"),
    "cost": ("Kosten", "Cost"),
    "cost_unknown": ("Onbekend", "Unknown"),
    "languages": ("Talen (codes, met komma's: nl, en, ar)", "Languages (codes, with commas: nl, en, ar)"),
    "accessibility": ("Toegankelijkheid", "Accessibility"),
    "errors_above": ("Niet opgeslagen: verbeter wat hieronder staat.", "Not saved: correct what is shown below."),
    "draft_note": (
        "Dit is een concept tot een opbouwwerker het publiceert.",
        "This is a draft until a community builder publishes it.",
    ),
    "language_switch": ("English", "Nederlands"),
    "need": ("Vraag", "Question"),
    "theme_search": ("Zoek een thema (typ een woord)", "Find a theme (type a word)"),
    "postcode": ("Postcode", "Postcode"),
    "huisnummer": ("Huisnummer", "House number"),
    "huisletter": ("Huisletter", "House letter"),
    "toevoeging": ("Toevoeging", "Addition"),
    "home_address": ("Adres van de bewoner", "Resident's address"),
    "home_address_help": (
        "Alleen opbouwwerkers zien de precieze plek; overal elders is die verschoven of geteld per buurt.",
        "Only community builders see the exact place; everywhere else it is moved or counted per buurt.",
    ),
    "person_ref_help": (
        "Een code, nooit een naam. Leeg laten: Nabij maakt er een.",
        "A code, never a name. Leave it empty and Nabij makes one.",
    ),
    "radius_m": ("Bereik in meters (leeg: volgens hoe)", "Reach in metres (empty: by how)"),
    "reach_m": ("Hoe ver wil de vrijwilliger gaan (meters)", "How far the volunteer goes (metres)"),
    "gifts": ("Wat kan en wil de bewoner geven?", "What can and will the resident give?"),
    "need_themes": ("Waar gaat de vraag over?", "What is the question about?"),
    "availability": ("Wanneer beschikbaar", "When available"),
    "when_need": ("Wanneer speelt het", "When does it come up"),
    "purpose": ("Doel van de registratie", "Purpose of the record"),
    "legal_basis": ("Grondslag (AVG)", "Legal basis (GDPR)"),
    "save_need": ("Opslaan en voorstellen zien", "Save and see proposals"),
    "volunteer_saved": ("Vrijwilliger opgeslagen:", "Volunteer saved:"),
    "new_need": ("Nieuwe vraag", "New question"),
    "new_volunteer": ("Vrijwilliger", "Volunteer"),
    "my_buurt": ("Mijn buurt", "My buurt"),
    "proposals": ("Voorstellen", "Proposals"),
    "proposals_intro": (
        "Genummerd in volgorde: de buurt en informele hulp eerst. De plek van de vraag is verschoven, niet het huis.",
        "Numbered in order: the neighbourhood and informal help first. The question's place is moved, not the home.",
    ),
    "map_of_proposals": ("Kaart met voorstellen", "Map of the proposals"),
    "kastje": ("Eén plek, één contact", "One place, one contact"),
    "kastje_text": ("beantwoordt hier meerdere thema's:", "answers several themes here:"),
    "reciprocal": ("Wederkerig", "Two-way"),
    "distance": ("Afstand", "Distance"),
    "reasons": ("Waarom", "Why"),
    "note": ("Notitie (kort)", "Note (short)"),
    "no_proposals": (
        "Nog niets binnen bereik. Kijk op de kaart van wat ontbreekt, of vergroot het bereik.",
        "Nothing within reach yet. See the map of what is missing, or widen the reach.",
    ),
    "close_need": ("Vraag afsluiten", "Close the question"),
    "closed": ("Afgesloten.", "Closed."),
    "mode": ("Hoe", "How"),
    "reach": ("Bereik", "Reach"),
    "when": ("Wanneer", "When"),
    "constraints": ("Voorwaarden", "Requirements"),
    "age": ("Leeftijd van de vraag", "Age of the question"),
    "days": ("dagen", "days"),
    "person_ref": ("Code van de bewoner", "Resident's code"),
    "buurt": ("Buurt", "Buurt"),
    "show": ("Toon", "Show"),
    "open_needs": ("Open vragen", "Open questions"),
    "follow_up": ("Voorgesteld, nog geen vervolg", "Introduced, no follow-up yet"),
    "follow_up_intro": ("Voorstellen zonder volgende stap sinds", "Proposals without a next step for"),
    "signals": ("Gezamenlijke signalen", "Collective signals"),
    "signals_intro": (
        "Veel bewoners met dezelfde vraag dicht bij elkaar: tijd voor een gezamenlijke aanpak.",
        "Many residents with the same question close together: time for a collective approach.",
    ),
    "residents": ("Bewoners", "Residents"),
    "volunteers_nearby": ("Vrijwilligers dichtbij", "Volunteers nearby"),
    "offers_nearby": ("Aanbod dichtbij", "Offers nearby"),
    "gaps_map": ("Kaart van wat ontbreekt", "Map of what is missing"),
    "since": ("Sinds", "Since"),
    "introduced": ("Voorgesteld", "Introduced"),
    "proposed": ("Voorstel", "Proposal"),
    "met": ("Ontmoet", "Met"),
    "continuing": ("Loopt door", "Continuing"),
    "did_not_fit": ("Paste niet", "Did not fit"),
    "do_introduced": ("Kennismaking gelegd", "Introduced"),
    "do_met": ("Ze hebben elkaar ontmoet", "They met"),
    "do_continuing": ("Het loopt door", "It continues"),
    "do_did_not_fit": ("Paste niet", "Did not fit"),
    "open": ("Open", "Open"),
    "in_progress": ("Bezig", "In progress"),
    "not_for_role": (
        "Deze pagina's zijn voor verenigingen, opbouwwerkers en beheerders.",
        "These pages are for associations, community builders and administrators.",
    ),
}
ENUMS: dict[str, tuple[str, str]] = {
    "individual": ("Buurtgenoot", "Neighbour"),
    "association": ("Vereniging", "Association"),
    "institution": ("Instelling", "Institution"),
    "physical": ("Plek", "Physical place"),
    "economic": ("Ondernemer", "Business"),
    "culture": ("Cultuur", "Culture"),
    "eigen_kracht": ("Eigen kracht", "Own strength"),
    "sociaal_netwerk": ("Sociaal netwerk", "Social network"),
    "vereniging": ("Vereniging", "Association"),
    "algemene_voorziening": ("Algemene voorziening", "General service"),
    "maatwerk": ("Maatwerk", "Tailored professional care"),
    "draft": ("Concept", "Draft"),
    "published": ("Gepubliceerd", "Published"),
    "archived": ("Gearchiveerd", "Archived"),
    "mo": ("maandag", "Monday"),
    "tu": ("dinsdag", "Tuesday"),
    "we": ("woensdag", "Wednesday"),
    "th": ("donderdag", "Thursday"),
    "fr": ("vrijdag", "Friday"),
    "sa": ("zaterdag", "Saturday"),
    "su": ("zondag", "Sunday"),
    "walk": ("Lopend", "On foot"),
    "bike": ("Fiets", "By bike"),
    "car": ("Auto", "By car"),
    "home": ("Aan huis", "Home visit"),
    "morning": ("ochtend", "morning"),
    "afternoon": ("middag", "afternoon"),
    "evening": ("avond", "evening"),
    "consent": ("Toestemming", "Consent"),
    "contract": ("Overeenkomst", "Contract"),
    "legal_obligation": ("Wettelijke plicht", "Legal obligation"),
    "vital_interests": ("Vitaal belang", "Vital interests"),
    "public_task": ("Publieke taak", "Public task"),
    "legitimate_interests": ("Gerechtvaardigd belang", "Legitimate interests"),
    "gratis": ("Gratis", "Free"),
    "bijdrage": ("Kleine bijdrage", "Small contribution"),
    "betaald": ("Betaald", "Paid"),
    "iedereen": ("Iedereen", "Everyone"),
    "jeugd": ("Kinderen", "Children"),
    "jongeren": ("Jongeren", "Young people"),
    "gezinnen": ("Gezinnen", "Families"),
    "ouderen": ("Ouderen", "Older people"),
    "mantelzorgers": ("Mantelzorgers", "Carers"),
    "nieuwkomers": ("Nieuwkomers", "Newcomers"),
    "mensen_met_een_beperking": ("Mensen met een beperking", "People with a disability"),
    "step_free": ("Zonder drempels", "Step-free"),
    "accessible_toilet": ("Aangepast toilet", "Accessible toilet"),
    "hearing_loop": ("Ringleiding", "Hearing loop"),
    "prikkelarm": ("Prikkelarm", "Low-stimulus"),
    "dementievriendelijk": ("Dementievriendelijk", "Dementia-friendly"),
}


def language_of(request: Request) -> str:
    """`?lang=` first, then the cookie a previous `?lang=` set, then the browser's first known language."""
    for chosen in (request.query_params.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if chosen in LANGUAGES:
            return chosen
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip()[:2].lower()
        if code in LANGUAGES:
            return code
    return LANGUAGES[0]


def translator(language: str) -> Callable[[str], str]:
    """`t(key)`: the word in `language`; enum values and unknown keys as they are."""
    index = LANGUAGES.index(language)

    def t(key: str) -> str:
        found = WORDS.get(key) or ENUMS.get(key)
        return found[index] if found else key

    return t
