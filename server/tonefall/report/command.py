"""`tonefall report EXPORT... --out DIR` and `tonefall report --macros FILE --out DIR` (thin)."""

import contextlib
from pathlib import Path

import click

from tonefall.labels import LABELS


@click.command()
@click.argument("exports", nargs=-1, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Directory for report.html, report.json, the CSV tables and the resumable cache")
@click.option("--format", "preset", type=click.Choice(["generic", "zendesk", "freshdesk"]), default="generic",
              show_default=True, help="Column mapping of the export (README: For team leads)")
@click.option("--macros", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="Canned responses (title, text; or a Zendesk macros export): scored, worst first")
@click.option("--pseudonymise", is_flag=True, help="Agents as 'Agent 01', 'Agent 02' ... (also in the sentences shown)")
@click.option("--sentences", "write_sentences", is_flag=True, help="Also write DIR/sentences.csv: every sentence with its labels")
@click.option("--text-column", default=None, help="Column of the reply text [preset's]")
@click.option("--id-column", default=None, help="Column of the reply (comment) id")
@click.option("--agent-column", default=None)
@click.option("--team-column", default=None)
@click.option("--channel-column", default=None)
@click.option("--created-at-column", default=None)
@click.option("--ticket-column", default=None)
@click.option("--language-column", default=None, help="sv/nb/nn/da/en or a locale; detected when empty")
@click.option("--model", "model", type=click.Path(path_type=Path), default=None, help="Model directory [the shipped one]")
@click.option("--batch", type=int, default=None, help="Sentences per scoring batch [256, setting report_batch]")
def report(exports, out, preset, macros, pseudonymise, write_sentences, model, batch, **columns) -> None:
    """Score a helpdesk's sent replies (CSV or JSON Lines) and write a team coaching report."""
    from tonefall.classifier import ToneClassifier
    from tonefall.errors import TonefallError
    from tonefall.report.mappings import PRESETS
    from tonefall.report.run import ReportJob, run
    from tonefall.settings import load_settings

    if not exports and not macros:
        raise TonefallError("give at least one EXPORT file, or --macros FILE")
    settings = load_settings(model=model, report_batch=batch)
    overrides = {name.removesuffix("_column"): value for name, value in columns.items()}
    job = ReportJob(exports=list(exports), out=out, mapping=PRESETS[preset].with_columns(**overrides),
                    classifier=ToneClassifier.load(settings.model, settings.threads, cache_size=0),
                    batch_sentences=settings.report_batch, macros=macros, pseudonymise=pseudonymise,
                    write_sentences=write_sentences)
    try:
        result = run(job, _say, _progress)
    except KeyboardInterrupt:
        click.echo(f"\ninterrupted: the sentences scored so far are kept in {out / '.cache'}; "
                   "run the same command again to continue", err=True)
        raise click.Abort() from None
    _print_summary(result, out)


def _say(message: str) -> None:
    from tqdm import tqdm

    tqdm.write(message)  # above the progress bar, not through it


def _progress(total: int):
    from tqdm import tqdm

    return contextlib.closing(tqdm(total=total, unit=" rows", desc="scoring", dynamic_ncols=True))


def _print_summary(result: dict, out: Path) -> None:
    run_info = result["run"]
    for what, key in (("rows", "summary"), ("macros", "macros_summary")):
        summary = result.get(key)
        if summary and summary["rows_read"]:
            click.echo(f"{what} read {summary['rows_read']}, used {summary['rows_used']}, skipped "
                       f"{summary['rows_read'] - summary['rows_used']}")
            for reason, count in summary["skipped"].items():
                click.echo(f"  {count:>7}  {reason}")
    click.echo(f"{run_info['sentences']} sentences in {run_info['seconds']} s ({run_info['sentences_per_second']} sentences/s; "
               f"model ran on {run_info['scored']} distinct sentences, {run_info['from_cache']} came from the cache)")
    if "totals" in result:
        click.echo("totals: " + ", ".join(f"{label} {result['totals'][label]}" for label in LABELS))
    click.echo(f"wrote {out / 'report.html'} and {out / 'report.json'}")


def register(group: click.Group) -> None:
    group.add_command(report)
