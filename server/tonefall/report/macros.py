"""Canned responses (macros) scored like replies, one row each, worst first."""

from collections.abc import Iterable

from tonefall.labels import PROBLEM_LABELS
from tonefall.report.exports import Reply
from tonefall.report.figures import Tally, count_reply


def macro_row(reply: Reply, analysis: dict) -> dict:
    tally = Tally()
    tally.add(count_reply(analysis["sentences"], analysis["lang"]))
    own = [s for s in analysis["sentences"] if not s["quoted"]]
    flagged = [{"text": s["text"], "labels": s["labels"]} for s in own if set(s["labels"]) & set(PROBLEM_LABELS)]
    return {"title": reply.title or reply.id, "id": reply.id, "source": reply.source, "lang": analysis["lang"],
            "problems": sum(len(set(s["labels"]) & set(PROBLEM_LABELS)) for s in own),
            **tally.row(), "flagged": flagged}


def worst_first(rows: Iterable[dict]) -> list[dict]:
    """Most problem labels per sentence first; then most problems, fewest empathetic sentences."""
    return sorted(rows, key=lambda r: (-r["problems_per_100"], -r["problems"], r["labels"]["empathetic"], r["title"]))
