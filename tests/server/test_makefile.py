"""`make serve` starts at once: pip runs on the first install and again only when pyproject.toml
changed (it ran on every start: 7 s and setuptools warnings each time). Run against a stand-in venv
whose python and tonefall only write down how they were called."""

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


@pytest.fixture
def venv(tmp_path) -> Path:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    for name in ("python", "tonefall"):
        tool = venv / "bin" / name
        tool.write_text(f'#!/bin/sh\necho "{name} $*" >> "{tmp_path}/calls.log"\n')
        tool.chmod(0o755)
    return venv


def make(target: str, venv: Path) -> list[str]:
    """Run ``make target`` with the stand-in venv; the calls it made (cumulative)."""
    subprocess.run(["make", "-s", "-C", str(REPO), target, f"VENV={venv}"], check=True, capture_output=True, timeout=60)
    log = venv.parent / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def pip_installs(calls: list[str]) -> list[str]:
    return [call for call in calls if call.startswith("python -m pip install")]


def test_serve_installs_once_then_only_starts(venv):
    make("serve", venv)
    calls = make("serve", venv)
    assert pip_installs(calls) == ["python -m pip install --quiet -e ."]
    assert calls.count("tonefall serve") == 2


def test_changed_pyproject_installs_again(venv):
    make("serve", venv)
    (venv / ".tonefall-runtime-installed").write_text("sha of an older pyproject.toml\n")
    assert len(pip_installs(make("serve", venv))) == 2


def test_runtime_tests_install_once(venv):
    make("test-runtime", venv)
    calls = make("test-runtime", venv)
    assert pip_installs(calls) == ["python -m pip install --quiet -e .[dev]"]
    assert sum(call.startswith("python -m pytest") for call in calls) == 2


def test_dev_install_also_counts_for_serve(venv):
    make("setup-dev", venv)
    calls = make("serve", venv)
    assert pip_installs(calls) == ["python -m pip install --quiet -e .[train,dev,cluster]"]
    assert make("setup-dev", venv) == calls  # nothing more to do
    assert pip_installs(make("test-runtime", venv)) == pip_installs(calls)
