"""Paths the browser tests share (imported by name: `from conftest import` is ambiguous in a
suite with several conftest.py files). Also makes the server tests' helpers importable."""

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SERVER_TEST_HELPERS = REPO / "tests" / "server"  # server_process.py, tiny_model.py
if str(SERVER_TEST_HELPERS) not in sys.path:
    sys.path.append(str(SERVER_TEST_HELPERS))

EXTENSION_DIR = REPO / "extension"
DIST = EXTENSION_DIR / "dist"
SHIPPED_MODEL = REPO / "models" / "tonefall-nordic-v1"
ARTIFACTS = REPO / "test-artifacts" / "extension"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
