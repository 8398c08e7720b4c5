"""The HTTP API in-process: response shapes, offsets, and every refusal."""

import json

import pytest
from api_support import EXTENSION_ORIGIN, TOKEN
from tonefall.labels import LABELS

REPLY = "Hej Anna,\n\nJag är så sorry 😀 för det här. Men du borde kanske ha läst villkoren.\n> Varför funkar inget?\nMvh Lisa"


def test_analyze_shape_and_labels(client):
    body = client.post("/v1/analyze", json={"text": REPLY}).json()
    assert body["model"] == "tiny-test-model"
    assert body["lang"] == "sv"
    sentences = body["sentences"]
    assert [s["text"] for s in sentences] == ["Hej Anna,", "Jag är så sorry 😀 för det här.",
                                              "Men du borde kanske ha läst villkoren.", "Varför funkar inget?", "Mvh Lisa"]
    assert sentences[1]["labels"] == ["empathetic"]
    assert sentences[2]["labels"] == ["defensive", "weak-hedged"]
    assert set(sentences[0]["scores"]) == set(LABELS)
    for sentence in sentences:
        assert set(sentence) == {"start", "end", "text", "labels", "scores", "cues", "suggestions", "quoted"}
    quoted = sentences[3]
    assert quoted["quoted"] is True and quoted["labels"] == [] and quoted["scores"] == {}


def test_analyze_offsets_are_utf16_code_units(client):
    text = "Café\u0301 😀👍 ok. Men kanske 👩‍👩‍👧 inte."
    body = client.post("/v1/analyze", json={"text": text, "lang": "sv"}).json()
    units = text.encode("utf-16-le")
    previous_end = 0
    for sentence in body["sentences"]:
        assert previous_end <= sentence["start"] < sentence["end"]
        assert units[2 * sentence["start"]:2 * sentence["end"]].decode("utf-16-le") == sentence["text"]
        for cue in sentence["cues"]:
            assert sentence["start"] <= cue["start"] < cue["end"] <= sentence["end"]
        previous_end = sentence["end"]
    second = body["sentences"][1]
    cue_words = [units[2 * c["start"]:2 * c["end"]].decode("utf-16-le") for c in second["cues"]]
    assert cue_words == ["Men", "kanske"]


def test_analyze_given_lang_is_used(client):
    assert client.post("/v1/analyze", json={"text": "Maybe.", "lang": "da"}).json()["lang"] == "da"


def test_analyze_lone_surrogate_is_replaced_not_500(client):
    raw = '{"text": "Hej \\ud83d d\\u00e5. Men ok."}'
    response = client.post("/v1/analyze", content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 200
    assert response.json()["sentences"][0]["text"] == "Hej \ufffd då."


def test_classify_in_order(client):
    body = client.post("/v1/classify", json={"sentences": ["Maybe.", "Hej.", "Regarding it."]}).json()
    assert [r["labels"] for r in body["results"]] == [["weak-hedged"], [], ["officialese"]]
    assert body["model"] == "tiny-test-model"


def test_health_needs_no_token(client):
    response = client.get("/v1/health", headers={"Authorization": ""})
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_model_and_tips(client):
    model = client.get("/v1/model").json()
    assert model["labels"] == list(LABELS) and set(model["thresholds"]) == set(LABELS)
    assert model["providers"] == ["CPUExecutionProvider"]
    tips = client.get("/v1/tips").json()["tips"]
    assert set(tips) == {"sv", "nb", "nn", "da", "en"}
    assert all(set(tips[lang]) == set(LABELS) for lang in tips)
    assert tips["nn"]["weak-hedged"]["why"] and tips["en"]["defensive"]["tip"]


def test_openapi_documents_utf16(client):
    spec = client.get("/openapi.json").json()
    assert "UTF-16" in json.dumps(spec)


# Refusals --------------------------------------------------------------------------------

@pytest.mark.parametrize("path, method", [("/v1/analyze", "post"), ("/v1/classify", "post"), ("/v1/model", "get"),
                                          ("/v1/tips", "get"), ("/v1/feedback", "post"), ("/v1/admin/reload", "post")])
@pytest.mark.parametrize("authorization", ["", "Bearer wrong-token", f"Basic {TOKEN}", TOKEN])
def test_missing_or_wrong_token_is_401(client, path, method, authorization):
    response = client.request(method, path, json={}, headers={"Authorization": authorization})
    assert response.status_code == 401
    assert "token" in response.json()["detail"]


@pytest.mark.parametrize("origin", ["https://evil.example", "http://localhost:8000", "null", "chrome-extension-x://a"])
def test_foreign_origin_is_403_even_with_token(client, origin):
    response = client.post("/v1/analyze", json={"text": "Hej."}, headers={"Origin": origin})
    assert response.status_code == 403
    assert "Origin" in response.json()["detail"]
    assert "access-control-allow-origin" not in response.headers


def test_foreign_origin_preflight_is_403(client):
    response = client.options("/v1/analyze", headers={"Origin": "https://evil.example",
                                                      "Access-Control-Request-Method": "POST"})
    assert response.status_code == 403


@pytest.mark.parametrize("origin", [EXTENSION_ORIGIN, "moz-extension://0a1b2c3d-1111-2222-3333-444455556666"])
def test_extension_origin_gets_cors(client, origin):
    preflight = client.options("/v1/analyze", headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                                       "Access-Control-Request-Headers": "authorization,content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == origin
    response = client.post("/v1/analyze", json={"text": "Hej."}, headers={"Origin": origin})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin


@pytest.mark.parametrize("host", ["evil.example", "evil.example:7373", "192.168.1.5:7373", "localhost.evil.example"])
def test_non_loopback_host_is_403(client, host):
    response = client.get("/v1/health", headers={"Host": host})
    assert response.status_code == 403
    assert "Host" in response.json()["detail"]


@pytest.mark.parametrize("host", ["localhost:7373", "127.0.0.1:7373", "[::1]:7373", "localhost"])
def test_loopback_hosts_accepted(client, host):
    assert client.get("/v1/health", headers={"Host": host}).status_code == 200


def test_body_over_64kb_is_413(client):
    response = client.post("/v1/analyze", content=json.dumps({"text": "a" * 70_000}),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert "64" in response.json()["detail"] or "65536" in response.json()["detail"]


def test_chunked_body_over_64kb_is_413(client):
    def chunks():
        yield b'{"text": "'
        for _ in range(20):
            yield b"a" * 4096
        yield b'"}'

    response = client.post("/v1/analyze", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_text_over_20000_chars_is_413(client):
    response = client.post("/v1/analyze", json={"text": "Hej. " * 4001})
    assert response.status_code == 413
    assert "20000" in response.json()["detail"]


def test_classify_over_20000_chars_is_413(client):
    response = client.post("/v1/classify", json={"sentences": ["x" * 10_001, "y" * 10_000]})
    assert response.status_code == 413


@pytest.mark.parametrize("payload, field", [
    ({"text": 5}, "text"),
    ({}, "text"),
    ({"text": "Hej.", "lang": "xx"}, "lang"),
    ({"text": ["a"]}, "text"),
])
def test_wrong_types_are_422_naming_the_field(client, payload, field):
    response = client.post("/v1/analyze", json=payload)
    assert response.status_code == 422
    assert f"field '{field}'" in response.json()["detail"]


def test_malformed_json_is_422(client):
    response = client.post("/v1/analyze", content=b'{"text": "Hej', headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert "field '" in response.json()["detail"]


def test_classify_too_many_sentences_is_422(client):
    response = client.post("/v1/classify", json={"sentences": ["a"] * 257})
    assert response.status_code == 422
    assert "field 'sentences'" in response.json()["detail"]


def test_feedback_bad_label_is_422(client):
    response = client.post("/v1/feedback", json={"sentence": "Hej.", "lang": "sv", "predicted": [],
                                                 "correct_labels": ["rude"]})
    assert response.status_code == 422
    assert "correct_labels" in response.json()["detail"]


def test_resent_reply_reclassifies_only_what_changed(client):
    classifier = client.app.state.holder.classifier
    reply = "Hej Tom,\nThank you for your email. Maybe tomorrow. Regarding the card."
    client.post("/v1/analyze", json={"text": reply, "lang": "en"})
    before = classifier.inference_count
    client.post("/v1/analyze", json={"text": reply, "lang": "en"})
    assert classifier.inference_count == before  # every sentence came from the cache
    changed = reply.replace("Maybe tomorrow.", "Maybe today.")
    body = client.post("/v1/analyze", json={"text": changed, "lang": "en"}).json()
    assert classifier.inference_count == before + 1
    assert body["sentences"][2]["labels"] == ["weak-hedged"]


def test_detected_lang_can_be_sent_back(client):
    body = client.post("/v1/analyze", json={"text": "Sorry. Maybe.", "lang": "other"}).json()
    assert body["lang"] == "other"
    assert all(s["cues"] == [] for s in body["sentences"])  # no cue list for "other"
