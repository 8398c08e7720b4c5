"""A model training marked as failing its int8 agreement gate (model.json gate_failure) is not served
unless forced: by `tonefall serve`, by /v1/admin/reload and by the watcher."""

import logging
import shutil

import pytest
from log_capture import captured_log
from tiny_model import build_model_dir
from tonefall.errors import ModelDirError
from tonefall.model_dir import read_info, write_info
from tonefall.model_holder import ModelHolder
from tonefall.service import build_app
from tonefall.settings import load_settings

FAILURE = "int8 ONNX agrees with fp32 torch on 91.0% of dev label decisions (needs 98%)"


def mark_failed(model_dir):
    write_info(model_dir, read_info(model_dir).model_copy(update={"gate_failure": FAILURE}))
    return model_dir


@pytest.fixture
def failed_model(tmp_path):
    return mark_failed(build_model_dir(tmp_path / "failed", name="failed-gate"))


def test_serve_refuses_a_failed_model(failed_model, tmp_path):
    settings = load_settings(model=failed_model, token="t" * 20, db=tmp_path / "f.sqlite3")
    with pytest.raises(ModelDirError, match="gate_failure.*91.0%.*--allow-failed-gate"):
        build_app(settings)


def test_serve_forced_serves_it_and_says_so(failed_model, tmp_path):
    settings = load_settings(model=failed_model, token="t" * 20, db=tmp_path / "f.sqlite3", allow_failed_gate=True)
    with captured_log("tonefall.model") as records:
        app = build_app(settings)
    assert app.state.holder.classifier.info.name == "failed-gate"
    assert any("not to ship (forced)" in r.getMessage() and r.levelno == logging.WARNING for r in records)
    app.state.feedback.close()


def test_setting_from_environment(failed_model, monkeypatch):
    monkeypatch.setenv("TONEFALL_ALLOW_FAILED_GATE", "1")
    assert load_settings().allow_failed_gate is True


def test_reload_refuses_unless_forced(client, failed_model):
    response = client.post("/v1/admin/reload", json={"model_dir": str(failed_model)})
    assert response.status_code == 409 and "gate_failure" in response.json()["detail"]
    assert client.get("/v1/model").json()["name"] == "tiny-test-model"
    forced = client.post("/v1/admin/reload", json={"model_dir": str(failed_model), "allow_failed_gate": True})
    assert forced.status_code == 200 and forced.json()["gate_failure"] == FAILURE
    assert client.get("/v1/model").json()["gate_failure"] == FAILURE


def test_watcher_does_not_swap_in_a_failed_model(tmp_path):
    served = build_model_dir(tmp_path / "served", name="good")
    holder = ModelHolder.load(served)
    shutil.copytree(mark_failed(build_model_dir(tmp_path / "next", name="failed")), served, dirs_exist_ok=True)
    with pytest.raises(ModelDirError, match="gate_failure"):
        holder.reload()  # what the watcher calls when the files change
    assert holder.classifier.info.name == "good"


def test_evaluation_tools_may_still_load_it(failed_model):
    from tonefall.classifier import ToneClassifier

    assert ToneClassifier.load(failed_model).info.gate_failure == FAILURE
