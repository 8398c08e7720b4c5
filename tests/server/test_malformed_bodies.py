"""Malformed request bodies get the documented 422 with a reason on every JSON route, never 400 or 500.

Before tonefall.json_route, FastAPI itself answered invalid UTF-8, deep nesting and a gzip body
with a bare 400 ("There was an error parsing the body"), and a text/plain body with a 422 that
gave no reason.
"""

import gzip
import json

import pytest
from fastapi.routing import iter_route_contexts
from tonefall import bounded_json
from tonefall.json_route import JsonBodyRoute

VALID = {"text": "Hej Anna, vi beklagar."}
# (body bytes, extra headers, expected error type, words the reason must contain)
MALFORMED = {
    "invalid-utf8": (b'{"text": "Hej \xff\xfe Anna"}', {}, "json_invalid", "UTF-8"),
    "utf16-json": (json.dumps(VALID).encode("utf-16"), {}, "json_invalid", "UTF-8"),
    "truncated-json": (b'{"text": "Hej', {}, "json_invalid", "not valid JSON"),
    "deep-beyond-recursion": (b"[" * 20_000 + b"]" * 20_000, {}, "json_invalid", "nested deeper"),
    "deep-in-a-field": (b'{"text": ' + b"[" * 100 + b"]" * 100 + b"}", {}, "json_invalid", "nested deeper"),
    "gzip": (gzip.compress(json.dumps(VALID).encode()), {"Content-Encoding": "gzip"},
             "content_encoding_unsupported", "gzip"),
    "br-over-plain-json": (json.dumps(VALID).encode(), {"Content-Encoding": "br"}, "content_encoding_unsupported", "br"),
    "text-plain": (json.dumps(VALID).encode(), {"Content-Type": "text/plain"}, "content_type_unsupported",
                   "application/json"),
    "form": (b"text=Hej", {"Content-Type": "application/x-www-form-urlencoded"}, "content_type_unsupported",
             "application/json"),
    "no-content-type": (json.dumps(VALID).encode(), {"Content-Type": ""}, "content_type_unsupported",
                        "application/json"),
}


def json_routes(app) -> list[str]:
    """Every route that reads a JSON body, found from the app (routes added later are covered too)."""
    return sorted(context.path for context in iter_route_contexts(app.routes)
                  if getattr(context.original_route, "body_field", None) is not None)


def test_known_json_routes_are_all_found_and_checked(client):
    assert {"/v1/analyze", "/v1/classify", "/v1/feedback", "/v1/admin/reload",
            "/v1/demo/session", "/v1/demo/analyze"} <= set(json_routes(client.app))
    body_routes = [c.original_route for c in iter_route_contexts(client.app.routes)
                   if getattr(c.original_route, "body_field", None) is not None]
    assert all(isinstance(route, JsonBodyRoute) for route in body_routes)


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_body_is_422_with_reason_on_every_json_route(client, case):
    body, extra_headers, kind, reason = MALFORMED[case]
    headers = {"Content-Type": "application/json", **extra_headers}
    for path in json_routes(client.app):
        response = client.post(path, content=body, headers=headers)
        assert response.status_code == 422, (path, response.status_code, response.text)
        answer = response.json()
        assert answer["errors"][0]["field"] == "body" and answer["errors"][0]["type"] == kind, (path, answer)
        assert reason in answer["detail"], (path, answer)


def test_json_with_charset_and_plus_json_still_accepted(client):
    for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
        response = client.post("/v1/analyze", content=json.dumps(VALID).encode(), headers={"Content-Type": content_type})
        assert response.status_code == 200, content_type


def test_identity_encoding_accepted(client):
    response = client.post("/v1/analyze", json=VALID, headers={"Content-Encoding": "identity"})
    assert response.status_code == 200


def test_reload_without_body_still_reloads(client):
    assert client.post("/v1/admin/reload").status_code == 200


def test_wrong_field_reports_its_type(client):
    error = client.post("/v1/analyze", json={"text": 5}).json()["errors"][0]
    assert error["field"] == "text" and error["type"] == "string_type"


def test_bounded_loads_depth_limit():
    nested = "[" * 10 + "]" * 10
    assert bounded_json.depth(bounded_json.loads(nested)) == 10
    with pytest.raises(bounded_json.JsonInputError, match="deeper than 5"):
        bounded_json.loads(nested, max_depth=5)
    assert bounded_json.loads(b'{"a": [1, {"b": "\\ud83d"}]}') == {"a": [1, {"b": "\ud83d"}]}  # lone surrogate kept
