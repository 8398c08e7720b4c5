"""Access for the /demo page: a one-time key in the URL `tonefall demo` opens, traded for a session.

The token and Origin rules stay whole:
- only a caller holding the service token can mint a key (POST /v1/demo/keys);
- a key works once, within KEY_TTL seconds (and lives in the URL fragment, never sent to a server);
- the session it buys can only analyze text and read tips (no feedback, no admin) and expires;
- the page is served by this service, so its Origin is one the service already allows
  (api.own_origins); every other web page is still refused by the RequestGuard.
"""

import secrets
import threading
import time
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from tonefall import cues
from tonefall.analysis import analyze
from tonefall.json_route import JsonBodyRoute
from tonefall.schemas import AnalyzeRequest, AnalyzeResponse, TipsResponse
from tonefall.security import token_matches

KEY_TTL = 120.0
SESSION_TTL = 8 * 3600.0
DEMO_PATH = "/demo/"


class DemoAccess:
    """One-time keys and the sessions they were traded for, in memory (a restart ends them)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._keys: dict[str, float] = {}  # key -> expiry
        self._sessions: dict[str, float] = {}  # session -> expiry
        self._lock = threading.Lock()

    def new_key(self) -> str:
        key = secrets.token_urlsafe(24)
        with self._lock:
            self._purge()
            self._keys[key] = self._clock() + KEY_TTL
        return key

    def redeem(self, key: str) -> str | None:
        """A new session for an unused, unexpired key (which is spent now); None otherwise."""
        with self._lock:
            self._purge()
            if self._keys.pop(key, None) is None:
                return None
            session = secrets.token_urlsafe(32)
            self._sessions[session] = self._clock() + SESSION_TTL
            return session

    def valid(self, authorization: str | None) -> bool:
        with self._lock:
            self._purge()
            return any(token_matches(authorization, session) for session in self._sessions)

    def _purge(self) -> None:
        now = self._clock()
        for table in (self._keys, self._sessions):
            for secret in [s for s, expiry in table.items() if expiry <= now]:
                del table[secret]


class SessionRequest(BaseModel):
    key: str = Field(min_length=1, max_length=200, description="The one-time key from the demo URL")


class SessionResponse(BaseModel):
    session: str = Field(description="Bearer token for /v1/demo/analyze and /v1/demo/tips only")
    expires_in: int


class KeyResponse(BaseModel):
    key: str
    path: str = Field(description="Open this path of the service in a browser (the key is in the fragment)")
    expires_in: int


async def require_session(request: Request) -> None:
    if not request.app.state.demo.valid(request.headers.get("authorization")):
        raise HTTPException(401, "demo session missing or expired: run `tonefall demo` for a new link",
                            headers={"WWW-Authenticate": "Bearer"})


def build_router(require_token: Callable[[Request], Awaitable[None]]) -> APIRouter:
    # The demo page's own plumbing, not part of the product API: kept out of the OpenAPI schema.
    router = APIRouter(prefix="/v1/demo", tags=["demo"], include_in_schema=False, route_class=JsonBodyRoute)

    @router.post("/keys", response_model=KeyResponse, dependencies=[Depends(require_token)],
                 description="A one-time key for the demo page (needs the service token).")
    def new_key(request: Request) -> dict:
        key = request.app.state.demo.new_key()
        return {"key": key, "path": f"{DEMO_PATH}#key={key}", "expires_in": int(KEY_TTL)}

    @router.post("/session", response_model=SessionResponse, description="Trade a one-time key for a demo session.")
    def new_session(body: SessionRequest, request: Request) -> dict:
        session = request.app.state.demo.redeem(body.key)
        if session is None:
            raise HTTPException(403, "this demo link was used already or has expired: run `tonefall demo` again")
        return {"session": session, "expires_in": int(SESSION_TTL)}

    @router.post("/analyze", response_model=AnalyzeResponse, dependencies=[Depends(require_session)])
    async def demo_analyze(body: AnalyzeRequest, request: Request) -> dict:
        return await run_in_threadpool(analyze, body.text, request.app.state.holder.classifier, body.lang)

    @router.get("/tips", response_model=TipsResponse, dependencies=[Depends(require_session)])
    def demo_tips() -> dict:
        return {"tips": cues.all_advice()}

    return router


def install(app: FastAPI, require_token: Callable[[Request], Awaitable[None]]) -> None:
    """Add the demo access routes (the page itself is the static mount at /demo)."""
    app.state.demo = DemoAccess()
    app.include_router(build_router(require_token))
