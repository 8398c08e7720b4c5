"""What training/data/FORMAT.md allows where: which `lang` codes in which directory, which domains.

The loader (tonefall_train.data) checks that a record is well formed; these rules say whether it
belongs in the corpus. `tonefall data check` and `tonefall train` apply them (evaluation commands
do not: an evaluation set may be in any language). A code like ``no``, ``se`` or ``dk`` is a
typo for ``nb``, ``sv``, ``da``, and a model trained on it would never see those sentences as
the language they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from tonefall.errors import DataError

from tonefall_train.data import Example, listed

LANGS = ("sv", "nb", "nn", "da", "en")
EXTRA_DIR, EXTRA_LANGS = "extra", ("fi", "de")  # never trained on; only under training/data/extra/
CHALLENGE_DIR = re.compile(r"challenge\d*")  # evaluation-only challenge sets (challenge, challenge2, ...): any code
DOMAINS = ("telecom", "webshop", "bank", "insurance", "software", "transport", "municipality", "energy",
           "airline", "retail", "parcel", "it-helpdesk", "housing", "health", "travel", "gaming")
FEEDBACK_DOMAIN = "feedback"  # what `tonefall feedback export` writes (tonefall.feedback_export)


def allowed_langs(path: Path) -> tuple[str, ...] | None:
    """The language codes a file at ``path`` may hold; None for any (a challenge set)."""
    folders = Path(path).parts[:-1]
    if any(CHALLENGE_DIR.fullmatch(folder) for folder in folders):
        return None
    return LANGS + EXTRA_LANGS if EXTRA_DIR in folders else LANGS


def record_problem(path: Path, lang: str, domain: str) -> str | None:
    langs = allowed_langs(path)
    if langs is not None and lang not in langs:
        where = f"under {EXTRA_DIR}/" if EXTRA_DIR in Path(path).parts[:-1] else f"outside {EXTRA_DIR}/ and challenge sets"
        return f"field 'lang' is {lang!r}; {where} it must be one of {', '.join(langs)}"
    if domain and domain not in DOMAINS + (FEEDBACK_DOMAIN,):
        return f"field 'domain' is {domain!r}; it must be one of {', '.join(DOMAINS + (FEEDBACK_DOMAIN,))}"
    return None


def check_corpus_rules(examples: Sequence[Example]) -> None:
    """Raise DataError naming file:line of every example the corpus rules forbid (first few shown)."""
    errors = []
    for example in examples:
        path = example.source.rsplit(":", 1)[0]
        problem = record_problem(Path(path), example.lang, example.domain)
        if problem:
            errors.append(f"{example.source}: {problem}")
    if errors:
        raise DataError(f"{len(errors)} record(s) break the corpus rules (training/data/FORMAT.md):{listed(errors)}")
