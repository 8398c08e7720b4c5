"""Access for the /demo page: a one-time key in the URL `tonefall demo` opens, traded for a session.

The token and Origin rules stay whole:
- only a caller holding the service token can mint a key (POST /v1/demo/keys);
- a key works once, within KEY_TTL seconds (and lives in the URL fragment, never sent to a server);
- the session it buys can only analyze text and read tips (no feedback, no admin) and expires;
- the page is served by this service, so its Origin is one the service already allows
  (api.own_origins); every other web page is still refused by the RequestGuard.
The keys and sessions themselves are kept by tonefall.demo_access.
"""

from fastapi import APIRouter, FastAPI, HTTPException
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from tonefall import cues
from tonefall.analysis import analyze
from tonefall.demo_access import KEY_TTL, SESSION_TTL, DemoAccess
from tonefall.deps import DemoAccessDep, DemoSessionRequired, HolderDep, TokenRequired
from tonefall.json_route import JsonBodyRoute
from tonefall.schemas import AnalyzeRequest, AnalyzeResponse, TipsResponse

DEMO_PATH = "/demo/"


class SessionRequest(BaseModel):
    key: str = Field(min_length=1, max_length=200, description="The one-time key from the demo URL")


class SessionResponse(BaseModel):
    session: str = Field(description="Bearer token for /v1/demo/analyze and /v1/demo/tips only")
    expires_in: int


class KeyResponse(BaseModel):
    key: str
    path: str = Field(description="Open this path of the service in a browser (the key is in the fragment)")
    expires_in: int


# The demo page's own plumbing, not part of the product API: kept out of the OpenAPI schema.
router = APIRouter(prefix="/v1/demo", tags=["demo"], include_in_schema=False, route_class=JsonBodyRoute)


@router.post("/keys", response_model=KeyResponse, dependencies=[TokenRequired],
             description="A one-time key for the demo page (needs the service token).")
def new_key(demo: DemoAccessDep) -> dict:
    key = demo.new_key()
    return {"key": key, "path": f"{DEMO_PATH}#key={key}", "expires_in": int(KEY_TTL)}


@router.post("/session", response_model=SessionResponse, description="Trade a one-time key for a demo session.")
def new_session(body: SessionRequest, demo: DemoAccessDep) -> dict:
    session = demo.redeem(body.key)
    if session is None:
        raise HTTPException(403, "this demo link was used already or has expired: run `tonefall demo` again")
    return {"session": session, "expires_in": int(SESSION_TTL)}


@router.post("/analyze", response_model=AnalyzeResponse, dependencies=[DemoSessionRequired])
async def demo_analyze(body: AnalyzeRequest, holder: HolderDep) -> dict:
    return await run_in_threadpool(analyze, body.text, holder.classifier, body.lang)


@router.get("/tips", response_model=TipsResponse, dependencies=[DemoSessionRequired])
def demo_tips() -> dict:
    return {"tips": cues.all_advice()}


def install(app: FastAPI) -> None:
    """Add the demo access routes (the page itself is the static mount at /demo)."""
    app.state.demo = DemoAccess()
    app.include_router(router)
