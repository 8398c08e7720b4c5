"""The extension's static files agree with the service: labels, locales, managed schema."""

import json
import re
import subprocess
import sys

from extension_env import DIST, EXTENSION_DIR
from tonefall.labels import EXTENSION_LABELS_FILE, LABELS

SRC = EXTENSION_DIR / "src"
LOCALES = ["en", "sv", "nb", "da"]


def messages(locale: str) -> dict:
    return json.loads((SRC / "_locales" / locale / "messages.json").read_text(encoding="utf-8"))


def test_every_locale_has_every_message():
    english = set(messages("en"))
    assert {f"label_{label.replace('-', '_')}" for label in LABELS} <= english
    for locale in LOCALES:
        assert set(messages(locale)) == english, locale
        assert all(entry["message"].strip() for entry in messages(locale).values()), locale


def test_manifest_and_policy_schema(built_extension):
    manifest = json.loads((DIST / "manifest.json").read_text())
    assert manifest["manifest_version"] == 3
    assert manifest["default_locale"] == "en"
    assert manifest["browser_specific_settings"]["gecko"]["id"]
    # Privacy: the extension may reach loopback hosts only.
    assert all(re.match(r"http://(127\.0\.0\.1|localhost|\[::1\])/", host) for host in manifest["host_permissions"])
    schema = json.loads((DIST / manifest["storage"]["managed_schema"]).read_text())
    assert {"serviceUrl", "token"} <= set(schema["properties"])


def test_generated_labels_match_the_service():
    generated = json.loads((SRC / "generated" / "labels.json").read_text(encoding="utf-8"))
    assert generated["labels"] == list(LABELS), "run: python -m tonefall.labels --json " + EXTENSION_LABELS_FILE


def test_committed_labels_file_is_what_python_writes(tmp_path):
    subprocess.run([sys.executable, "-m", "tonefall.labels", "--json", str(tmp_path / "labels.json")], check=True)
    committed = EXTENSION_DIR.parent / EXTENSION_LABELS_FILE
    assert committed.read_text(encoding="utf-8") == (tmp_path / "labels.json").read_text(encoding="utf-8")


def test_extension_reads_labels_only_from_the_generated_file():
    # No Python parsed by the build: labels.js imports the JSON Python wrote.
    assert "labels.py" not in (EXTENSION_DIR / "build.mjs").read_text(encoding="utf-8")
    assert 'from "./generated/labels.json"' in (SRC / "labels.js").read_text(encoding="utf-8")
