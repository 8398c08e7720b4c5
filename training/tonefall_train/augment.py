"""Messy copies of training sentences: the surface noise of real replies, labels unchanged.

Real replies come as chat lines without capitals or final stops, with typos, with agent
initials or an @handle, and as two or three sentences typed on one line. Written corpora are
tidy, so a model can learn tidiness as a cue. ``messy_copies`` adds, for a share of the training
sentences, one copy with such noise. Joined sentences carry the union of their labels (the
guide's rule 15 for unsplit messages). Only the train split is augmented: dev and test stay as
written.
"""

import random
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from tonefall.labels import LABELS

from tonefall_train.data import Example

_FINAL_STOP = re.compile(r"[.!]+$")
_SIGN_OFFS = ("^JM", "^KT", "/Sam", "- Lea", "^AB", "/Nils", "– Jo")


def _chat_style(text: str, rng: random.Random) -> str:
    text = _FINAL_STOP.sub("", text)
    return text[:1].lower() + text[1:] if rng.random() < 0.7 else text


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    j = rng.randrange(1, len(words[i]) - 2)
    word = words[i]
    words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    return " ".join(words)


def _signed(text: str, rng: random.Random) -> str:
    return f"@user {text} {rng.choice(_SIGN_OFFS)}" if rng.random() < 0.5 else f"{text} {rng.choice(_SIGN_OFFS)}"


def _union(*label_sets: Sequence[str]) -> tuple[str, ...]:
    chosen = {label for labels in label_sets for label in labels}
    return tuple(label for label in LABELS if label in chosen)


def messy_copies(examples: Sequence[Example], share: float, seed: int = 13) -> list[Example]:
    """About ``share * len(examples)`` new examples, each a noisy copy or a join of two or three."""
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"share must lie in [0, 1], got {share}")
    rng = random.Random(seed)
    by_lang: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_lang[example.lang].append(example)
    copies = []
    for example in rng.sample(list(examples), round(share * len(examples))):
        kind = rng.random()
        if kind < 0.4:
            partners = rng.sample(by_lang[example.lang], k=rng.choice((1, 1, 2)))
            parts = [example, *partners]
            rng.shuffle(parts)
            text = " ".join(part.text for part in parts)
            labels = _union(*(part.labels for part in parts))
        else:
            noise = _chat_style if kind < 0.65 else _typo if kind < 0.85 else _signed
            text, labels = noise(example.text, rng), example.labels
        if text != example.text:
            copies.append(replace(example, text=text, labels=labels, source=f"{example.source} (messy copy)"))
    return copies
