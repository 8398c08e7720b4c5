"""Team report speed, printed (never asserted): `tonefall report` and the Spark job in local mode.

    .venv/bin/python server/benchmarks/bench_report.py [--model DIR] [--replies 600] [--spark-cores 2]

Prints sentences per second for each on one synthetic export (every body sentence new, so
nothing comes from a cache; greetings and sign-offs repeat, as in real replies), and the
projected time for 10 million sentences at N cores. The projection assumes the per-core rate
measured here and linear scaling across executors (Spark's start-up, input reading and
Parquet writing at scale are not in it). The Spark part needs the `cluster` extra.
"""

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from tonefall.classifier import ToneClassifier
from tonefall.report.mappings import GENERIC
from tonefall.report.run import NoProgress, ReportJob, run
from tonefall.settings import default_model_dir

TARGET_SENTENCES = 10_000_000
PROJECTED_CORES = (1, 8, 32, 128)
QUIET_SPARK = {"spark.ui.showConsoleProgress": "false", "spark.ui.enabled": "false"}
GREETINGS = ["Hej Anna,", "Hei Kari,", "Hej Søren,", "Hi Tom,"]
BODIES = [
    "Jag förstår verkligen att det här har varit frustrerande för dig, ärende {n}.",
    "Ärendet har överlämnats till berörd avdelning för vidare handläggning ({n}).",
    "Men det framgick tydligt av beställningen {n} att sängbotten inte ingick.",
    "Jeg skal prøve å finne en løsning på sak {n} i løpet av uken.",
    "Vi beklager ulejligheden med ordre {n} og sender en ny i dag.",
    "I have refunded order {n} today and you will see it within two days.",
]
SIGN_OFFS = ["Med vänliga hälsningar", "Med vennlig hilsen", "Venlig hilsen", "Best regards,"]


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def write_export(path: Path, replies: int) -> int:
    """A CSV of ``replies`` replies; returns the number of own sentences in it."""
    rng, sentences = random.Random(14), 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "agent", "team", "created_at", "text"])
        for n in range(replies):
            body = [rng.choice(BODIES).format(n=f"{n}-{k}") for k in range(rng.randint(2, 5))]
            writer.writerow([f"r{n}", f"agent {n % 12}", f"team {n % 3}", f"2026-01-{1 + n % 28:02d}T10:00:00Z",
                             "\n".join([rng.choice(GREETINGS), " ".join(body), rng.choice(SIGN_OFFS)])])
            sentences += len(body) + 2
    return sentences


def bench_report(export: Path, model: Path, work: Path) -> float:
    classifier = ToneClassifier.load(model, threads=min(2, cores()), cache_size=0)
    started = time.perf_counter()
    result = run(ReportJob([export], work / "report", GENERIC, classifier), lambda message: None, NoProgress)
    seconds = time.perf_counter() - started
    rate = result["run"]["sentences"] / seconds
    print(f"tonefall report: {result['run']['sentences']} sentences ({result['run']['scored']} distinct) in {seconds:.1f} s "
          f"= {rate:.0f} sentences/s on {min(2, cores())} ONNX Runtime thread(s), report files included")
    return rate


def bench_spark(export: Path, model: Path, work: Path, spark_cores: int, sentences: int) -> float | None:
    try:
        from tonefall.cluster.partition import PartitionJob
        from tonefall.cluster.spark_job import run_job, spark_session
    except ImportError as exc:
        print(f"Spark job: skipped, the cluster extra is not installed ({exc})")
        return None
    started = time.perf_counter()
    spark = spark_session(f"local[{spark_cores}]", QUIET_SPARK)
    spark.sparkContext.setLogLevel("ERROR")
    startup = time.perf_counter() - started
    job = PartitionJob(model_dir=str(model))
    try:
        warm = work / "warm.csv"
        write_export(warm, 4)
        run_job(spark, str(warm), str(work / "warm-labels"), job)  # JIT, worker start, model load
        # Several input partitions, so every local core has work (a cluster splits big files itself).
        spark.conf.set("spark.sql.files.maxPartitionBytes", str(max(64 * 1024, export.stat().st_size // (2 * spark_cores))))
        started = time.perf_counter()
        run_job(spark, str(export), str(work / "labels"), job)
        seconds = time.perf_counter() - started
    finally:
        spark.stop()
    rate = sentences / seconds
    print(f"Spark job, local[{spark_cores}] on {cores()} core(s): {sentences} sentences in {seconds:.1f} s = {rate:.0f} "
          f"sentences/s (session start-up {startup:.1f} s not included; Parquet written)")
    return rate


def project(name: str, rate_per_core: float, core_counts: tuple[int, ...]) -> None:
    times = ", ".join(f"{n} cores {_duration(TARGET_SENTENCES / (rate_per_core * n))}" for n in core_counts)
    print(f"  {name}: {rate_per_core:.0f} sentences/s per core -> 10 million sentences: {times}")


def _duration(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=default_model_dir())
    parser.add_argument("--replies", type=int, default=600)
    parser.add_argument("--spark-cores", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        export = work / "replies.csv"
        sentences = write_export(export, args.replies)
        print(f"export: {args.replies} replies, {sentences} sentences; model {args.model.name}; {cores()} core(s) available")
        report_rate = bench_report(export, args.model, work)
        spark_rate = bench_spark(export, args.model, work, args.spark_cores, sentences)
    print("projection (measured rate per core x cores, linear):")
    # The report is one process with at most 2 ONNX Runtime threads: more cores do not help it.
    project("tonefall report (one machine)", report_rate / min(2, cores()), (1, 2))
    if spark_rate:
        project("Spark job (one task, one ONNX thread per core)", spark_rate / min(args.spark_cores, cores()), PROJECTED_CORES)


if __name__ == "__main__":
    sys.exit(main())
