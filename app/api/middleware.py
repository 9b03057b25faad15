"""Pure ASGI middleware: the API-Version header on every response and a limit on body size."""

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.problems import problem


class ApiVersionHeader:
    """Adds `API-Version` (Dutch API Design Rules, API-57) to every HTTP response."""

    def __init__(self, app: ASGIApp, version: str):
        self.app, self.version = app, version

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_version(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["API-Version"] = self.version
            await send(message)

        await self.app(scope, receive, send_with_version)


class BodySizeLimit:
    """Refuses bodies over `max_bytes` (or the path's own limit) with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int, for_paths: dict[str, int] | None = None):
        self.app, self.max_bytes, self.for_paths = app, max_bytes, for_paths or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.for_paths.get(scope["path"], self.max_bytes)
        detail = f"the request body is larger than the limit of {max_bytes} bytes"
        declared = Request(scope).headers.get("content-length", "0")
        if declared.isdigit() and int(declared) > max_bytes:
            await problem(413, "Payload too large", detail, Request(scope))(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > max_bytes:
                raise HTTPException(413, detail)
            return message

        await self.app(scope, counting_receive, send)
