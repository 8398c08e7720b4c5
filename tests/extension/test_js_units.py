"""The extension's JavaScript unit tests (node:test), run by pytest so `make test` covers them."""

import subprocess

from extension_env import EXTENSION_DIR


def test_node_unit_tests_pass():
    run = subprocess.run(["npm", "test", "--silent"], check=False, cwd=EXTENSION_DIR, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
