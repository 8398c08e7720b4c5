"""Replies -> their /v1/analyze result, scored in batches through the on-disk cache.

Segmentation, language detection, thresholds and cues are tonefall.analysis's own
(``prepare`` and ``assemble``, the two halves of ``analyze``); only the scoring is batched
across replies, and batching does not change scores (tests/server/test_classifier.py).
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from tonefall.analysis import PreparedReply, assemble, prepare
from tonefall.classifier import ToneClassifier
from tonefall.labels import LABELS
from tonefall.language import detect_language
from tonefall.report.exports import Reply
from tonefall.report.score_cache import NoCache, ScoreCache


@dataclass
class ScoringStats:
    sentences: int = 0
    from_cache: int = 0  # unique sentences found on disk (an earlier, interrupted run)
    scored: int = 0  # unique sentences the model ran on


def score_replies(replies: Iterable[Reply], classifier: ToneClassifier, cache: ScoreCache | NoCache,
                  batch_sentences: int, stats: ScoringStats | None = None,
                  detect: Callable[[str], str] = detect_language) -> Iterator[tuple[Reply, dict]]:
    """Each reply with its analysis (Python string offsets), in input order."""
    stats = stats if stats is not None else ScoringStats()
    batch: list[tuple[Reply, PreparedReply]] = []
    waiting = 0
    for reply in replies:
        prepared = prepare(reply.text, reply.lang, detect)
        batch.append((reply, prepared))
        waiting += len(prepared.own_texts)
        if waiting >= batch_sentences:
            yield from _score_batch(batch, classifier, cache, stats)
            batch, waiting = [], 0
    yield from _score_batch(batch, classifier, cache, stats)


def _score_batch(batch: list[tuple[Reply, PreparedReply]], classifier: ToneClassifier, cache: ScoreCache | NoCache,
                 stats: ScoringStats) -> Iterator[tuple[Reply, dict]]:
    unique = list(dict.fromkeys(text for _, prepared in batch for text in prepared.own_texts))
    known = cache.get_many(unique)
    missing = [text for text in unique if text not in known]
    if missing:
        fresh = list(zip(missing, classifier.scores(missing)))
        cache.put_many(fresh)
        known.update(fresh)
    stats.from_cache += len(unique) - len(missing)
    stats.scored += len(missing)
    for reply, prepared in batch:
        rows = np.array([known[text] for text in prepared.own_texts], dtype=np.float32).reshape(-1, len(LABELS))
        stats.sentences += len(rows)
        yield reply, assemble(prepared, rows, classifier, utf16=False)
