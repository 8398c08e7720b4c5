"""Guards for a service that every web page on the machine can reach at localhost.

- An access token (Bearer) made on first start, kept in the user's config directory (0600).
- Host header must be a loopback name: a DNS-rebinding page has its own host name there.
- Origin, when sent, must match the allow-list (extension schemes): web pages are refused.
- Request bodies are capped before they are read into memory.
"""

import json
import os
import re
import secrets
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tonefall.errors import TonefallError
from tonefall.limits import MAX_BODY_BYTES

TOKEN_BYTES = 32
MIN_TOKEN_CHARS = 16


def load_or_create_token(token_file: Path, token: str | None = None) -> str:
    """The configured token, else the one in ``token_file``, else a new one written there (0600)."""
    if token:
        return token
    token_file = Path(token_file)
    if token_file.is_file():
        _tighten_permissions(token_file)
        existing = token_file.read_text(encoding="utf-8").strip()
        if 0 < len(existing) < MIN_TOKEN_CHARS:
            raise TonefallError(f"{token_file}: the token there has {len(existing)} characters, at least "
                                f"{MIN_TOKEN_CHARS} are needed (delete the file and a new one is made)")
        if existing:
            return existing
    return _write_new_token(token_file)


def _write_new_token(token_file: Path) -> str:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    token_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = token_file.with_suffix(".tmp")
    try:
        temporary.unlink(missing_ok=True)
        # Created 0600 from the start: the token is never readable by others, not even briefly.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(token + "\n")
        os.replace(temporary, token_file)
    except OSError as exc:
        raise TonefallError(f"{token_file}: cannot write the access token ({exc.strerror})") from exc
    return token


def _tighten_permissions(path: Path) -> None:
    if os.name == "posix" and path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)


def token_matches(authorization: str | None, token: str) -> bool:
    """True for ``Authorization: Bearer <token>`` (constant-time comparison)."""
    scheme, _, given = (authorization or "").partition(" ")
    return scheme.lower() == "bearer" and secrets.compare_digest(given.strip().encode(), token.encode())


# What ``*`` stands for in an allowed origin: one host name or extension id, never a path, port,
# user name or line break. Every other character is literal (fnmatch read the own origin
# ``http://[::1]:7373`` as a character class, which matched ``http://1:7373``).
_WILDCARD = r"[^/:@\s\[\]]+"


def origin_pattern(patterns: list[str]) -> re.Pattern:
    """One regex (use fullmatch) for the allow-list: exact origins, ``*`` for one host or id."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(_WILDCARD.join(map(re.escape, p.split("*"))) for p in patterns))


def host_name(host_header: str) -> str:
    """``localhost:7373`` -> ``localhost``; ``[::1]:7373`` -> ``::1``."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


class RequestGuard:
    """ASGI middleware: Host and Origin checks (403) and the body size cap (413) for every path."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str], allowed_origins: list[str],
                 max_body_bytes: int = MAX_BODY_BYTES):
        self.app = app
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self.origins = origin_pattern(allowed_origins)
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(headers)
        if refusal:
            return await _send_error(send, *refusal)
        await self.app(scope, self._capped(receive), send)

    def _refusal(self, headers: dict[str, str]) -> tuple[int, str] | None:
        if host_name(headers.get("host", "")) not in self.allowed_hosts:
            return 403, "Host header is not an allowed (loopback) name"
        origin = headers.get("origin")
        if origin is not None and not self.origins.fullmatch(origin):
            return 403, "Origin not allowed: only the Tonefall extension may call this service"
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body_bytes:
            return 413, f"request body over {self.max_body_bytes} bytes"
        return None

    def _capped(self, receive: Receive) -> Receive:
        """Count body bytes as the app reads them: a chunked body has no Content-Length to check."""
        received = 0

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body_bytes:
                raise BodyTooLarge(self.max_body_bytes)
            return message

        return capped_receive


ANTI_FRAMING = [(b"x-frame-options", b"DENY"), (b"content-security-policy", b"frame-ancestors 'none'"),
                (b"x-content-type-options", b"nosniff")]


class AntiFraming:
    """ASGI middleware: no page may show this service's pages (the demo, /docs) in a frame."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def framing_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *ANTI_FRAMING]}
            await send(message)

        await self.app(scope, receive, framing_send)


class BodyTooLarge(HTTPException):
    """Raised while the app reads the body; an HTTPException, so FastAPI answers 413 with it."""

    def __init__(self, limit: int = MAX_BODY_BYTES):
        super().__init__(413, f"request body over {limit} bytes")


async def _send_error(send: Send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
