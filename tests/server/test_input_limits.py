"""One size policy (tonefall.limits) on every route: text at the limit is served, one more
character is 413; a body of exactly MAX_BODY_BYTES is read, one byte more is 413."""

import json

import pytest
from tonefall.limits import MAX_BODY_BYTES, MAX_COMMENT_CHARS, MAX_TEXT_CHARS

CORRECTION = {"lang": "sv", "predicted": [], "correct_labels": ["officialese"]}


def analyze_body(chars: int) -> dict:
    return {"text": "x" * chars}


def classify_body(chars: int) -> dict:
    return {"sentences": ["x" * (chars - chars // 2), "y" * (chars // 2)]}  # the limit counts them together


def feedback_sentence_body(chars: int) -> dict:
    return {**CORRECTION, "sentence": "x" * chars}


def feedback_sentence_and_comment_body(chars: int) -> dict:
    return {**CORRECTION, "sentence": "x" * (chars - MAX_COMMENT_CHARS), "comment": "y" * MAX_COMMENT_CHARS}


def feedback_comment_body(chars: int) -> dict:
    return {**CORRECTION, "sentence": "Hej.", "comment": "y" * chars}


# (path, body of N characters, the limit N is held to)
TEXT_CASES = {
    "analyze": ("/v1/analyze", analyze_body, MAX_TEXT_CHARS),
    "classify": ("/v1/classify", classify_body, MAX_TEXT_CHARS),
    "feedback-sentence": ("/v1/feedback", feedback_sentence_body, MAX_TEXT_CHARS),
    "feedback-sentence-and-comment": ("/v1/feedback", feedback_sentence_and_comment_body, MAX_TEXT_CHARS),
    "feedback-comment": ("/v1/feedback", feedback_comment_body, MAX_COMMENT_CHARS),
    "demo-analyze": ("/v1/demo/analyze", analyze_body, MAX_TEXT_CHARS),
}


def demo_session(client) -> dict:
    key = client.post("/v1/demo/keys").json()["key"]
    session = client.post("/v1/demo/session", json={"key": key}).json()["session"]
    return {"Authorization": f"Bearer {session}"}


def post(client, path: str, **kwargs):
    headers = {**kwargs.pop("headers", {}), **(demo_session(client) if path.startswith("/v1/demo/") else {})}
    return client.post(path, headers=headers, **kwargs)


@pytest.mark.parametrize("case", TEXT_CASES)
def test_text_at_the_limit_is_served(client, case):
    path, body, limit = TEXT_CASES[case]
    response = post(client, path, json=body(limit))
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("case", TEXT_CASES)
def test_text_one_past_the_limit_is_413(client, case):
    path, body, limit = TEXT_CASES[case]
    response = post(client, path, json=body(limit + 1))
    assert response.status_code == 413, response.text
    assert f"{limit + 1} characters; the limit is {limit}" in response.json()["detail"]


BODY_CASES = {"analyze": ("/v1/analyze", analyze_body(4)), "classify": ("/v1/classify", classify_body(4)),
              "feedback": ("/v1/feedback", feedback_sentence_body(4)), "demo-analyze": ("/v1/demo/analyze", analyze_body(4))}


def padded(body: dict, size: int) -> bytes:
    data = json.dumps(body).encode()
    return data + b" " * (size - len(data))  # whitespace after the value is still the same JSON


@pytest.mark.parametrize("case", BODY_CASES)
@pytest.mark.parametrize("extra, status", [(0, 200), (1, 413)], ids=["at-the-limit", "one-past"])
def test_body_bytes_limit(client, case, extra, status):
    path, body = BODY_CASES[case]
    response = post(client, path, content=padded(body, MAX_BODY_BYTES + extra),
                    headers={"Content-Type": "application/json"})
    assert response.status_code == status, response.text


def test_openapi_documents_the_feedback_lengths(client):
    fields = client.get("/openapi.json").json()["components"]["schemas"]["FeedbackRequest"]["properties"]
    assert fields["sentence"]["maxLength"] == MAX_TEXT_CHARS
    assert fields["comment"]["anyOf"][0]["maxLength"] == MAX_COMMENT_CHARS
