"""Domain errors: raised by the core, turned into problem+json by the API's one handler."""

from dataclasses import dataclass


@dataclass(frozen=True)
class InvalidParam:
    """One field that failed, named as the caller wrote it (dotted path)."""

    name: str
    reason: str


class NabijError(Exception):
    """Base of every error the service reports to a caller."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str, invalid_params: list[InvalidParam] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.invalid_params = invalid_params or []


class InvalidInput(NabijError):
    status = 422
    title = "Invalid input"

    @classmethod
    def field(cls, name: str, reason: str) -> "InvalidInput":
        """An error about one named field."""
        return cls(f"{name}: {reason}", [InvalidParam(name, reason)])


class InvalidQuery(NabijError):
    """A query parameter that is unknown or has a bad value, where a standard asks for 400 (OGC API)."""

    status = 400
    title = "Invalid query parameter"


class NotAuthenticated(NabijError):
    status = 401
    title = "Not authenticated"


class Forbidden(NabijError):
    status = 403
    title = "Forbidden"


class NotFound(NabijError):
    status = 404
    title = "Not found"


class Conflict(NabijError):
    status = 409
    title = "Conflict"


class Gone(NabijError):
    status = 410
    title = "Gone"


class PayloadTooLarge(NabijError):
    status = 413
    title = "Payload too large"


class TooManyRequests(NabijError):
    """A client has failed too often; it may try again after `retry_after_s` seconds."""

    status = 429
    title = "Too many requests"

    def __init__(self, detail: str, retry_after_s: int):
        super().__init__(detail)
        self.retry_after_s = retry_after_s


class Unavailable(NabijError):
    status = 503
    title = "Service unavailable"
