"""Server test fixtures: a small real model directory (see tiny_model.py)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from api_support import TOKEN  # noqa: E402
from tiny_model import build_model_dir  # noqa: E402


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    return build_model_dir(tmp_path_factory.mktemp("models") / "tiny")




@pytest.fixture
def settings(tiny_model_dir, tmp_path):
    from tonefall.settings import load_settings

    return load_settings(model=tiny_model_dir, token=TOKEN, db=tmp_path / "feedback.sqlite3")


@pytest.fixture
def client(settings):
    from fastapi.testclient import TestClient
    from tonefall.service import build_app

    app = build_app(settings)
    with TestClient(app, base_url="http://127.0.0.1:7373", headers={"Authorization": f"Bearer {TOKEN}"}) as test_client:
        yield test_client
    app.state.feedback.close()
