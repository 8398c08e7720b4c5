"""Firefox: the built extension passes Mozilla's linter (`web-ext lint`)."""

import json
import subprocess

from extension_env import EXTENSION_DIR

# Chromium needs background.service_worker, Firefox background.scripts: each ignores the other's.
EXPECTED_WARNINGS = {"BACKGROUND_SERVICE_WORKER_IGNORED"}


def test_web_ext_lint_passes(built_extension):
    run = subprocess.run(["npm", "run", "--silent", "lint:firefox", "--", "--output", "json"], check=False,
                         cwd=EXTENSION_DIR,
                         capture_output=True, text=True, timeout=300)
    report = json.loads(run.stdout)
    problems = [f"{m['code']}: {m['message']} ({m.get('file')})" for m in report["errors"] + report["notices"]]
    problems += [f"{m['code']}: {m['message']}" for m in report["warnings"] if m["code"] not in EXPECTED_WARNINGS]
    assert problems == []
    assert report["metadata"]["manifestVersion"] == 3
    assert report["metadata"]["id"] == json.loads((built_extension / "manifest.json").read_text())["browser_specific_settings"]["gecko"]["id"]
