"""One partition of an export -> one row per sentence with its labels (and one per skipped row).

Runs inside Spark's Python workers (``mapInPandas``) but is plain pandas: rows go through the
export mapping (``report.exports.to_reply``) and ``report.scoring.score_replies``, exactly as in
``tonefall report``, so both give the same labels. The model is loaded once per worker process
and kept for every later partition that process runs.
"""

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from tonefall.classifier import ToneClassifier
from tonefall.report.exports import Reply, Skipped, to_reply
from tonefall.report.mappings import PRESETS, Mapping
from tonefall.report.score_cache import NoCache
from tonefall.report.scoring import score_replies
from tonefall.report.values import iso_week

# Spark SQL DDL of the frames score_frames yields (kind "sentence" or "skipped").
OUTPUT_SCHEMA = ("kind string, reply_id string, ticket string, agent string, team string, channel string, week string, "
                 "lang string, index int, text string, labels array<string>, reason string")
OUTPUT_COLUMNS = [part.split()[0] for part in OUTPUT_SCHEMA.split(", ")]
CORRUPT_COLUMN = "_corrupt_record"  # where Spark's readers put a line they could not parse


@dataclass(frozen=True)
class PartitionJob:
    """What every worker needs; small and picklable (the mapping is rebuilt from its name)."""

    model_dir: str
    preset: str = "generic"
    columns: dict[str, str] = field(default_factory=dict)
    batch_sentences: int = 256
    threads: int = 1  # Spark runs one task per core: one ONNX Runtime thread each
    corrupt_reason: str = "not valid JSON"  # the report's name for a line the reader could not parse

    def mapping(self) -> Mapping:
        return PRESETS[self.preset].with_columns(**self.columns)


@cache
def worker_classifier(model_dir: str, threads: int) -> ToneClassifier:
    """The model, loaded on a worker's first partition and reused for the rest."""
    return ToneClassifier.load(Path(model_dir), threads)


def score_frames(frames: Iterator[pd.DataFrame], job: PartitionJob) -> Iterator[pd.DataFrame]:
    classifier = worker_classifier(job.model_dir, job.threads)
    for frame in frames:
        yield pd.DataFrame(list(_rows(frame, job, classifier)), columns=OUTPUT_COLUMNS)


def _rows(frame: pd.DataFrame, job: PartitionJob, classifier: ToneClassifier) -> Iterator[dict]:
    mapping = job.mapping()
    replies = []
    for record in frame.to_dict("records"):
        record = {key: _plain(value) for key, value in record.items()}
        corrupt = record.pop(CORRUPT_COLUMN, None)
        reply = _skipped(job.corrupt_reason, corrupt) if corrupt else to_reply(record, mapping, "spark", 0)
        if isinstance(reply, Skipped):
            yield _skipped_row(reply, mapping.value(mapping.reshape(record), "id"))
        else:
            replies.append(reply)
    for reply, analysis in score_replies(replies, classifier, NoCache(), job.batch_sentences):
        yield from _sentence_rows(reply, analysis)


def _skipped(reason: str, corrupt: str) -> Skipped:
    return Skipped("spark", 0, f"{reason}: {corrupt[:80]!r}", bad=True, kind=reason)


def _skipped_row(skipped: Skipped, reply_id: str) -> dict:
    reason = ("bad row: " if skipped.bad else "") + skipped.category
    return {"kind": "skipped", "reply_id": reply_id, "index": -1, "labels": [], "reason": reason}


def _sentence_rows(reply: Reply, analysis: dict) -> Iterator[dict]:
    own = (s for s in analysis["sentences"] if not s["quoted"])
    for index, s in enumerate(own):
        yield {"kind": "sentence", "reply_id": reply.id, "ticket": reply.ticket, "agent": reply.agent, "team": reply.team,
               "channel": reply.channel, "week": iso_week(reply.day) if reply.day else "", "lang": analysis["lang"],
               "index": index, "text": s["text"], "labels": s["labels"], "reason": ""}


def _plain(value):
    """A pandas cell as json.loads would give it: missing -> None, 7.0 -> 7, Timestamp -> ISO text."""
    if value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)  # an integer column with gaps comes as floats
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value
