"""Property-based requests from the OpenAPI spec (schemathesis): odd input never gives a 500.

Cases come from each operation's hypothesis strategy, valid (positive) and invalid
(negative); schemathesis' own pytest fixture loader does not work with this pytest version,
and this form needs no module-level app.
"""

import pytest
import schemathesis
from api_support import TOKEN
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance

OPERATIONS = [("POST", "/v1/analyze"), ("POST", "/v1/classify"), ("POST", "/v1/feedback"), ("GET", "/v1/health"),
              ("GET", "/v1/model"), ("GET", "/v1/tips"), ("POST", "/v1/admin/reload")]
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Host": "127.0.0.1:7373"}


def spec_operations(client) -> list[tuple[str, str]]:
    spec = client.get("/openapi.json").json()
    return sorted((method.upper(), path) for path, ops in spec["paths"].items() for method in ops)


def test_core_operations_are_in_the_spec(client):
    assert set(OPERATIONS) <= set(spec_operations(client))


def fuzz(client, method: str, path: str, mode: GenerationMode) -> set[int]:
    """Send up to 50 generated requests to one operation; return the statuses seen."""
    operation = schemathesis.openapi.from_asgi("/openapi.json", client.app, headers=HEADERS)[path][method]
    statuses = set()

    @given(operation.as_strategy(generation_mode=mode))
    @settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        response = case.call_and_validate(headers=HEADERS, checks=[not_a_server_error, response_schema_conformance])
        statuses.add(response.status_code)

    check()
    return statuses


CASES = [(method, path, mode) for method, path in OPERATIONS for mode in GenerationMode
         if method == "POST" or mode == GenerationMode.POSITIVE]  # GETs take no input to break


@pytest.mark.parametrize("method, path, mode", CASES, ids=lambda value: getattr(value, "value", value))
def test_no_server_error(client, method, path, mode):
    statuses = fuzz(client, method, path, mode)
    assert statuses and max(statuses) < 500
    if mode == GenerationMode.NEGATIVE:
        assert 422 in statuses  # invalid bodies really were sent


def test_no_server_error_on_other_operations(client):
    """Routes added later (e.g. the demo page's) are fuzzed too, with valid input."""
    for method, path in set(spec_operations(client)) - set(OPERATIONS):
        assert max(fuzz(client, method, path, GenerationMode.POSITIVE)) < 500, (method, path)
