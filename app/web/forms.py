"""Form state for places and offers: what was typed (kept as typed when it is wrong), and the values
it stands for, checked by the same models as the API so that no rule is written twice."""

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from starlette.datastructures import FormData

from app.errors import InvalidInput, InvalidParam
from app.models.asset import AssetProperties
from app.models.need import NeedProperties
from app.models.offer import OfferCreate
from app.models.volunteer import VolunteerProperties

FREE_SCHEDULE_ROWS = 3
MAX_SCHEDULE_ROWS = 50
FACET_LISTS = ("target_groups", "accessibility")
# Empty means "none" for these; for the others an empty box is a value (an empty description).
OPTIONAL = frozenset({"website", "email", "phone", "capacity", "valid_until", "cost", "radius_m", "reach_m"})


@dataclass(frozen=True)
class FormKind:
    """One kind of form: the model's text fields, the API model that checks them, and the form's own parts.

    `place_fields` say where it is (coordinates or an address) and are not the model's; `facets_field`
    names the model's facets; a place has a weekly `schedule`, a person time slots (`slots_field`).
    """

    text_fields: tuple[str, ...]
    model: type[BaseModel]
    place_fields: tuple[str, ...] = ()
    facets_field: str = "facets"
    slots_field: str | None = None


COORDINATES = ("lon", "lat")
ADDRESS = ("postcode", "huisnummer", "huisletter", "toevoeging")
ASSET_FORM = FormKind(
    ("name", "asset_type", "support_level", "description", "address", "website", "email", "phone"),
    AssetProperties,
    place_fields=COORDINATES,
)
OFFER_FORM = FormKind(("asset_id", "title", "description", "capacity", "valid_until"), OfferCreate)
PERSON_FIELDS = ("person_ref", "description", "mode", "purpose", "legal_basis")
NEED_FORM = FormKind(
    (*PERSON_FIELDS, "radius_m"), NeedProperties, ADDRESS, facets_field="constraints", slots_field="when"
)
VOLUNTEER_FORM = FormKind((*PERSON_FIELDS, "reach_m"), VolunteerProperties, ADDRESS, slots_field="availability")


def state_from_form(kind: FormKind, form: FormData) -> dict:
    """What the browser sent, as typed."""
    state: dict[str, Any] = {name: _text(form.get(name)) for name in (*kind.text_fields, *kind.place_fields)}
    state["themes"] = [_text(value) for value in form.getlist("themes")]
    state["facets"] = {name: [_text(v) for v in form.getlist(name)] for name in FACET_LISTS}
    state["facets"] |= {"cost": _text(form.get("cost")), "languages": _text(form.get("languages"))}
    state["slots"] = [_text(value) for value in form.getlist("slots")]
    rows = min(_count(form.get("schedule_rows")), MAX_SCHEDULE_ROWS)
    state["schedule"] = [
        {part: _text(form.get(f"schedule-{i}-{part}")) for part in ("day", "opens", "closes")} for i in range(rows)
    ]
    if "status" in form:
        state["status"] = _text(form.get("status"))
    return state


def state_from_row(kind: FormKind, row: Any) -> dict:
    """A stored place or offer as its form shows it."""
    state: dict[str, Any] = {
        name: "" if getattr(row, name) is None else str(getattr(row, name)) for name in kind.text_fields
    }
    if kind.place_fields == COORDINATES:
        state["lon"], state["lat"] = f"{row.geom.x:.6f}", f"{row.geom.y:.6f}"
    state["themes"] = list(row.themes)
    facets = row.facets or {}
    state["facets"] = {name: list(facets.get(name, [])) for name in FACET_LISTS}
    state["facets"] |= {"cost": facets.get("cost") or "", "languages": ", ".join(facets.get("languages", []))}
    state["schedule"] = [dict(period) for period in row.schedule]
    state["status"] = row.status
    return state


def blank_state(kind: FormKind, **given: str) -> dict:
    state: dict[str, Any] = {name: given.get(name, "") for name in (*kind.text_fields, *kind.place_fields)}
    facets: dict[str, Any] = {name: [] for name in FACET_LISTS} | {"cost": "", "languages": ""}
    return state | {"themes": [], "facets": facets, "schedule": [], "slots": [], "status": "draft"}


def with_free_rows(state: dict) -> dict:
    """The schedule's rows plus a few empty ones to fill in."""
    empty = {"day": "", "opens": "", "closes": ""}
    return state | {"schedule": [*state["schedule"], *[dict(empty) for _ in range(FREE_SCHEDULE_ROWS)]]}


def checked_values(kind: FormKind, state: dict, *, keep: frozenset[str] = frozenset()) -> dict:
    """The values the state stands for, checked by the API's model; InvalidInput names every wrong field.

    Only the form's own fields (and `keep`) are returned, so that saving never touches the rest.
    """
    raw = {name: _none_if_empty(name, state[name]) for name in (*kind.text_fields, "themes", *keep) if name in state}
    facets = {name: _none_if_empty(name, value) for name, value in state["facets"].items()}
    facets["languages"] = [code.strip() for code in state["facets"]["languages"].split(",") if code.strip()]
    raw[kind.facets_field] = facets
    if kind.slots_field:
        raw[kind.slots_field] = [_slot(value) for value in state["slots"]]
    else:
        raw["schedule"] = [row for row in state["schedule"] if any(row.values())]
    try:
        checked = kind.model.model_validate(raw)
    except ValidationError as error:
        raise InvalidInput("the form has mistakes", [_invalid_param(e, kind) for e in error.errors()]) from error
    return checked.model_dump(include=set(raw))


def errors_by_field(error: InvalidInput) -> dict[str, str]:
    """Each wrong field's first reason, by the name its form control carries (`location.coordinates`: `location`)."""
    found: dict[str, str] = {}
    for param in error.invalid_params:
        found.setdefault(param.name.split(".")[0], param.reason)
    return found


def _invalid_param(error: ErrorDetails, kind: FormKind) -> InvalidParam:
    location = [str(part) for part in error["loc"]]
    name = location[1] if location[0] == kind.facets_field and len(location) > 1 else location[0]
    name = "slots" if name == kind.slots_field else name
    reason = error["msg"].removeprefix("Value error, ")
    if location[0] == "schedule" and len(location) > 1 and location[1].isdigit():
        reason = f"line {int(location[1]) + 1}: {reason}"
    return InvalidParam(name, reason)


def _slot(value: str) -> dict[str, str]:
    """A time-slot checkbox's value, `mo-morning`, as the model's {day, part}."""
    day, _, part = value.partition("-")
    return {"day": day, "part": part}


def _none_if_empty(name: str, value: Any) -> Any:
    return None if name in OPTIONAL and value == "" else value


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _count(value: object) -> int:
    text = _text(value)
    return int(text) if text.isdigit() else 0
