"""Model swap without restart: good model swaps in, broken model leaves the old one serving."""

import json
import os
import shutil
import time

import pytest
from tiny_model import build_model_dir
from tonefall.classifier import ToneClassifier
from tonefall.errors import ModelDirError
from tonefall.model_dir import INFO_FILE, MODEL_FILE
from tonefall.model_holder import ModelHolder


@pytest.fixture
def second_model(tmp_path):
    return build_model_dir(tmp_path / "v2", name="tiny-v2")


@pytest.fixture
def broken_model(tiny_model_dir, tmp_path):
    broken = shutil.copytree(tiny_model_dir, tmp_path / "broken")
    (broken / MODEL_FILE).write_bytes(b"garbage")  # sha in model.json no longer matches
    return broken


def test_reload_good_model(client, second_model):
    response = client.post("/v1/admin/reload", json={"model_dir": str(second_model)})
    assert response.status_code == 200
    assert response.json()["name"] == "tiny-v2"
    assert client.post("/v1/analyze", json={"text": "Maybe."}).json()["model"] == "tiny-v2"
    assert client.get("/v1/health").json()["model"] == "tiny-v2"


def test_reload_broken_model_keeps_old(client, broken_model):
    response = client.post("/v1/admin/reload", json={"model_dir": str(broken_model)})
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "still serving tiny-test-model" in detail and "onnx_sha256" in detail
    assert client.post("/v1/analyze", json={"text": "Maybe."}).json()["model"] == "tiny-test-model"


def test_reload_missing_dir_is_clear(client, tmp_path):
    response = client.post("/v1/admin/reload", json={"model_dir": str(tmp_path / "nothing")})
    assert response.status_code == 409
    assert "not found" in response.json()["detail"]


def test_reload_path_with_nul_byte_is_409_not_500(client):
    response = client.post("/v1/admin/reload", json={"model_dir": "/models/bad\u0000name"})
    assert response.status_code == 409
    assert client.get("/v1/model").json()["name"] == "tiny-test-model"


def test_reload_without_body_reloads_current(client):
    response = client.post("/v1/admin/reload")
    assert response.status_code == 200 and response.json()["name"] == "tiny-test-model"


def test_watcher_reloads_changed_directory(tmp_path):
    served = build_model_dir(tmp_path / "served", name="first")
    holder = ModelHolder.load(served)
    # Changed before the watcher starts: still a change against what was loaded.
    build_model_dir(tmp_path / "served", name="second")
    holder.watch(interval=0.05)
    try:
        wait_for(lambda: holder.classifier.info.name == "second")
        # A broken write is logged and ignored: the last good model keeps serving.
        info = json.loads((served / INFO_FILE).read_text())
        (served / INFO_FILE).write_text(json.dumps({**info, "labels": ["x"]}))
        time.sleep(0.5)
        assert holder.classifier.info.name == "second"
    finally:
        holder.stop()


def test_holder_reload_raises_and_keeps_old(tiny_model_dir, broken_model):
    holder = ModelHolder.load(tiny_model_dir)
    with pytest.raises(ModelDirError):
        holder.reload(broken_model)
    assert holder.classifier.model_dir == tiny_model_dir


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def nest_model_json(model_dir, levels: int = 100_000) -> None:
    """A model.json nested past the interpreter's recursion limit (json.loads raised RecursionError)."""
    text = json.dumps(json.loads((model_dir / INFO_FILE).read_text()))
    (model_dir / INFO_FILE).write_text(text[:-1] + ', "notes": ' + "[" * levels + "]" * levels + "}")


@pytest.fixture
def nested_model(tiny_model_dir, tmp_path):
    nested = shutil.copytree(tiny_model_dir, tmp_path / "nested")
    nest_model_json(nested)
    return nested


def test_reload_deeply_nested_model_json_is_409(client, nested_model):
    response = client.post("/v1/admin/reload", json={"model_dir": str(nested_model)})
    assert response.status_code == 409, response.text
    assert "nested deeper" in response.json()["detail"]
    assert client.get("/v1/model").json()["name"] == "tiny-test-model"


def test_reload_name_over_file_name_limit_is_409(client, tmp_path):
    too_long = tmp_path / ("m" * 300)  # NAME_MAX is 255 on Linux: stat() fails with ENAMETOOLONG
    response = client.post("/v1/admin/reload", json={"model_dir": str(too_long)})
    assert response.status_code == 409, response.text
    assert "cannot read" in response.json()["detail"] and len(response.json()["detail"]) < 600
    assert client.get("/v1/model").json()["name"] == "tiny-test-model"


def test_reload_unreadable_model_json_is_409(client, tiny_model_dir, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    unreadable = shutil.copytree(tiny_model_dir, tmp_path / "unreadable")
    (unreadable / INFO_FILE).chmod(0)
    response = client.post("/v1/admin/reload", json={"model_dir": str(unreadable)})
    assert response.status_code == 409 and "Permission denied" in response.json()["detail"]


def test_fixed_batch_model_is_refused(client, tmp_path):
    # Exported with a fixed batch of 2: a single 2-sentence probe passed, then /v1/classify broke.
    fixed = build_model_dir(tmp_path / "fixed-batch", name="fixed-batch", batch=2)
    response = client.post("/v1/admin/reload", json={"model_dir": str(fixed)})
    assert response.status_code == 409, response.text
    assert "batch of 1" in response.json()["detail"]
    assert client.post("/v1/classify", json={"sentences": ["a", "b", "c"]}).status_code == 200


@pytest.mark.parametrize("batch", [1, 3, 32])
def test_each_fixed_batch_size_fails_the_smoke_test(tmp_path, batch):
    with pytest.raises(ModelDirError, match="inference on a batch of"):
        ToneClassifier.load(build_model_dir(tmp_path / "fixed", batch=batch))


@pytest.mark.parametrize("breakage", ["nested", "bug"])
def test_watcher_survives_every_bad_model_and_keeps_watching(tmp_path, monkeypatch, breakage):
    served = build_model_dir(tmp_path / "served", name="first")
    holder = ModelHolder.load(served)
    holder.watch(interval=0.05)
    try:
        if breakage == "nested":
            nest_model_json(served)
        else:  # anything a load may raise that nobody foresaw
            monkeypatch.setattr(ToneClassifier, "load", lambda *args, **kwargs: 1 / 0)
            build_model_dir(served, name="unloadable")
        time.sleep(0.5)
        assert holder._watcher.is_alive() and holder.classifier.info.name == "first"
        monkeypatch.undo()
        build_model_dir(served, name="second")
        wait_for(lambda: holder.classifier.info.name == "second")
    finally:
        holder.stop()
