"""training/data/tools/agreement.py: a later labelling round samples only the new sentences and
keeps its own kappa report."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[2] / "training" / "data" / "tools" / "agreement.py"


@pytest.fixture
def agreement(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("tonefall_agreement_tool", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "DATA", tmp_path)
    return module


def _write(root: Path, rows: list[tuple[str, list[str]]]) -> None:
    path = root / "sentences" / "sv" / "bank.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({"text": t, "labels": l, "lang": "sv", "domain": "bank",
                                        "group": f"g{i}"}) + "\n" for i, (t, l) in enumerate(rows)))


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout.strip()


def test_since_samples_only_sentences_added_after_the_commit_and_round_keeps_its_files(agreement, tmp_path):
    old = [(f"Gammal mening nummer {i}.", []) for i in range(6)]
    _git(tmp_path, "init", "-q")
    _write(tmp_path, old)
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "first round")
    first_round = _git(tmp_path, "rev-parse", "HEAD")
    new = [("Ny mening om kortet.", ["officialese"]), ("Jag fixar det nu.", ["empathetic"])]
    _write(tmp_path, old + new)

    out = tmp_path / "agreement" / "round3"
    agreement.sample(out, share=1.0, seed=1, langs=[], since=first_round)
    blind = [json.loads(line) for line in (out / "blind" / "sv.jsonl").read_text().splitlines()]
    assert sorted(row["text"] for row in blind) == sorted(text for text, _ in new)
    assert all("labels" not in row for row in blind)

    (out / "second").mkdir()
    second = [{"id": row["id"], "labels": ["officialese"]} for row in blind]
    (out / "second" / "sv.jsonl").write_text("".join(json.dumps(row) + "\n" for row in second))
    agreement.kappa(out)
    report = json.loads((out / "report.json").read_text())
    assert report["sv"]["n"] == 2 and report["sv"]["exact_set_agreement"] == 0.5
    assert report["sv"]["defensive"]["kappa"] is None  # nobody used it: undefined, written as null
    assert "NaN" not in (out / "report.json").read_text()
    disagreements = [json.loads(line) for line in (out / "disagreements.jsonl").read_text().splitlines()]
    assert [d["text"] for d in disagreements] == ["Jag fixar det nu."]
    assert not (tmp_path / "agreement" / "report.json").exists()  # the first round's report is untouched
