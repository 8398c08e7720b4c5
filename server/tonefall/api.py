"""The HTTP API: an app factory and thin routes around tonefall.analysis and friends.

Security layers, outermost first: RequestGuard (Host, Origin, body size), CORS for the
allowed origins only, then Bearer auth on every /v1 route except /v1/health. Routes take the
model, the feedback store and the token check from tonefall.deps; input sizes follow tonefall.limits.
"""

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from tonefall import __version__, api_docs, cues, demo
from tonefall.access_log import AccessLog
from tonefall.analysis import analyze, classify
from tonefall.deps import FeedbackStoreDep, HolderDep, TokenRequired
from tonefall.errors import ModelDirError, TonefallError
from tonefall.feedback import FeedbackItem, FeedbackStore
from tonefall.feedback_errors import FeedbackUnavailable
from tonefall.json_route import JsonBodyRoute
from tonefall.limits import MAX_BODY_BYTES, MAX_TEXT_CHARS, InputTooLarge, check_feedback_size
from tonefall.model_holder import ModelHolder
from tonefall.schemas import (
    OFFSETS_NOTE,
    AnalyzeRequest,
    AnalyzeResponse,
    ClassifyRequest,
    ClassifyResponse,
    ErrorResponse,
    FeedbackDeleted,
    FeedbackRequest,
    FeedbackResponse,
    HealthResponse,
    ModelResponse,
    ReloadRequest,
    TipsResponse,
    ValidationErrorResponse,
)
from tonefall.security import AntiFraming, RequestGuard, origin_pattern
from tonefall.settings import Settings

REFUSALS = {401: {"model": ErrorResponse, "description": "Missing or wrong Bearer token"},
            403: {"model": ErrorResponse, "description": "Origin or Host not allowed"},
            413: {"model": ErrorResponse, "description": f"Body over {MAX_BODY_BYTES // 1024} KB or text over "
                                                          f"{MAX_TEXT_CHARS:,} characters"},
            422: {"model": ValidationErrorResponse,
                   "description": "Malformed body (not UTF-8 JSON, nested too deeply, compressed, not application/json) "
                                  "or a wrong field (named)"}}


SQLITE_MAX_INT = 2**63 - 1  # ids past this cannot exist (and would overflow SQLite's integer)


public = APIRouter(prefix="/v1", tags=["service"], route_class=JsonBodyRoute)
v1 = APIRouter(prefix="/v1", dependencies=[TokenRequired], responses=REFUSALS, tags=["tone"],
               route_class=JsonBodyRoute)


@public.get("/health", response_model=HealthResponse)
def health(holder: HolderDep) -> dict:
    return {"version": __version__, "model": holder.classifier.info.name}


@v1.post("/analyze", response_model=AnalyzeResponse, description="Split a reply into sentences and label each. " + OFFSETS_NOTE)
async def analyze_route(body: AnalyzeRequest, holder: HolderDep) -> dict:
    return await run_in_threadpool(analyze, body.text, holder.classifier, body.lang)


@v1.post("/classify", response_model=ClassifyResponse, description="Label sentences as given, no segmentation.")
async def classify_route(body: ClassifyRequest, holder: HolderDep) -> dict:
    return await run_in_threadpool(classify, body.sentences, holder.classifier)


@v1.get("/model", response_model=ModelResponse)
def model_route(holder: HolderDep) -> dict:
    classifier = holder.classifier
    return {**classifier.info.model_dump(), "providers": classifier.providers}


@v1.get("/tips", response_model=TipsResponse, description="Why each label matters and how to fix it, per language.")
def tips_route() -> dict:
    return {"tips": cues.all_advice()}


@v1.post("/feedback", response_model=FeedbackResponse, description="Store a correction (the only endpoint that keeps text).",
         responses={503: {"model": ErrorResponse, "description": "Feedback database cannot be written now (read-only, damaged)"},
                    507: {"model": ErrorResponse, "description": "The disk holding the feedback database is full"}})
def feedback_route(body: FeedbackRequest, holder: HolderDep, store: FeedbackStoreDep) -> dict:
    check_feedback_size(body.sentence, body.comment)
    info = holder.classifier.info
    item = FeedbackItem(body.sentence, body.lang, list(body.predicted), list(body.correct_labels), body.comment,
                        info.name, info.version)
    return {"id": store.add(item)}


@v1.delete("/feedback/{item_id}", response_model=FeedbackDeleted, description="Take a correction back: the item is deleted.",
           responses={404: {"model": ErrorResponse, "description": "No such feedback item (already taken back?)"}})
def feedback_delete_route(item_id: Annotated[int, PathParam(ge=1, le=SQLITE_MAX_INT)], store: FeedbackStoreDep) -> dict:
    if not store.remove(item_id):
        raise HTTPException(404, f"no feedback item {item_id}")
    return {"id": item_id}


@v1.post("/admin/reload", response_model=ModelResponse,
         responses={409: {"model": ErrorResponse, "description": "New model broken: the old one still serves"}})
async def reload_route(holder: HolderDep, body: ReloadRequest | None = None) -> dict:
    target = Path(body.model_dir).expanduser() if body and body.model_dir else None
    try:
        classifier = await run_in_threadpool(holder.reload, target, body.allow_failed_gate if body else None)
    except ModelDirError as exc:
        raise HTTPException(409, f"model not reloaded, still serving {holder.classifier.info.name}: {exc}") from exc
    return {**classifier.info.model_dump(), "providers": classifier.providers}


def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{"field": _field_name(e), "type": e["type"], "message": e["msg"]} for e in exc.errors()]
    first = errors[0] if errors else {"field": "body", "message": "invalid"}
    return JSONResponse({"detail": f"field '{first['field']}': {first['message']}", "errors": errors}, status_code=422)


def _field_name(error: dict) -> str:
    if error.get("type") == "json_invalid":
        return "body"  # its loc is a character position, not a field
    return ".".join(str(part) for part in error["loc"] if part != "body") or "body"


def _too_large(request: Request, exc: InputTooLarge) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=413)


def _feedback_unavailable(request: Request, exc: FeedbackUnavailable) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=exc.status)


def _user_error(request: Request, exc: TonefallError) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=400)


def own_origins(settings: Settings) -> list[str]:
    """Pages this service serves itself (/demo) may call it too."""
    return [f"http://{host}:{settings.port}" for host in ("127.0.0.1", "localhost", "[::1]")]


def create_app(settings: Settings, holder: ModelHolder, token: str, feedback: FeedbackStore) -> FastAPI:
    """The ASGI app for a loaded model; nothing here reads files or the network."""
    # FastAPI's own /docs and /redoc load their scripts from CDNs: api_docs serves local ones.
    app = FastAPI(title="Tonefall", version=__version__, docs_url=None, redoc_url=None,
                  description="Tone coach for customer-service replies (sv, nb, nn, da, en). " + OFFSETS_NOTE)
    app.state.settings, app.state.holder, app.state.token, app.state.feedback = settings, holder, token, feedback
    app.include_router(public)
    app.include_router(v1)
    add_static_routes(app)
    api_docs.install(app)
    demo.install(app)  # one-time-key access for the /demo page
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(InputTooLarge, _too_large)
    app.add_exception_handler(FeedbackUnavailable, _feedback_unavailable)
    app.add_exception_handler(TonefallError, _user_error)
    origins = settings.allowed_origins + own_origins(settings)
    app.add_middleware(CORSMiddleware, allow_origin_regex=origin_pattern(origins).pattern,
                       allow_methods=["GET", "POST", "DELETE"], allow_headers=["Authorization", "Content-Type"], max_age=600)
    app.add_middleware(RequestGuard, allowed_hosts=settings.allowed_hosts, allowed_origins=origins)
    app.add_middleware(AntiFraming)
    app.add_middleware(AccessLog)
    return app


def add_static_routes(app: FastAPI) -> None:
    """The /demo page, built from extension/ by npm into tonefall/static: mounted when built."""
    static = Path(__file__).resolve().parent / "static"
    if static.is_dir():
        from fastapi.staticfiles import StaticFiles

        app.mount("/demo", StaticFiles(directory=static, html=True), name="demo")
