"""Labelled sentences in: load JSON Lines / CSV files, validate every record, split by group.

Formats (see training/data/FORMAT.md):
- JSON Lines: one object a line with ``text``, ``labels`` (list), ``lang`` and optional
  ``group`` and ``domain``.
- CSV with a header: ``text``, ``labels`` (joined by ``;``), ``lang``, optional ``group``,
  ``domain``.

Loading is all or nothing: every error in every file is collected, and one ``DataError``
reports the first few (file:line) with the total count.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from tonefall.errors import DataError
from tonefall.labels import LABELS

SUFFIXES = (".jsonl", ".csv")
REQUIRED_FIELDS = ("text", "labels", "lang")
OPTIONAL_FIELDS = ("group", "domain")
# Whole replies are evaluation data, never training data: a directory walk skips them.
SKIPPED_DIRS = ("replies",)
LANG_CODE = re.compile(r"^[a-z]{2,3}$")
ERRORS_SHOWN = 5
# Rounds 5 and on were written as whole replies, pages and statements in their natural mix
# (mostly neutral); their families are numbered from here (group "<lang>-<domain>-<family>").
NATURAL_MIX_FAMILY_START = 1000


@dataclass(frozen=True)
class Example:
    """One labelled sentence; ``labels`` are in LABELS order, ``source`` is "file:line"."""

    text: str
    labels: tuple[str, ...]
    lang: str
    group: str
    domain: str
    source: str


class Splits(NamedTuple):
    train: list[Example]
    dev: list[Example]
    test: list[Example]


def normalise(text: str) -> str:
    """Casefolded text without punctuation or extra spaces: the key for duplicate detection."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def find_data_files(paths: Sequence[Path]) -> list[Path]:
    """Expand directories (recursively, skipping replies) into sorted *.jsonl / *.csv files."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = [p for p in sorted(path.rglob("*")) if p.suffix in SUFFIXES and p.is_file()]
            files += [p for p in found if not set(SKIPPED_DIRS) & set(p.relative_to(path).parts[:-1])]
        elif path.is_file():
            if path.suffix not in SUFFIXES:
                raise DataError(f"{path}: not a .jsonl or .csv file")
            files.append(path)
        else:
            raise DataError(f"{path}: no such file or directory")
    if not files:
        raise DataError(f"no .jsonl or .csv files in {', '.join(map(str, paths))}")
    return files


def load_examples(paths: Sequence[Path]) -> list[Example]:
    """Load and validate every example in ``paths``; raise DataError listing file:line problems."""
    examples: list[Example] = []
    errors: list[str] = []
    for path in find_data_files(paths):
        for source, record in _read_records(path, errors):
            example = _to_example(record, source, errors)
            if example is not None:
                examples.append(example)
    if errors:
        raise DataError(f"{len(errors)} error(s) in labelled data, nothing loaded:{listed(errors)}")
    if not examples:
        raise DataError(f"no examples in {', '.join(map(str, paths))}")
    return examples


def listed(errors: list[str]) -> str:
    """The first few errors, one an indented line, and how many more there are."""
    more = f"\n  ... and {len(errors) - ERRORS_SHOWN} more" if len(errors) > ERRORS_SHOWN else ""
    return "".join(f"\n  {error}" for error in errors[:ERRORS_SHOWN]) + more


def _read_records(path: Path, errors: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ("file:line", raw record) pairs; append parse errors instead of raising."""
    data = path.read_bytes()
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        lineno = data[: exc.start].count(b"\n") + 1
        errors.append(f"{path}:{lineno}: not UTF-8 text")
        return
    if path.suffix == ".csv":
        yield from _read_csv(path, content, errors)
    else:
        yield from _read_jsonl(path, content, errors)


def _read_jsonl(path: Path, content: str, errors: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    for lineno, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{path}:{lineno}: bad JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            errors.append(f"{path}:{lineno}: expected a JSON object, got {type(record).__name__}")
            continue
        yield f"{path}:{lineno}", record


def _read_csv(path: Path, content: str, errors: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(content, newline=""))
    header = reader.fieldnames or []
    missing = [name for name in REQUIRED_FIELDS if name not in header]
    unknown = [name for name in header if name not in REQUIRED_FIELDS + OPTIONAL_FIELDS]
    if missing or unknown or len(set(header)) != len(header):
        errors.append(
            f"{path}:1: bad CSV header {header}: needs {', '.join(REQUIRED_FIELDS)}"
            f" (optional {', '.join(OPTIONAL_FIELDS)})"
        )
        return
    for row in reader:
        where = f"{path}:{reader.line_num}"
        if None in row or None in row.values():
            errors.append(f"{where}: expected {len(header)} columns")
            continue
        if not any(value.strip() for value in row.values()):
            continue
        labels = [label.strip() for label in row["labels"].split(";") if label.strip()]
        yield where, {**row, "labels": labels}


def _to_example(record: dict[str, Any], source: str, errors: list[str]) -> Example | None:
    problem = _record_problem(record)
    if problem:
        errors.append(f"{source}: {problem}")
        return None
    text = record["text"].strip()
    return Example(
        text=text,
        labels=tuple(label for label in LABELS if label in record["labels"]),
        lang=record["lang"],
        # No group: identical texts share one so the split never puts copies on both sides.
        group=record.get("group") or f"text:{normalise(text)}",
        domain=record.get("domain") or "",
        source=source,
    )


def _record_problem(record: dict[str, Any]) -> str | None:
    """Return what is wrong with one raw record, or None."""
    missing = [name for name in REQUIRED_FIELDS if name not in record]
    if missing:
        return f"missing field(s) {', '.join(missing)}"
    unknown = [name for name in record if name not in REQUIRED_FIELDS + OPTIONAL_FIELDS]
    if unknown:
        return f"unknown field(s) {', '.join(unknown)}"
    for name in ("text", "lang") + OPTIONAL_FIELDS:
        if name in record and not isinstance(record[name], str):
            return f"field '{name}' must be a string, got {type(record[name]).__name__}"
    labels = record["labels"]
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        return f"field 'labels' must be a list of strings, got {labels!r}"
    unknown_labels = [label for label in labels if label not in LABELS]
    if unknown_labels:
        return f"unknown label(s) {unknown_labels}; valid: {', '.join(LABELS)}"
    if len(set(labels)) != len(labels):
        return f"repeated label in {labels}"
    if not record["text"].strip():
        return "empty text"
    if not LANG_CODE.match(record["lang"]):
        return f"field 'lang' must be a language code like 'sv', got {record['lang']!r}"
    return None


def is_natural_mix(example: Example) -> bool:
    """Whether the sentence comes from a round written in whole replies (see FORMAT.md)."""
    family = example.group.rsplit("-", 1)[-1]
    return family.isdigit() and int(family) >= NATURAL_MIX_FAMILY_START


def label_matrix(examples: Sequence[Example]) -> np.ndarray:
    """n x len(LABELS) 0/1 matrix (float32) in LABELS order."""
    matrix = np.zeros((len(examples), len(LABELS)), dtype=np.float32)
    for row, example in enumerate(examples):
        for label in example.labels:
            matrix[row, LABELS.index(label)] = 1.0
    return matrix


def split_examples(examples: Sequence[Example], seed: int = 13, dev: float = 0.1, test: float = 0.1) -> Splits:
    """Seeded train/dev/test split: each group on one side, each language split in proportion.

    Groups that share a sentence (same normalised text) are merged first so copies never
    straddle the split. Groups are shuffled per language (a group belongs to the language most
    of its sentences use) and dealt to test, then dev, until each reaches its share of that
    language's sentences; the rest is train. Large groups make the shares approximate.
    """
    if dev < 0 or test < 0 or dev + test >= 1:
        raise ValueError(f"dev ({dev}) and test ({test}) shares must be >= 0 and sum to < 1")
    merged = _merge_groups_sharing_text(examples)
    by_group: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_group[merged[example.group]].append(example)
    groups_by_lang: dict[str, list[str]] = defaultdict(list)
    for group, members in sorted(by_group.items()):
        langs = [member.lang for member in members]
        groups_by_lang[max(sorted(set(langs)), key=langs.count)].append(group)
    rng = random.Random(seed)
    parts: dict[str, list[Example]] = {"train": [], "dev": [], "test": []}
    for lang in sorted(groups_by_lang):
        groups = groups_by_lang[lang]
        rng.shuffle(groups)
        total = sum(len(by_group[g]) for g in groups)
        targets = {"test": round(test * total), "dev": round(dev * total)}
        taken = {"test": 0, "dev": 0}
        for group in groups:
            side = next((s for s in ("test", "dev") if taken[s] < targets[s]), "train")
            taken[side] = taken.get(side, 0) + len(by_group[group])
            parts[side] += by_group[group]
    order = {id(example): i for i, example in enumerate(examples)}
    return Splits(*(sorted(parts[s], key=lambda e: order[id(e)]) for s in ("train", "dev", "test")))


def _merge_groups_sharing_text(examples: Sequence[Example]) -> dict[str, str]:
    """Map each group to a representative group; groups with a common normalised text merge."""
    parent: dict[str, str] = {}

    def root(group: str) -> str:
        while parent.setdefault(group, group) != group:
            parent[group] = parent[parent[group]]
            group = parent[group]
        return group

    first_group_of_text: dict[str, str] = {}
    for example in examples:
        other = first_group_of_text.setdefault(normalise(example.text), example.group)
        a, b = sorted((root(example.group), root(other)))
        parent[b] = a
    return {example.group: root(example.group) for example in examples}


def data_sha256(paths: Sequence[Path]) -> str:
    """Hash of the data files' contents (sorted by path), so a model names the exact data it saw."""
    digest = hashlib.sha256()
    for path in sorted(find_data_files(paths)):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


SPLIT_FORMAT = 2


def save_split(splits: Splits, path: Path, settings: dict[str, Any], data: Sequence[Path] = ()) -> Path:
    """Write the split for evaluation to reuse.

    With ``data`` (the paths training read) only the dev and test groups are written (format 2,
    some kB): the sentences are read back from the corpus, so a shipped model directory does not
    carry a second copy of it. A group added to the corpus later is in neither list and counts as
    train; a label fixed later is read as fixed. Without ``data`` every example is written whole.
    """
    if data:
        payload = {"format": SPLIT_FORMAT, "settings": settings, "data": [str(p) for p in data],
                   "data_sha256": data_sha256(data),
                   **{f"{name}_groups": sorted({e.group for e in getattr(splits, name)}) for name in ("dev", "test")}}
    else:
        payload = {"settings": settings, **{name: [asdict(e) for e in part] for name, part in splits._asdict().items()}}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return path


def load_split(path: Path) -> Splits:
    """Read a split written by save_split (e.g. ``<model_dir>/split.json``)."""
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
        if payload.get("format") == SPLIT_FORMAT:
            return _split_from_groups(payload, Path(path))
        return Splits(*([Example(**{**r, "labels": tuple(r["labels"])}) for r in payload[name]]
                        for name in Splits._fields))
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise DataError(f"{path}: not a split file written by tonefall train ({exc})") from exc


def _split_from_groups(payload: dict, path: Path) -> Splits:
    data = [_find_data_path(Path(p), path) for p in payload["data"]]
    dev, test = set(payload["dev_groups"]), set(payload["test_groups"])
    parts: dict[str, list[Example]] = {"train": [], "dev": [], "test": []}
    for example in load_examples(data):
        parts["test" if example.group in test else "dev" if example.group in dev else "train"].append(example)
    return Splits(**parts)


def _find_data_path(recorded: Path, split_file: Path) -> Path:
    """A recorded data path as given (from the working directory), else from a folder above the split
    file (training runs from the repository root; the model lives in <root>/models/NAME/)."""
    if recorded.is_absolute() or recorded.exists():
        return recorded
    for folder in Path(split_file).resolve().parents:
        if (folder / recorded).exists():
            return folder / recorded
    raise DataError(f"{split_file}: its data {recorded} is not found from here or from a folder above it")
