"""Score an export on Apache Spark: one row per sentence with its labels, written as Parquet.

    spark-submit server/tonefall/cluster/spark_job.py s3a://bucket/replies/ s3a://bucket/labels/ --format zendesk
    tonefall spark-job replies.csv labels/ --master 'local[2]'          # the same, on this machine

The output directory has ``kind=sentence/`` (reply_id, ticket, agent, team, channel, week, lang,
index, text, labels) and ``kind=skipped/`` (reply_id, reason). Thin glue: the work is in
``tonefall.cluster.partition``; the command's options are in ``tonefall.cluster.command``.
"""

import os
import sys
from dataclasses import replace

from tonefall.cluster.partition import CORRUPT_COLUMN, OUTPUT_SCHEMA, PartitionJob, score_frames


def input_format(path: str, given: str | None) -> str:
    if given:
        return given
    name = path.lower().rstrip("/").removesuffix(".gz")
    for suffix, fmt in ((".csv", "csv"), (".jsonl", "json"), (".ndjson", "json"), (".json", "json")):
        if name.endswith(suffix):
            return fmt
    return "parquet"  # a directory of Parquet files, as Spark and warehouses write them


def read_export(spark, path: str, fmt: str):
    """The export as a DataFrame; unparseable lines land in ``_corrupt_record`` (never dropped)."""
    if fmt == "parquet":
        return spark.read.parquet(path)
    if fmt == "json":
        return spark.read.option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT_COLUMN).json(path)
    from pyspark.sql.types import StringType, StructField, StructType

    # Python's csv rules (doubled quotes, fields over several lines), every column as text;
    # the header is read first so the corrupt-record column can be added to the schema.
    options = {"header": "true", "multiLine": "true", "escape": '"', "mode": "PERMISSIVE",
               "columnNameOfCorruptRecord": CORRUPT_COLUMN, "encoding": "UTF-8"}
    header = spark.read.options(**options).csv(path).schema
    schema = StructType([StructField(f.name, StringType()) for f in header.fields if f.name != CORRUPT_COLUMN]
                        + [StructField(CORRUPT_COLUMN, StringType())])
    return spark.read.options(**options).schema(schema).csv(path)


CORRUPT_REASONS = {"json": "not valid JSON", "csv": "wrong number of fields"}  # as tonefall report names them


def run_job(spark, source: str, target: str, job: PartitionJob, fmt: str | None = None) -> None:
    fmt = input_format(source, fmt)
    frame = read_export(spark, source, fmt)
    job = replace(job, corrupt_reason=CORRUPT_REASONS.get(fmt, job.corrupt_reason))
    if CORRUPT_COLUMN in frame.columns:
        frame = frame.cache()  # Spark refuses queries on the corrupt column of an uncached raw read
    scored = frame.mapInPandas(lambda frames: score_frames(frames, job), schema=OUTPUT_SCHEMA)
    scored.write.mode("overwrite").partitionBy("kind").parquet(target)


def spark_session(master: str | None, conf: dict[str, str] | None = None):
    from pyspark.sql import SparkSession

    # Local mode: the workers run this very interpreter (with tonefall installed), not `python3`.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("tonefall-score")
    if master:
        builder = builder.master(master)
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


if __name__ == "__main__":  # spark-submit runs this file
    from tonefall.cluster.command import spark_job

    spark_job()
