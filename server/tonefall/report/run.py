"""One `tonefall report` run: read the exports, score through the cache, tally, write DIR."""

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tonefall.classifier import ToneClassifier
from tonefall.report import html, outputs
from tonefall.report.exports import Reply, Skipped, read_export
from tonefall.report.figures import Figures
from tonefall.report.macros import macro_row, worst_first
from tonefall.report.mappings import MACROS, Mapping
from tonefall.report.score_cache import ScoreCache, model_fingerprint
from tonefall.report.scoring import ScoringStats, score_replies

CACHE_FILE = Path(".cache") / "scores.sqlite3"
MAX_PRINTED_BAD = 50  # one line each; the rest are counted, and all are in DIR/bad_rows.csv


@dataclass
class ReportJob:
    exports: list[Path]
    out: Path
    mapping: Mapping
    classifier: ToneClassifier
    batch_sentences: int = 256
    macros: Path | None = None
    pseudonymise: bool = False
    write_sentences: bool = False


@dataclass
class RowSummary:
    rows_read: int = 0
    rows_used: int = 0
    skipped: Counter = field(default_factory=Counter)
    bad: list[Skipped] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"rows_read": self.rows_read, "rows_used": self.rows_used, "skipped": dict(self.skipped.most_common())}


def usable(rows: Iterable[Reply | Skipped], summary: RowSummary, say: Callable[[str], None],
           tick: Callable[[], None]) -> Iterator[Reply]:
    """The replies among ``rows``; every other row is counted by reason, bad ones said by file:line."""
    for row in rows:
        summary.rows_read += 1
        if isinstance(row, Reply):
            summary.rows_used += 1
            yield row
            continue
        summary.skipped[("bad row: " if row.bad else "") + row.category] += 1
        if row.bad:
            summary.bad.append(row)
            if len(summary.bad) <= MAX_PRINTED_BAD:
                say(f"skipped bad row {row}")
        tick()


class NoProgress:
    """A ``progress`` for ``run`` that shows nothing (library use, tests, benchmarks)."""

    def __init__(self, total: int):
        self.total = total

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> bool:
        return False

    def update(self, n: int) -> None:
        pass


def count_rows(paths: Iterable[Path], mapping: Mapping) -> int:
    """Rows in the exports, for the progress bar (a quick first pass, no model)."""
    return sum(1 for path in paths for _ in read_export(path, mapping))


def run(job: ReportJob, say: Callable[[str], None], progress) -> dict:
    """Write DIR/report.json, report.html and the CSV tables; return the report.

    ``progress(total)`` returns a context manager with ``update(n)`` (tqdm in the CLI).
    """
    job.out.mkdir(parents=True, exist_ok=True)
    cache = ScoreCache(job.out / CACHE_FILE, model_fingerprint(job.classifier.model_dir))
    stats, summary, started = ScoringStats(), RowSummary(), time.perf_counter()
    try:
        report = {"model": job.classifier.info.name}
        if job.exports:
            report.update(_score_exports(job, cache, stats, summary, say, progress))
        if job.macros:
            macro_summary = RowSummary()
            report["macros"] = _score_macros(job, cache, stats, macro_summary, say)
            report["macros_summary"] = macro_summary.as_dict()
            summary.bad += macro_summary.bad
    finally:
        cache.close()
    seconds = time.perf_counter() - started
    report["summary"] = summary.as_dict()  # the exports' rows (macros have their own)
    report["run"] = {"seconds": round(seconds, 2), "sentences": stats.sentences, "scored": stats.scored,
                     "from_cache": stats.from_cache, "sentences_per_second": round(stats.sentences / seconds, 1) if seconds else 0.0}
    _write(job.out, report, summary)
    return report


def _score_exports(job: ReportJob, cache, stats, summary, say, progress) -> dict:
    figures = Figures(pseudonymise=job.pseudonymise)
    sentences = outputs.SentenceWriter(job.out / "sentences.csv" if job.write_sentences else None)
    rows = (row for path in job.exports for row in read_export(path, job.mapping))
    try:
        with progress(count_rows(job.exports, job.mapping)) as bar:
            replies = usable(rows, summary, say, lambda: bar.update(1))
            for reply, analysis in score_replies(replies, job.classifier, cache, job.batch_sentences, stats):
                figures.add(reply, analysis)
                sentences.add(reply.id, reply.source, analysis)
                bar.update(1)
    finally:
        sentences.close()
    return figures.as_dict()


def _score_macros(job: ReportJob, cache, stats, summary, say) -> list[dict]:
    replies = usable(read_export(job.macros, MACROS), summary, say, lambda: None)
    return worst_first(macro_row(reply, analysis)
                       for reply, analysis in score_replies(replies, job.classifier, cache, job.batch_sentences, stats))


def _write(out: Path, report: dict, summary: RowSummary) -> None:
    outputs.write_json(out / "report.json", report)
    (out / "report.html").write_text(html.render(report), encoding="utf-8")
    outputs.write_tables(out, report)
    outputs.write_csv(out / "bad_rows.csv", ["file", "line", "reason"], [[b.file, b.line, b.reason] for b in summary.bad])
