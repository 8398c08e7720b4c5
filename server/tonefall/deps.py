"""FastAPI dependencies every route takes its collaborators from (one place, typed with Annotated).

The app factory puts the loaded model, the feedback store, the token and the demo's key store
on ``app.state``; routes never read ``app.state`` themselves but declare what they need:

    def analyze_route(body: AnalyzeRequest, holder: HolderDep) -> dict: ...

and a router or route that needs the service token says ``dependencies=[TokenRequired]``.
"""

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from tonefall.demo_access import DemoAccess
from tonefall.feedback import FeedbackStore
from tonefall.model_holder import ModelHolder
from tonefall.security import token_matches

# Async on purpose: FastAPI runs every sync dependency in the thread pool, and each thread hop
# costs milliseconds on a busy 2-core machine; the routes hand only the scoring to a worker
# thread (server/benchmarks/bench_service.py, tests/server/test_thread_hops.py).


async def get_holder(request: Request) -> ModelHolder:
    return request.app.state.holder


async def get_feedback_store(request: Request) -> FeedbackStore:
    return request.app.state.feedback


async def get_demo_access(request: Request) -> DemoAccess:
    return request.app.state.demo


async def require_token(request: Request) -> None:
    if not token_matches(request.headers.get("authorization"), request.app.state.token):
        raise HTTPException(401, "missing or wrong access token (Authorization: Bearer <token>; see `tonefall token`)",
                            headers={"WWW-Authenticate": "Bearer"})


async def require_demo_session(request: Request, demo: Annotated[DemoAccess, Depends(get_demo_access)]) -> None:
    if not demo.valid(request.headers.get("authorization")):
        raise HTTPException(401, "demo session missing or expired: run `tonefall demo` for a new link",
                            headers={"WWW-Authenticate": "Bearer"})


HolderDep = Annotated[ModelHolder, Depends(get_holder)]
FeedbackStoreDep = Annotated[FeedbackStore, Depends(get_feedback_store)]
DemoAccessDep = Annotated[DemoAccess, Depends(get_demo_access)]
# For `dependencies=[...]` of a router or route: checks without a value for the handler.
TokenRequired = Depends(require_token)
DemoSessionRequired = Depends(require_demo_session)
