"""Every error as application/problem+json (RFC 9457), the way the Dutch API Design Rules ask."""

from collections.abc import Sequence
from typing import cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ExceptionHandler

from app.api.bearer import Unchecked
from app.errors import InvalidParam, NabijError, TooManyRequests

PROBLEM_JSON = "application/problem+json"


def problem(
    status: int, title: str, detail: str, request: Request, invalid: Sequence[InvalidParam] = (), headers=None
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": request.url.path}
    if invalid:
        body["invalidParams"] = [{"name": p.name, "reason": p.reason} for p in invalid]
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _field_name(location: tuple) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _reason(error: dict) -> str:
    if error["type"] == "extra_forbidden" and error["loc"][0] == "query":
        return "unknown query parameter"
    if error["type"] == "extra_forbidden":
        return "unknown field; it cannot be set here"
    if error["type"] == "missing":
        return "required"
    return error["msg"].removeprefix("Value error, ")


def invalid_params(error: RequestValidationError) -> list[InvalidParam]:
    """Each failed field of a request, named as the caller wrote it."""
    return [InvalidParam(_field_name(e["loc"]), _reason(e)) for e in error.errors()]


def summary(invalid: Sequence[InvalidParam]) -> str:
    return "; ".join(f"{p.name}: {p.reason}" for p in invalid)


async def _refused(request: Request) -> JSONResponse | None:
    """The 401 or 429 for a token its route was to check but never ran to: who asks comes before what they ask."""
    unchecked: Unchecked | None = getattr(request.state, "unchecked", None)
    if unchecked is None:
        return None
    try:
        await run_in_threadpool(unchecked.settle, request.app.state.database)
    except NabijError as refused:
        return domain_problem(request, refused)
    return None


async def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
    if refused := await _refused(request):
        return refused
    invalid = invalid_params(error)
    return problem(422, "Invalid input", summary(invalid), request, invalid)


def domain_problem(request: Request, error: NabijError) -> JSONResponse:
    """A domain error as problem+json, with the headers its status asks for."""
    headers = {}
    if error.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(error, TooManyRequests):
        headers["Retry-After"] = str(error.retry_after_s)
    return problem(error.status, error.title, error.detail, request, error.invalid_params, headers or None)


async def _domain(request: Request, error: NabijError) -> JSONResponse:
    return domain_problem(request, error)


async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
    if refused := await _refused(request):
        return refused
    title = {404: "Not found", 405: "Method not allowed", 413: "Payload too large"}.get(error.status_code, "Error")
    return problem(error.status_code, title, str(error.detail), request, headers=error.headers)


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    return problem(500, "Internal server error", "the server failed; the request was not applied", request)


def add_problem_handlers(app: FastAPI) -> None:
    """Route validation, domain and HTTP errors, and anything unexpected, to problem+json."""
    # Starlette types a handler as taking any Exception; it calls each with the class it is registered for.
    app.add_exception_handler(RequestValidationError, cast(ExceptionHandler, _validation))
    app.add_exception_handler(NabijError, cast(ExceptionHandler, _domain))
    app.add_exception_handler(StarletteHTTPException, cast(ExceptionHandler, _http))
    app.add_exception_handler(Exception, _unexpected)
