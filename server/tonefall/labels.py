"""The four tone labels: wire names and output order, defined once for the whole project.

Their meaning is the annotation guide (shared/LABELS.md); everything else imports from here.
"""

import argparse
import json
from pathlib import Path
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


# The extension reads the labels from a JSON file this module writes, never by parsing Python.
EXTENSION_LABELS_FILE = "extension/src/generated/labels.json"


def labels_json() -> str:
    note = (f"Written by `python -m tonefall.labels --json {EXTENSION_LABELS_FILE}` "
            "from server/tonefall/labels.py: do not edit.")
    return json.dumps({"_generated": note, "labels": list(LABELS)}, indent=2) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tonefall.labels", description="Write the label names as JSON.")
    parser.add_argument("--json", type=Path, required=True, metavar="PATH",
                        help=f"file to write, e.g. {EXTENSION_LABELS_FILE}")
    path = parser.parse_args(argv).json
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(labels_json(), encoding="utf-8")


if __name__ == "__main__":
    main()
