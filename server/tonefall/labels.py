"""The four tone labels: wire names and output order, defined once for the whole project.

Their meaning is the annotation guide (shared/LABELS.md); everything else imports from here.
"""

from typing import Literal

LABELS: tuple[str, ...] = ("empathetic", "defensive", "weak-hedged", "officialese")

Label = Literal["empathetic", "defensive", "weak-hedged", "officialese"]

# Labels that mark a problem to fix; `empathetic` is the good one.
PROBLEM_LABELS: tuple[str, ...] = ("defensive", "weak-hedged", "officialese")

# Languages the corpus covers first-class (nb and nn are both Norwegian).
LANGUAGES: tuple[str, ...] = ("sv", "nb", "nn", "da", "en")


def validate_labels(labels: list[str]) -> list[str]:
    """Return labels in canonical order; raise ValueError naming any unknown label."""
    unknown = [label for label in labels if label not in LABELS]
    if unknown:
        raise ValueError(f"unknown label(s) {unknown}; valid labels: {', '.join(LABELS)}")
    return [label for label in LABELS if label in labels]
