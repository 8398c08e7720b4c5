"""Scoring past one machine, on an existing Apache Spark cluster (the `cluster` extra).

- ``partition``: plain functions from pandas frames of export rows to per-sentence labels,
  through the same mapping and scoring as ``tonefall report`` (no Spark import).
- ``spark_job``: the Spark glue (read CSV / JSON Lines / Parquet, ``mapInPandas``, write Parquet)
  and its command, ``tonefall spark-job`` or ``spark-submit server/tonefall/cluster/spark_job.py``.
"""
