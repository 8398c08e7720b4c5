"""The run-time CLI: check, token, serve's start-up errors."""

import json
import os
import stat
import subprocess
import sys

from click.testing import CliRunner
from tonefall.cli import main
from tonefall.model_dir import INFO_FILE
from tonefall.settings import config_dir


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_check_prints_each_sentence_with_labels(tiny_model_dir):
    result = run("check", "--model", str(tiny_model_dir), "Hej Anna,\nMen kanske i morgon. Jag fixar det.")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1:] == ["Hej Anna,", "[defensive] [weak-hedged] Men kanske i morgon.", "Jag fixar det."]


def test_check_reads_stdin_and_colours(tiny_model_dir):
    result = CliRunner().invoke(main, ["check", "--model", str(tiny_model_dir), "--lang", "en"],
                                input="I am sorry about that.\n> Why?", color=True)
    assert result.exit_code == 0, result.output
    assert "\x1b[32m" in result.output  # green for empathetic
    assert "\x1b[4m" in result.output  # cue words underlined
    assert "> Why?" in result.output


def test_check_json(tiny_model_dir):
    text = "Maybe. Ok 😀 Regarding it."
    result = run("check", "--json", "--model", str(tiny_model_dir), text)
    body = json.loads(result.output)
    assert [s["labels"] for s in body["sentences"]] == [["weak-hedged"], [], ["officialese"]]
    # Terminal JSON uses Python offsets (code points), not UTF-16.
    last = body["sentences"][2]
    assert text[last["start"]:last["end"]] == "Regarding it."


def test_token_is_made_once_with_0600(monkeypatch):
    monkeypatch.delenv("TONEFALL_TOKEN", raising=False)
    first = run("token").output.strip()
    assert len(first) >= 40
    assert run("token").output.strip() == first
    token_file = config_dir() / "token"
    assert stat.S_IMODE(os.stat(token_file).st_mode) == 0o600
    assert token_file.read_text().strip() == first


def test_token_from_environment(monkeypatch):
    monkeypatch.setenv("TONEFALL_TOKEN", "from-the-environment-123")
    assert run("token").output.strip() == "from-the-environment-123"


def serve_error(model_dir) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tonefall.cli", "serve", "--port", "1", "--model", str(model_dir)],
                          check=False, capture_output=True, text=True, timeout=60)


def test_serve_missing_model_is_one_line_and_nonzero(tmp_path):
    result = serve_error(tmp_path / "missing")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "model directory not found" in result.stderr


def test_serve_corrupt_model_is_one_line_and_nonzero(tiny_model_dir, tmp_path):
    import shutil

    broken = shutil.copytree(tiny_model_dir, tmp_path / "broken")
    (broken / INFO_FILE).write_text("{not json")
    result = serve_error(broken)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "model.json" in result.stderr


def test_demo_port_reaches_a_service_on_another_port(tiny_model_dir, tmp_path, monkeypatch):
    from server_process import TOKEN, free_port, running_server

    monkeypatch.setenv("TONEFALL_TOKEN", TOKEN)
    with running_server(tiny_model_dir, tmp_path / "f.sqlite3") as (_process, url):
        port = url.rsplit(":", 1)[1]
        result = CliRunner().invoke(main, ["demo", "--no-open", "--port", port])
        # It reached the service: a key was minted; only the page itself may be missing (not built here).
        assert (result.exit_code == 0 and result.output.startswith(f"{url}/demo/#key=")) or \
            "has no /demo page" in result.output, result.output
    elsewhere = free_port()
    result = CliRunner().invoke(main, ["demo", "--no-open", "--port", str(elsewhere)])
    assert result.exit_code != 0 and f"no Tonefall service at http://127.0.0.1:{elsewhere}" in result.output
