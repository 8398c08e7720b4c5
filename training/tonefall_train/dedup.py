"""Exact and near-duplicate sentences in labelled data, and label conflicts between them.

Exact = same normalised text (casefolded, punctuation and extra spaces removed). Near = cosine
similarity of character n-gram TF-IDF vectors at or above a threshold, within one language
(nb/nn/da sentences resemble each other legitimately). Vectorised with scikit-learn; the
similarity matrix is computed in row blocks so 10k sentences stay fast and small in memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from tonefall_train.data import Example, normalise

NEAR_THRESHOLD = 0.9
BLOCK_ROWS = 512


@dataclass(frozen=True)
class DuplicatePair:
    first: Example
    second: Example
    similarity: float  # 1.0 for exact duplicates

    @property
    def exact(self) -> bool:
        return normalise(self.first.text) == normalise(self.second.text)

    @property
    def conflicting(self) -> bool:
        """Same (or nearly the same) sentence, different labels."""
        return self.first.labels != self.second.labels

    @property
    def same_group(self) -> bool:
        """Within one paraphrase family (intended minimal pairs) rather than a split leak."""
        return self.first.group == self.second.group


def find_duplicates(examples: Sequence[Example], threshold: float = NEAR_THRESHOLD) -> list[DuplicatePair]:
    """All exact duplicate pairs plus near-duplicate pairs (similarity >= threshold)."""
    by_text: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_text[normalise(example.text)].append(example)
    pairs = [
        DuplicatePair(copies[0], other, 1.0) for copies in by_text.values() for other in copies[1:]
    ]
    firsts_by_lang: dict[str, list[tuple[str, Example]]] = defaultdict(list)
    for key, copies in by_text.items():
        firsts_by_lang[copies[0].lang].append((key, copies[0]))
    for lang in sorted(firsts_by_lang):
        keys, firsts = zip(*firsts_by_lang[lang])
        for i, j, similarity in _similar_pairs(list(keys), threshold):
            pairs.append(DuplicatePair(firsts[i], firsts[j], similarity))
    return pairs


def _similar_pairs(texts: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """Index pairs i < j of distinct texts whose char n-gram TF-IDF cosine is >= threshold."""
    if len(texts) < 2:
        return []
    # TF-IDF rows are L2-normalised, so a dot product is the cosine similarity.
    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), dtype=np.float32).fit_transform(texts)
    found: list[tuple[int, int, float]] = []
    for start in range(0, len(texts), BLOCK_ROWS):
        block = (vectors[start : start + BLOCK_ROWS] @ vectors.T).toarray()
        rows, cols = np.nonzero(block >= threshold)
        for row, col in zip(rows.tolist(), cols.tolist()):
            if start + row < col:
                found.append((start + row, col, float(block[row, col])))
    return found
