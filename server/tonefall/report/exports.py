"""Read helpdesk exports (CSV or JSON Lines, optionally gzipped) through a column mapping.

Each row becomes a :class:`Reply` or a :class:`Skipped` with the file, the line the row starts
on and the reason (a broken record comes from the readers as a (category, reason) pair). ``Skipped.bad`` separates broken rows (printed on the terminal) from rows a
mapping filters on purpose (customer messages, internal notes: counted in the summary).
"""

import csv
import gzip
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tonefall.errors import TonefallError
from tonefall.limits import InputTooLarge, check_text_size
from tonefall.report.mappings import Mapping
from tonefall.report.values import ValueProblem, parse_date, parse_language

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
CSV_SUFFIXES = (".csv", ".tsv")
# Replies are at most 20,000 characters (the /v1/analyze limit); a longer field is a broken row.
csv.field_size_limit(1_000_000)


@dataclass(frozen=True)
class Reply:
    """One public reply from an export, with the columns the report groups by."""

    source: str  # "file:line"
    id: str  # the mapping's id column, or the source
    text: str
    agent: str = ""
    team: str = ""
    channel: str = ""
    ticket: str = ""
    title: str = ""  # macros only
    day: date | None = None
    lang: str | None = None  # None: detected, as /v1/analyze does without "lang"


@dataclass(frozen=True)
class Skipped:
    file: str
    line: int
    reason: str
    bad: bool  # True: a broken row (printed); False: filtered by the mapping (customer, note)
    kind: str = ""  # the summary's category; the reason up to its details when empty

    @property
    def category(self) -> str:
        return self.kind or self.reason.split(" (")[0]

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


def read_export(path: Path, mapping: Mapping) -> Iterator[Reply | Skipped]:
    """Every row of one export file, in order."""
    path = Path(path)
    fmt = _format(path)
    with _open_binary(path) as raw:
        records = _jsonl_records(raw) if fmt == "jsonl" else _csv_records(raw, "\t" if ".tsv" in path.suffixes else ",")
        for line, record in records:
            if isinstance(record, tuple):
                yield Skipped(str(path), line, record[1], bad=True, kind=record[0])
            else:
                yield to_reply(record, mapping, str(path), line)


def to_reply(record: dict, mapping: Mapping, file: str, line: int) -> Reply | Skipped:
    """Apply the mapping to one record (a dict of column -> value)."""
    record = mapping.reshape(record)
    try:
        reason = mapping.skip_reason(record)
        if reason:
            return Skipped(file, line, reason, bad=False)
        text = mapping.value(record, "text")
        if not text.strip():
            return Skipped(file, line, f"no reply text (column {' or '.join(mapping.columns['text'])})", bad=True,
                           kind="no reply text")
        check_text_size(len(text), "reply")
        return Reply(source=f"{file}:{line}", id=mapping.value(record, "id") or f"{file}:{line}", text=text,
                     agent=mapping.value(record, "agent"), team=mapping.value(record, "team"),
                     channel=mapping.value(record, "channel"), ticket=mapping.value(record, "ticket"),
                     title=mapping.value(record, "title"),
                     day=parse_date(mapping.value(record, "created_at")),
                     lang=parse_language(mapping.value(record, "language")))
    except ValueProblem as exc:
        return Skipped(file, line, str(exc), bad=True, kind="unreadable value")
    except InputTooLarge as exc:
        return Skipped(file, line, str(exc), bad=True, kind="reply too long")


def _format(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    last = suffixes[-1] if suffixes else ""
    if last in JSONL_SUFFIXES:
        return "jsonl"
    if last in CSV_SUFFIXES:
        return "csv"
    raise TonefallError(f"{path}: unknown export format (name it .csv, .tsv, .jsonl or .ndjson, optionally .gz)")


def _open_binary(path: Path):
    try:
        return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")
    except OSError as exc:
        raise TonefallError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def _decoded_lines(raw: io.BufferedIOBase) -> Iterator[str]:
    """Lines as text; bytes that are not UTF-8 become lone surrogates, caught per row."""
    first = True
    for line in raw:
        text = line.decode("utf-8", errors="surrogateescape")
        if first and text.startswith("\ufeff"):
            text = text[1:]  # a byte order mark, as Excel writes
        first = False
        yield text


def _jsonl_records(raw: io.BufferedIOBase) -> Iterator[tuple[int, dict | tuple[str, str]]]:
    for number, line in enumerate(_decoded_lines(raw), start=1):
        if not line.strip():
            continue
        if _not_utf8(line):
            yield number, ("not UTF-8", "not UTF-8 text")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, ("not valid JSON", f"not valid JSON ({exc.msg}, column {exc.colno})")
            continue
        yield number, record if isinstance(record, dict) else ("not a JSON object", f"a JSON {type(record).__name__}, not an object")


def _csv_records(raw: io.BufferedIOBase, delimiter: str) -> Iterator[tuple[int, dict | tuple[str, str]]]:
    reader = csv.reader(_decoded_lines(raw), delimiter=delimiter)
    header = _header(reader)
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, ("CSV error", f"CSV: {exc}")
            continue
        if fields:
            yield start, _csv_record(header, fields)


def _header(reader: Iterable[list[str]]) -> list[str]:
    try:
        return [name.strip() for name in next(iter(reader))]
    except (StopIteration, csv.Error):
        return []


def _csv_record(header: list[str], fields: list[str]) -> dict | tuple[str, str]:
    if len(fields) != len(header):
        return "wrong number of fields", f"CSV: {len(fields)} fields, the header has {len(header)}"
    if any(_not_utf8(field) for field in fields):
        return "not UTF-8", "not UTF-8 text"
    return dict(zip(header, fields))


def _not_utf8(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)
