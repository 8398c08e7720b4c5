"""Run-time subcommands: ``serve``, ``check``, ``token``, ``feedback export``.

Thin: each parses its options, calls plain functions and prints. Heavy imports (FastAPI,
ONNX Runtime, uvicorn) happen inside the commands so ``tonefall --help`` stays instant.
"""

import json
import logging
import sys
from pathlib import Path

import click

from tonefall.labels import LABELS

LABEL_COLOURS = {"empathetic": "green", "defensive": "red", "weak-hedged": "yellow", "officialese": "magenta"}

model_option = click.option("--model", "model", type=click.Path(path_type=Path), default=None,
                            help="Model directory (default: the shipped model, or TONEFALL_MODEL / config.toml)")


@click.command()
@click.option("--host", default=None, help="Address to listen on [127.0.0.1]")
@click.option("--port", type=int, default=None, help="Port [7373]")
@model_option
@click.option("--watch/--no-watch", "watch_model", default=None, help="Reload when the model directory changes")
@click.option("--allow-failed-gate", is_flag=True, default=None,
              help="Serve a model training marked as failing its int8 agreement check (refused by default)")
@click.option("--log-level", default=None, type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(host, port, model, watch_model, allow_failed_gate, log_level) -> None:
    """Start the localhost service (loopback only by default)."""
    from tonefall.settings import load_settings

    settings = load_settings(host=host, port=port, model=model, watch_model=watch_model,
                             allow_failed_gate=allow_failed_gate, log_level=log_level)
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from tonefall.http_server import run
    from tonefall.service import build_app

    run(build_app(settings), settings)


@click.command()
@click.argument("text", required=False)
@model_option
@click.option("--lang", type=click.Choice(["sv", "nb", "nn", "da", "en"]), default=None, help="Skip detection")
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON (Python string offsets)")
def check(text, model, lang, as_json) -> None:
    """Label each sentence of TEXT (or standard input), coloured, without a running service."""
    from tonefall.analysis import analyze
    from tonefall.classifier import ToneClassifier
    from tonefall.settings import load_settings

    if text is None or text == "-":
        text = sys.stdin.read()
    settings = load_settings(model=model)
    result = analyze(text, ToneClassifier.load(settings.model, settings.threads), lang, utf16=False)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(click.style(f"{result['model']} · {result['lang']}", dim=True))
    for sentence in result["sentences"]:
        click.echo(format_sentence(sentence))


def format_sentence(sentence: dict) -> str:
    """One terminal line: coloured label tags, then the sentence with its cue words underlined."""
    if sentence["quoted"]:
        return click.style(f"> {sentence['text']}", dim=True)
    tags = " ".join(click.style(f"[{label}]", fg=LABEL_COLOURS[label], bold=True) for label in sentence["labels"])
    text, base, pieces, position = sentence["text"], sentence["start"], [], 0
    for cue in sentence["cues"]:
        start, end = cue["start"] - base, cue["end"] - base
        pieces += [text[position:start], click.style(text[start:end], underline=True, bold=True)]
        position = end
    pieces.append(text[position:])
    return f"{tags} {''.join(pieces)}" if tags else "".join(pieces)


@click.command()
def token() -> None:
    """Print the access token (made on first use, kept 0600 in the config directory)."""
    from tonefall.security import load_or_create_token
    from tonefall.settings import load_settings

    settings = load_settings()
    click.echo(load_or_create_token(settings.token_file, settings.token))


@click.group()
def feedback() -> None:
    """Agents' corrections stored by the service."""


@feedback.command("export")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True, help="JSONL file to write")
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False), default=None, help="Feedback database")
def export(out, db) -> None:
    """Write the feedback in the training data format (training/data/FORMAT.md).

    A damaged database is exported as far as it can be read; the ids that could not be are
    listed and the exit status is 1.
    """
    from tonefall.errors import TonefallError
    from tonefall.feedback_export import export_jsonl
    from tonefall.settings import load_settings

    path = load_settings(db=db).db
    result = export_jsonl(path, out)
    click.echo(f"{out}: {result.written} sentences ({', '.join(LABELS)} labels as corrected by agents)")
    if result.unreadable:
        raise TonefallError(f"{path}: {len(result.unreadable)} stored items could not be read (damaged database "
                            f"pages; ids {result.unreadable_ranges()}); the {result.written} readable ones are in {out}")


def register(group: click.Group) -> None:
    for command in (serve, check, token, feedback):
        group.add_command(command)
