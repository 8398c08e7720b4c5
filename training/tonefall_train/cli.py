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
