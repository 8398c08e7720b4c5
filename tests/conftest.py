"""Shared fixtures: keep every test away from the user's real config and data directories."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture(scope="session")
def playwright():
    """One Playwright for the whole run: its sync API refuses a second instance in the same
    thread while the first is open, so the extension and the server browser tests share it."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    if not Path("/usr/bin/chromium").exists():
        pytest.fail("Debian Chromium missing: run `make system-deps` (apt-get install chromium)")
    with sync_playwright() as playwright:
        yield playwright
