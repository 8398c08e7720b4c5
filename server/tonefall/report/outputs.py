"""The report's files besides the HTML: report.json, the tables as CSV, bad rows, sentences."""

import csv
import json
from pathlib import Path

from tonefall.labels import LABELS

SENTENCE_COLUMNS = ("reply_id", "source", "index", "text", "labels")


def write_json(path: Path, report: dict) -> None:
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def group_table(rows: dict[str, dict], key: str) -> tuple[list[str], list[list]]:
    """A by_team / by_agent / ... mapping as a header and rows."""
    header = [key, "replies", "sentences", *(f"{label}_per_100" for label in LABELS), "problems_per_100",
              "empathetic_opening_share", "we_share", "but_openers_per_100", "weak_words_per_100"]
    body = [[name, r["replies"], r["sentences"], *(r["per_100"][label] for label in LABELS), r["problems_per_100"],
             r["empathetic_opening_share"], r["we_share"], r["but_openers_per_100"], r["weak_words_per_100"]]
            for name, r in rows.items()]
    return header, body


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def write_tables(out: Path, report: dict) -> list[Path]:
    written = []
    for grouping in ("team", "agent", "week", "channel"):
        if report.get(f"by_{grouping}"):
            path = out / f"by_{grouping}.csv"
            write_csv(path, *group_table(report[f"by_{grouping}"], grouping))
            written.append(path)
    if "top_flagged" in report:
        path = out / "top_flagged.csv"
        write_csv(path, ["count", "labels", "text"], [[r["count"], ";".join(r["labels"]), r["text"]] for r in report["top_flagged"]])
        path2 = out / "weak_words.csv"
        write_csv(path2, ["word", "count"], [[r["word"], r["count"]] for r in report["weak_words"]])
        written += [path, path2]
    if report.get("macros"):
        path = out / "macros.csv"
        write_csv(path, ["title", "id", "sentences", "problems", "problems_per_100", *LABELS],
                  [[m["title"], m["id"], m["sentences"], m["problems"], m["problems_per_100"],
                    *(m["labels"][label] for label in LABELS)] for m in report["macros"]])
        written.append(path)
    return written


class SentenceWriter:
    """DIR/sentences.csv: one row per own sentence with its labels (what the cluster job writes too)."""

    def __init__(self, path: Path | None):
        self._file = path.open("w", newline="", encoding="utf-8") if path else None
        self._writer = csv.writer(self._file) if self._file else None
        if self._writer:
            self._writer.writerow(SENTENCE_COLUMNS)

    def add(self, reply_id: str, source: str, analysis: dict) -> None:
        if self._writer is None:
            return
        own = (s for s in analysis["sentences"] if not s["quoted"])
        for index, s in enumerate(own):
            self._writer.writerow([reply_id, source, index, s["text"], ";".join(s["labels"])])

    def close(self) -> None:
        if self._file:
            self._file.close()
