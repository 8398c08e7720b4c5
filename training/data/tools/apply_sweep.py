"""Apply a label sweep's change log to the tagged sources, checking every line first.

    python training/data/tools/apply_sweep.py training/data/agreement/sweep5/en.tsv [...]

A change log has one tab-separated change a line:
``<lang>/<domain>.txt  <line>  <old tags>  <new tags>  <clarification>  <sentence>``.
Each change is applied only if that physical line still holds exactly the old tags and the
sentence; otherwise the script stops before writing anything, naming the change.
"""

import re
import sys
from collections import defaultdict
from pathlib import Path

SOURCES = Path(__file__).parents[1] / "sentences_src"
LINE = re.compile(r"^(\d+) (\{[edwo]*\}) (.*)$")


def load_changes(paths: list[Path]) -> dict[str, list[tuple[int, str, str, str]]]:
    changes: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)
    for path in paths:
        for lineno, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not row.strip():
                continue
            file, line, old, new, _rule, text = row.split("\t", 5)
            if not re.fullmatch(r"\{[edwo]*\}", new):
                raise SystemExit(f"{path}:{lineno}: new tags {new!r} are not like {{do}}")
            changes[file].append((int(line), old, new, text.strip()))
    return changes


def apply(changes: dict[str, list[tuple[int, str, str, str]]]) -> int:
    updated: dict[Path, list[str]] = {}
    for file, rows in changes.items():
        source = SOURCES / file
        lines = source.read_text(encoding="utf-8").split("\n")
        for line, old, new, text in rows:
            match = LINE.match(lines[line - 1])
            if not match or match.group(2) != old or match.group(3).strip() != text:
                raise SystemExit(f"{file}:{line}: expected {old} {text!r}, found {lines[line - 1]!r}")
            lines[line - 1] = f"{match.group(1)} {new} {match.group(3)}"
        updated[source] = lines
    for source, lines in updated.items():
        source.write_text("\n".join(lines), encoding="utf-8")
    return sum(map(len, changes.values()))


if __name__ == "__main__":
    print(f"applied {apply(load_changes([Path(p) for p in sys.argv[1:]]))} changes")
