"""Model swap without restart: good model swaps in, broken model leaves the old one serving."""

import json
import shutil
import time

import pytest
from tiny_model import build_model_dir
from tonefall.errors import ModelDirError
from tonefall.model_holder import ModelHolder


@pytest.fixture
def second_model(tmp_path):
    return build_model_dir(tmp_path / "v2", name="tiny-v2")


@pytest.fixture
def broken_model(tiny_model_dir, tmp_path):
    broken = shutil.copytree(tiny_model_dir, tmp_path / "broken")
    (broken / "model.onnx").write_bytes(b"garbage")  # sha in model.json no longer matches
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
        info = json.loads((served / "model.json").read_text())
        (served / "model.json").write_text(json.dumps({**info, "labels": ["x"]}))
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
