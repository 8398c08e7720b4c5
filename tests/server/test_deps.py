"""Routes take their collaborators from tonefall.deps, so a test (or a new route) swaps them in one place."""

import inspect

from fastapi.routing import APIRoute
from tonefall.deps import get_feedback_store


def api_routes(routes) -> list[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI keeps those as one entry each)."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += api_routes(route.original_router.routes)
    return found


def test_no_route_reads_the_request_itself(client):
    # Holder, feedback store, demo keys and the token check all come from tonefall.deps.
    routes = api_routes(client.app.routes)
    assert {"/v1/analyze", "/v1/feedback", "/v1/demo/keys"} <= {route.path for route in routes}
    readers = [route.path for route in routes if "request" in inspect.signature(route.endpoint).parameters]
    assert readers == []


class RecordingStore:
    def __init__(self):
        self.items = []

    def add(self, item) -> int:
        self.items.append(item)
        return len(self.items)

    def remove(self, item_id: int) -> bool:
        return 0 < item_id <= len(self.items)


def test_feedback_routes_use_the_store_dependency(client):
    store = RecordingStore()
    client.app.dependency_overrides[get_feedback_store] = lambda: store
    try:
        response = client.post("/v1/feedback", json={"sentence": "Hej.", "lang": "sv", "predicted": [],
                                                     "correct_labels": ["empathetic"]})
        assert response.json()["id"] == 1 and store.items[0].sentence == "Hej."
        assert client.delete("/v1/feedback/1").status_code == 200
    finally:
        client.app.dependency_overrides.clear()
    assert client.app.state.feedback.count() == 0  # the real store was never touched


def test_demo_routes_check_token_and_session(client):
    assert client.post("/v1/demo/keys", headers={"Authorization": "Bearer wrong-token-0123456789"}).status_code == 401
    # The service token buys keys but is no demo session itself.
    assert client.post("/v1/demo/analyze", json={"text": "Hej."}).status_code == 401
    key = client.post("/v1/demo/keys").json()["key"]
    session = client.post("/v1/demo/session", json={"key": key}).json()["session"]
    assert client.post("/v1/demo/analyze", json={"text": "Hej."},
                       headers={"Authorization": f"Bearer {session}"}).status_code == 200
