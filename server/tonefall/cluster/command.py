"""`tonefall spark-job SOURCE TARGET`: the Spark scoring job's options (thin; no Spark or pandas
import until it runs, so the run-time CLI never needs them)."""

from pathlib import Path

import click

INPUT_FORMATS = ("csv", "json", "parquet")


@click.command("spark-job")
@click.argument("source")
@click.argument("target")
@click.option("--format", "preset", type=click.Choice(["generic", "zendesk", "freshdesk"]), default="generic",
              show_default=True, help="Column mapping, as in `tonefall report`")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default=None,
              help="csv, json (JSON Lines) or parquet [from the name; a directory is Parquet]")
@click.option("--text-column", default=None)
@click.option("--id-column", default=None)
@click.option("--agent-column", default=None)
@click.option("--team-column", default=None)
@click.option("--model", default=None, help="Model directory as the executors see it [the shipped one]")
@click.option("--master", default=None, help="Spark master, e.g. 'local[2]' [from spark-submit]")
@click.option("--batch", type=int, default=256, show_default=True, help="Sentences per inference batch")
def spark_job(source, target, preset, input_format, model, master, batch, **columns) -> None:
    """Score SOURCE (CSV, JSON Lines or Parquet; local, hdfs://, s3a://) on Spark; write labels to TARGET."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise click.ClickException("`tonefall spark-job` needs the cluster extra: pip install -e '.[cluster]'") from exc
    from tonefall.cluster.partition import PartitionJob
    from tonefall.cluster.spark_job import run_job, spark_session
    from tonefall.settings import default_model_dir

    overrides = {name.removesuffix("_column"): value for name, value in columns.items() if value}
    job = PartitionJob(model_dir=str(Path(model) if model else default_model_dir()), preset=preset, columns=overrides,
                       batch_sentences=batch)
    spark = spark_session(master)
    try:
        run_job(spark, source, target, job, input_format)
    finally:
        spark.stop()
    click.echo(f"wrote {target} (kind=sentence: labels per sentence; kind=skipped: rows left out, with the reason)")


def register(group: click.Group) -> None:
    group.add_command(spark_job)
