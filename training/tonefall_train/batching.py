"""Token ids for training: the run-time tokenization, length statistics, length-bucketed batches.

Sentences are tokenized with the run-time recipe of tonefall.inference (input normalisation,
text prefix, truncation to max_length, no padding) and padded per batch only to the batch's
longest sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from tokenizers import Tokenizer
from tonefall.inference import NO_NORMALIZATION, encode, pad_ids, truncating_copy
from tonefall.inference import pad_id  # noqa: F401  (one pad id for run time and training)

# Sorting within windows of this many batches keeps batches similar in length (little padding)
# while the window shuffle keeps the batch order random.
BUCKET_WINDOW = 50


def tokenize(tokenizer: Tokenizer, texts: Sequence[str], prefix: str, max_length: int | None,
             normalization: str = NO_NORMALIZATION) -> list[list[int]]:
    """Token ids per text (special tokens included), truncated to max_length when given."""
    return encode(truncating_copy(tokenizer, max_length), texts, prefix, normalization)


def length_stats(lengths: Sequence[int], max_length: int) -> dict[str, float]:
    """Token-length percentiles of the corpus and the share that max_length truncates."""
    values = np.asarray(lengths)
    return {
        "p50": round(float(np.percentile(values, 50)), 1),
        "p95": round(float(np.percentile(values, 95)), 1),
        "p99": round(float(np.percentile(values, 99)), 1),
        "max": int(values.max()),
        "truncated_share": round(float(np.mean(values > max_length)), 4),
    }


def bucketed_batches(lengths: Sequence[int], batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Index batches of similar length, in random order (a new order on every call)."""
    lengths = np.asarray(lengths)
    order = rng.permutation(len(lengths))
    window = batch_size * BUCKET_WINDOW
    batches = []
    for start in range(0, len(order), window):
        chunk = order[start : start + window]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        batches += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def batch_count(n: int, batch_size: int) -> int:
    """How many batches bucketed_batches makes from n sentences."""
    window = batch_size * BUCKET_WINDOW
    full, rest = divmod(n, window)
    return full * BUCKET_WINDOW + -(-rest // batch_size)


def pad_batch(ids: Sequence[Sequence[int]], pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(input_ids, attention_mask) int64 tensors padded to the longest sequence."""
    input_ids, attention = pad_ids(ids, pad)
    return torch.from_numpy(input_ids), torch.from_numpy(attention)
