"""The extension's static files agree with the service: labels, locales, managed schema."""

import json
import re

from extension_env import DIST, EXTENSION_DIR
from tonefall.labels import LABELS

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


def test_generated_labels_match_the_service(built_extension):
    generated = (SRC / "labels.js").read_text()
    assert json.loads(generated.split("Object.freeze(", 1)[1].rsplit(");", 1)[0]) == list(LABELS)
