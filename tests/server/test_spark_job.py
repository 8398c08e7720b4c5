"""The Spark job (the `cluster` extra) gives exactly the labels `tonefall report` gives.

Starts Spark in local mode (local[2], about a minute on two cores); marker `cluster`.
"""

import csv
import json
from collections import Counter

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("pyspark")

from click.testing import CliRunner
from test_report import REPLIES, ZENDESK_COMMENTS, write_csv, write_jsonl
from tonefall.cli import main
from tonefall.cluster import partition
from tonefall.cluster.partition import PartitionJob, score_frames


@pytest.fixture(scope="module")
def spark():
    from tonefall.cluster.spark_job import spark_session

    session = spark_session("local[2]")
    session.conf.set("spark.sql.shuffle.partitions", "2")
    yield session
    session.stop()


def report_sentences(tmp_path, export, tiny_model_dir, *options) -> tuple[list, dict]:
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["report", str(export), "--out", str(out), "--model", str(tiny_model_dir),
                                       "--sentences", *options])
    assert result.exit_code == 0, result.output
    with (out / "sentences.csv").open(encoding="utf-8") as lines:
        rows = sorted((r["reply_id"], int(r["index"]), r["text"], r["labels"]) for r in csv.DictReader(lines))
    return rows, json.loads((out / "report.json").read_text(encoding="utf-8"))["summary"]["skipped"]


def spark_sentences(spark, tmp_path, export, tiny_model_dir, preset="generic") -> tuple[list, dict]:
    from tonefall.cluster.spark_job import run_job

    target = tmp_path / "labels"
    run_job(spark, str(export), str(target), PartitionJob(model_dir=str(tiny_model_dir), preset=preset, batch_sentences=8))
    sentences = pd.read_parquet(target / "kind=sentence")
    skipped = pd.read_parquet(target / "kind=skipped")
    rows = sorted((r.reply_id, int(r.index), r.text, ";".join(r.labels)) for r in sentences.itertuples())
    return rows, dict(Counter(skipped["reason"]))


@pytest.mark.cluster
def test_spark_labels_equal_report_on_csv(spark, tiny_model_dir, tmp_path):
    rows = REPLIES + [dict(REPLIES[2], id="r9", text='He said "maybe", but\nregarding "it", sorry.'),
                      dict(REPLIES[0], id="r10", text="")]
    export = write_csv(tmp_path / "replies.csv", rows)
    with export.open("a", encoding="utf-8") as out:
        out.write("r11,too,many,fields,here,and,more,still\n")
    expected, expected_skipped = report_sentences(tmp_path, export, tiny_model_dir)
    got, skipped = spark_sentences(spark, tmp_path, export, tiny_model_dir)
    assert got == expected and len(got) > 10
    assert skipped == expected_skipped == {"bad row: no reply text": 1, "bad row: wrong number of fields": 1}


@pytest.mark.cluster
def test_spark_labels_equal_report_on_zendesk_jsonl(spark, tiny_model_dir, tmp_path):
    export = write_jsonl(tmp_path / "zendesk.jsonl", ZENDESK_COMMENTS + ["{not json"])
    expected, expected_skipped = report_sentences(tmp_path, export, tiny_model_dir, "--format", "zendesk")
    got, skipped = spark_sentences(spark, tmp_path, export, tiny_model_dir, "zendesk")
    assert got == expected and got
    assert skipped["customer message"] == expected_skipped["customer message"] == 2
    assert skipped["internal note"] == expected_skipped["internal note"] == 1
    assert skipped["bad row: not valid JSON"] == expected_skipped["bad row: not valid JSON"] == 1


def test_model_loaded_once_per_worker_for_all_partitions(tiny_model_dir, monkeypatch):
    partition.worker_classifier.cache_clear()
    loads = []
    real_load = partition.ToneClassifier.load
    monkeypatch.setattr(partition.ToneClassifier, "load", lambda *args: loads.append(args) or real_load(*args))
    job = PartitionJob(model_dir=str(tiny_model_dir))
    for _ in range(3):  # three partitions run by one worker process
        frames = [pd.DataFrame({"id": ["a", "b"], "text": ["Sorry.", "Maybe, regarding it."]})] * 2
        out = pd.concat(score_frames(iter(frames), job))
        assert out["labels"].map(";".join).tolist() == ["empathetic", "weak-hedged;officialese"] * 2
    assert len(loads) == 1
    partition.worker_classifier.cache_clear()
