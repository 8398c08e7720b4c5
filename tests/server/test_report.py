"""`tonefall report`: labels as /v1/analyze gives them, bad rows by line, resume, mappings, HTML."""

import csv
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from tonefall.classifier import ToneClassifier
from tonefall.cli import main
from tonefall.labels import LABELS
from tonefall.report import features
from tonefall.report.mappings import GENERIC
from tonefall.report.run import NoProgress, ReportJob, run

# Cue words of the tiny test model (tests/server/tiny_model.py) give predictable labels.
REPLIES = [
    {"id": "r1", "agent": "Anna Berg", "team": "kort", "created_at": "2026-01-05T09:00:00Z", "language": "sv",
     "text": "Hej Lisa,\nJag förstår att det är jobbigt. Men kortet funkar inte i dag.\nMvh Anna Berg"},
    {"id": "r2", "agent": "Anna Berg", "team": "kort", "created_at": "2026-01-12T09:00:00Z", "language": "",
     "text": "Hej!\nKanske i morgon. Ärendet är nytt.\n\n> Varför funkar inte kortet?"},
    {"id": "r3", "agent": "Tom Smith", "team": "lån", "created_at": "2026-01-06T10:00:00Z", "language": "en",
     "text": "Hi Tom,\nI am sorry. But you should log in. Maybe tomorrow, regarding the card."},
    {"id": "r4", "agent": "Tom Smith", "team": "lån", "created_at": "2026-01-13T10:00:00Z", "language": "en",
     "text": "Hi,\nRegarding the card. Regarding the card. We will send a new code today."},
]


def write_csv(path: Path, rows: list[dict], columns: list[str] | None = None) -> Path:
    columns = columns or list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n" for row in rows),
                    encoding="utf-8")
    return path


def report_cli(*args: str):
    return CliRunner().invoke(main, ["report", *args])


def read_report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_totals_and_sentences_equal_analyze(tiny_model_dir, tmp_path, client):
    export = write_csv(tmp_path / "replies.csv", REPLIES)
    result = report_cli(str(export), "--out", str(tmp_path / "out"), "--model", str(tiny_model_dir), "--sentences")
    assert result.exit_code == 0, result.output

    expected_totals, expected_rows = Counter(), []
    for reply in REPLIES:
        body = {"text": reply["text"], **({"lang": reply["language"]} if reply["language"] else {})}
        analysis = client.post("/v1/analyze", json=body).json()
        own = [s for s in analysis["sentences"] if not s["quoted"]]
        expected_totals.update(label for s in own for label in s["labels"])
        expected_rows += [[reply["id"], str(i), s["text"], ";".join(s["labels"])] for i, s in enumerate(own)]
    report = read_report(tmp_path / "out")
    assert report["totals"] == {label: expected_totals[label] for label in LABELS}
    assert all(report["totals"].values())  # the export carries every label
    with (tmp_path / "out" / "sentences.csv").open(encoding="utf-8") as lines:
        written = [[r["reply_id"], r["index"], r["text"], r["labels"]] for r in csv.DictReader(lines)]
    assert written == expected_rows
    assert "Varför funkar inte kortet?" not in {row[2] for row in written}  # quoted customer text left out
    assert f"totals: empathetic {expected_totals['empathetic']}" in result.output


def test_figures_by_group_and_features(tiny_model_dir, tmp_path):
    export = write_csv(tmp_path / "replies.csv", REPLIES)
    assert report_cli(str(export), "--out", str(tmp_path / "out"), "--model", str(tiny_model_dir)).exit_code == 0
    report = read_report(tmp_path / "out")
    assert set(report["by_team"]) == {"kort", "lån"}
    assert set(report["by_week"]) == {"2026-W02", "2026-W03"}
    assert report["by_agent"]["Anna Berg"]["replies"] == 2
    overall = report["overall"]
    # Openings after the greeting: r1 "Jag förstår..." and r3 "I am sorry." are empathetic; r2, r4 not.
    assert overall["empathetic_opening_share"] == 0.5
    assert (overall["we_sentences"], overall["i_sentences"]) == (1, 2)
    assert overall["but_openers_per_100"] > 0  # "Men kortet ...", "But you should ..."
    assert {"kanske", "maybe"} <= {w["word"] for w in report["weak_words"]}
    top = report["top_flagged"][0]
    assert (top["text"], top["count"], top["labels"]) == ("Regarding the card.", 2, ["officialese"])
    for name in ("by_team.csv", "by_agent.csv", "by_week.csv", "top_flagged.csv", "weak_words.csv"):
        assert (tmp_path / "out" / name).is_file()


def test_bad_rows_named_by_file_and_line(tiny_model_dir, tmp_path):
    csv_export = write_csv(tmp_path / "a.csv", [
        {"id": "1", "text": "Hej,\nen rad\när tre rader."},  # lines 2-4: a multi-line field
        {"id": "2", "text": ""},  # line 5: no text
        {"id": "3", "text": "Kanske\ni morgon.", "created_at": "not a date"},  # lines 6-7: named by its first
        {"id": "4", "text": "x" * 20_001},  # line 8: over the /v1/analyze limit
    ], ["id", "text", "created_at"])
    with csv_export.open("a", encoding="utf-8") as out:
        out.write('5,"too",many,fields\n')  # line 9
    jsonl_export = write_jsonl(tmp_path / "b.jsonl", [{"text": "Sorry."}, "{not json", "[1, 2]", {"text": "Hi."}])
    out_dir = tmp_path / "out"
    result = report_cli(str(csv_export), str(jsonl_export), "--out", str(out_dir), "--model", str(tiny_model_dir))
    assert result.exit_code == 0, result.output
    for where in (f"{csv_export}:5: no reply text", f"{csv_export}:6: created_at", f"{csv_export}:8: reply has 20001",
                  f"{csv_export}:9: CSV: 4 fields", f"{jsonl_export}:2: not valid JSON", f"{jsonl_export}:3: a JSON list"):
        assert where in result.output, result.output
    report = read_report(out_dir)
    assert (report["summary"]["rows_read"], report["summary"]["rows_used"]) == (9, 3)
    assert sum(report["summary"]["skipped"].values()) == 6
    assert "rows read 9, used 3, skipped 6" in result.output
    with (out_dir / "bad_rows.csv").open(encoding="utf-8") as lines:
        assert [int(r["line"]) for r in csv.DictReader(lines)] == [5, 6, 8, 9, 2, 3]


def test_not_utf8_and_gzip(tiny_model_dir, tmp_path):
    export = tmp_path / "c.csv.gz"
    with gzip.open(export, "wb") as out:
        out.write(b"text\nSorry.\n" + b"caf\xe9\n" + b"Maybe.\n")
    result = report_cli(str(export), "--out", str(tmp_path / "out"), "--model", str(tiny_model_dir))
    assert result.exit_code == 0, result.output
    assert f"{export}:3: not UTF-8 text" in result.output
    assert read_report(tmp_path / "out")["totals"]["weak-hedged"] == 1


class Interrupted(Exception):
    pass


def test_resume_after_interruption_gives_the_same_report(tiny_model_dir, tmp_path):
    many = [dict(reply, id=f"{reply['id']}-{n}", text=reply["text"] + f" Tack {n}.") for n in range(10) for reply in REPLIES]
    export = write_csv(tmp_path / "replies.csv", many)
    quiet = (lambda message: None, NoProgress)

    def job(out: Path, classifier: ToneClassifier) -> ReportJob:
        return ReportJob([export], out, GENERIC, classifier, batch_sentences=8, write_sentences=True)

    whole = run(job(tmp_path / "whole", ToneClassifier.load(tiny_model_dir)), *quiet)

    classifier = ToneClassifier.load(tiny_model_dir)
    real_scores, calls = classifier.scores, []

    def scores_then_stop(sentences):
        calls.append(len(sentences))
        if len(calls) > 3:
            raise Interrupted  # as Ctrl+C in the middle of a run
        return real_scores(sentences)

    classifier.scores = scores_then_stop
    with pytest.raises(Interrupted):
        run(job(tmp_path / "resumed", classifier), *quiet)
    classifier.scores = real_scores
    resumed = run(job(tmp_path / "resumed", classifier), *quiet)

    assert resumed["run"]["from_cache"] >= sum(calls[:3]) > 0  # the first batches were not scored again
    assert resumed["run"]["scored"] == whole["run"]["scored"] - sum(calls[:3])
    strip = lambda report: {k: v for k, v in report.items() if k != "run"}
    assert strip(resumed) == strip(whole)
    assert (tmp_path / "resumed" / "sentences.csv").read_text() == (tmp_path / "whole" / "sentences.csv").read_text()


ZENDESK_COMMENTS = [
    {"id": 1, "ticket_id": 7, "requester_id": 90, "author_id": 90, "public": True, "plain_body": "Sorry but why?",
     "created_at": "2026-01-05T08:00:00Z"},  # the customer (author is the requester)
    {"id": 2, "ticket_id": 7, "requester_id": 90, "author_id": 5, "author_name": "Anna Berg", "group_name": "kort",
     "public": True, "via": {"channel": "email"}, "created_at": "2026-01-05T09:00:00Z",
     "plain_body": "Hej,\nJag förstår.\n\n> Sorry but why?\n> Regarding my card"},
    {"id": 3, "ticket_id": 7, "requester_id": 90, "author_id": 5, "author_name": "Anna Berg", "public": False,
     "plain_body": "Internal: maybe regarding the card, but should check.", "created_at": "2026-01-05T09:01:00Z"},
    {"id": 4, "ticket_id": 8, "author_id": 6, "author_role": "end-user", "public": True, "plain_body": "Maybe."},
    {"id": 5, "ticket_id": 8, "author_id": 5, "author_role": "agent", "public": "true", "plain_body": "Maybe tomorrow."},
    {"id": 6, "ticket_id": 9, "author_id": 5, "public": True, "plain_body": "Regarding it."},  # cannot tell who wrote it
]


def test_zendesk_mapping_keeps_public_agent_replies_only(tiny_model_dir, tmp_path):
    export = write_jsonl(tmp_path / "zendesk.jsonl", ZENDESK_COMMENTS)
    result = report_cli(str(export), "--format", "zendesk", "--out", str(tmp_path / "out"), "--model", str(tiny_model_dir),
                        "--sentences")
    assert result.exit_code == 0, result.output
    report = read_report(tmp_path / "out")
    assert report["summary"]["skipped"] == {"customer message": 2, "internal note": 1, "bad row: unreadable value": 1}
    assert f"{export}:6: cannot tell a customer message" in result.output
    # Only comments 2 and 5 count: the customer's words, the internal note and the quote never do.
    assert report["totals"] == {"empathetic": 1, "defensive": 0, "weak-hedged": 1, "officialese": 0}
    assert list(report["by_channel"]) == ["email"] and list(report["by_team"]) == ["kort"]
    sentences = (tmp_path / "out" / "sentences.csv").read_text(encoding="utf-8")
    assert "Internal" not in sentences and "Regarding my card" not in sentences


def test_freshdesk_mapping_skips_incoming_and_private(tiny_model_dir, tmp_path):
    export = write_csv(tmp_path / "freshdesk.csv", [
        {"id": "1", "ticket_id": "3", "user_id": "11", "incoming": "true", "private": "false", "body_text": "Sorry?"},
        {"id": "2", "ticket_id": "3", "user_id": "12", "incoming": "false", "private": "true", "body_text": "Maybe."},
        {"id": "3", "ticket_id": "3", "user_id": "12", "incoming": "false", "private": "false", "body_text": "Regarding it."},
    ])
    result = report_cli(str(export), "--format", "freshdesk", "--out", str(tmp_path / "out"), "--model", str(tiny_model_dir))
    assert result.exit_code == 0, result.output
    report = read_report(tmp_path / "out")
    assert report["totals"] == {"empathetic": 0, "defensive": 0, "weak-hedged": 0, "officialese": 1}
    assert report["summary"]["skipped"] == {"customer message": 1, "private note": 1}
    assert list(report["by_agent"]) == ["12"]


def test_column_options_override_the_mapping(tiny_model_dir, tmp_path):
    export = write_csv(tmp_path / "own.csv", [{"svar": "Sorry.", "handläggare": "Eva"}])
    result = report_cli(str(export), "--text-column", "svar", "--agent-column", "handläggare", "--out", str(tmp_path / "out"),
                        "--model", str(tiny_model_dir))
    assert result.exit_code == 0, result.output
    report = read_report(tmp_path / "out")
    assert report["totals"]["empathetic"] == 1 and list(report["by_agent"]) == ["Eva"]


def test_pseudonymise_hides_agent_names(tiny_model_dir, tmp_path):
    rows = REPLIES + [dict(REPLIES[0], id="r5", text="Men Anna Berg kanske ringer.")]
    export = write_csv(tmp_path / "replies.csv", rows)
    out = tmp_path / "out"
    assert report_cli(str(export), "--pseudonymise", "--out", str(out), "--model", str(tiny_model_dir)).exit_code == 0
    report = read_report(out)
    assert sorted(report["by_agent"]) == ["Agent 01", "Agent 02"]
    assert "Men Agent 01 kanske ringer." in {r["text"] for r in report["top_flagged"]}
    for name in ("report.json", "report.html", "by_agent.csv", "top_flagged.csv"):
        text = (out / name).read_text(encoding="utf-8")
        assert "Anna Berg" not in text and "Tom Smith" not in text, name


def test_html_is_self_contained(tiny_model_dir, tmp_path):
    export = write_csv(tmp_path / "replies.csv", REPLIES)
    assert report_cli(str(export), "--out", str(tmp_path / "out"), "--model", str(tiny_model_dir)).exit_code == 0
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and page.count("<svg") >= 6
    assert not re.search(r"https?:|//[a-z]|\bsrc=|<link|<script|url\(|@import", page, re.IGNORECASE)
    assert "Regarding the card." in page


def test_macros_sorted_worst_first(tiny_model_dir, tmp_path):
    macros = write_csv(tmp_path / "macros.csv", [
        {"title": "good", "text": "Hej,\nJag förstår. Vi skickar ett nytt kort i dag."},
        {"title": "worst", "text": "Men ärendet är stängt. Kanske i morgon."},
        {"title": "bad", "text": "Hej,\nÄrendet är stängt. Vi skickar ett nytt kort i dag."},
    ])
    zendesk = write_jsonl(tmp_path / "macros.jsonl", [
        {"id": 9, "title": "zendesk", "actions": [{"field": "status", "value": "solved"},
                                                   {"field": "comment_value", "value": "Maybe regarding it."}]}])
    result = report_cli("--macros", str(macros), "--out", str(tmp_path / "out"), "--model", str(tiny_model_dir))
    assert result.exit_code == 0, result.output
    report = read_report(tmp_path / "out")
    assert [m["title"] for m in report["macros"]] == ["worst", "bad", "good"]
    assert report["macros"][0]["flagged"][0] == {"text": "Men ärendet är stängt.", "labels": ["defensive", "officialese"]}
    assert "Macros, worst first" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "macros.csv").is_file()
    result = report_cli("--macros", str(zendesk), "--out", str(tmp_path / "z"), "--model", str(tiny_model_dir))
    assert read_report(tmp_path / "z")["macros"][0]["problems"] == 2


def test_report_needs_an_export_or_macros(tmp_path):
    result = report_cli("--out", str(tmp_path / "out"))
    assert result.exit_code != 0 and "EXPORT" in result.output


def test_example_export_in_the_repository_reports(tiny_model_dir, tmp_path):
    example = Path(__file__).resolve().parents[2] / "examples" / "team-report"
    result = report_cli(str(example / "replies.csv"), "--macros", str(example / "macros.csv"), "--out", str(tmp_path / "out"),
                        "--model", str(tiny_model_dir))
    assert result.exit_code == 0, result.output
    assert "replies.csv:58: no reply text" in result.output  # the example's one broken row, on purpose
    report = read_report(tmp_path / "out")
    assert report["summary"]["skipped"] == {"internal note": 2, "bad row: no reply text": 1}
    assert len(report["by_agent"]) == 6 and len(report["macros"]) == 4


def test_spark_job_without_the_cluster_extra_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if not installed: `import pyspark` fails
    result = CliRunner().invoke(main, ["spark-job", str(tmp_path / "in.csv"), str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "pip install -e '.[cluster]'" in result.output


@pytest.mark.parametrize("sentence, expected", [
    ("Hej Anna,", True), ("Hi Tom!", True), ("God morgon Lisa!", True), ("Kære Søren,", True),
    ("Hej, jag förstår att det här har varit jobbigt för dig.", False), ("Tack för ditt mejl.", False),
    ("Hejdå och ha en fin dag", False),
])
def test_greeting_lines(sentence, expected):
    assert features.is_greeting(sentence) is expected


@pytest.mark.parametrize("sentence, lang, we, i", [
    ("Vi skickar ett nytt kort i dag.", "sv", True, False),  # "i" is "in", not "I"
    ("Jag skickar det i morgon.", "sv", False, True),
    ("Eg sender det i dag.", "nn", False, True),
    ("Jeg sender det, og vi ringer.", "da", True, True),
    ("I'll send it today, we promise.", "en", True, True),
    ("Send it in the morning, e.g. at nine.", "en", False, False),
])
def test_we_and_i_voice(sentence, lang, we, i):
    assert (features.uses_we(sentence, lang), features.uses_i(sentence, lang)) == (we, i)


@pytest.mark.parametrize("sentence, lang, expected", [
    ("Men det framgår av villkoren.", "sv", True), ("– Men vi kan inte.", "sv", True),
    ("Meningen är tydlig.", "sv", False), ("But you should have.", "en", True), ("Butter is fine.", "en", False),
    ("Det går, men inte i dag.", "sv", False),
])
def test_men_but_openers(sentence, lang, expected):
    assert features.opens_with_but(sentence, lang) is expected


def test_weak_words_come_from_the_cue_lists():
    assert "kanske" in features.weak_words("Det kanske går i morgon.", "sv")
    assert "hopefully" in features.weak_words("Hopefully it works.", "other")  # unknown language: every list
    assert features.weak_words("Jag skickar det i dag.", "sv") == []
