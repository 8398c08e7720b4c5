"""One place that reads JSON request bodies: every API router uses JsonBodyRoute.

FastAPI answers some malformed bodies itself, and not with the documented 422: invalid UTF-8,
very deep nesting and a gzip-encoded body were a bare 400 ("There was an error parsing the
body"), a text/plain body a 422 that named no reason. Here the body of a route that takes one
is checked before FastAPI looks at it, and each problem is a RequestValidationError (422, field
``body``) with its own ``type`` and a reason:
- ``content_encoding_unsupported``: a Content-Encoding other than identity (nothing is unpacked);
- ``content_type_unsupported``: a body sent as anything but application/json (or ``+json``);
- ``json_invalid``: not UTF-8, not JSON, or nested too deeply (tonefall.bounded_json).
"""

import email.message
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

from tonefall import bounded_json


class BodyRejected(Exception):
    """A body this service will not parse: ``kind`` is the error type, the message its reason."""

    def __init__(self, kind: str, reason: str):
        super().__init__(reason)
        self.kind = kind


class CheckedJsonRequest(Request):
    """A request whose JSON body was parsed once, strictly, by ``parse_body``."""

    parsed: Any = None

    async def json(self) -> Any:
        return self.parsed


async def parse_body(request: CheckedJsonRequest) -> None:
    """Read and parse the body into ``request.parsed``; raise BodyRejected saying why not."""
    body = await request.body()
    if not body:
        return
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise BodyRejected("content_encoding_unsupported",
                           f"Content-Encoding {encoding!r} is not supported: send the JSON body unencoded")
    if not is_json_media_type(request.headers.get("content-type", "")):
        raise BodyRejected("content_type_unsupported", "the body must be JSON sent as Content-Type: application/json")
    try:
        request.parsed = bounded_json.loads(body)
    except bounded_json.JsonInputError as exc:
        raise BodyRejected("json_invalid", str(exc)) from exc


def is_json_media_type(content_type: str) -> bool:
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))


class JsonBodyRoute(APIRoute):
    """An APIRoute whose body (when it takes one) goes through ``parse_body`` first."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None:
            return handler

        async def checked_handler(request: Request) -> Response:
            checked = CheckedJsonRequest(request.scope, request.receive)
            try:
                await parse_body(checked)
            except BodyRejected as exc:
                raise RequestValidationError([{"type": exc.kind, "loc": ("body",), "msg": str(exc), "input": None}]) from exc
            return await handler(checked)

        return checked_handler
