"""Counts and duplicate summary for labelled data: a plain dict (for --json) and text tables."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from tonefall.labels import LABELS

from tonefall_train.data import Example
from tonefall_train.dedup import DuplicatePair

COLUMNS = ("n", "neutral", "2+") + LABELS


def _counts(examples: Sequence[Example]) -> dict[str, int]:
    counts = Counter({column: 0 for column in COLUMNS})
    for example in examples:
        counts["n"] += 1
        counts["neutral"] += not example.labels
        counts["2+"] += len(example.labels) >= 2
        counts.update(example.labels)
    return dict(counts)


def _table(examples: Sequence[Example], key) -> dict[str, dict[str, int]]:
    rows: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        rows[key(example) or "(none)"].append(example)
    return {name: _counts(rows[name]) for name in sorted(rows)}


def _side(example: Example) -> dict[str, Any]:
    return {"text": example.text, "labels": list(example.labels), "source": example.source, "group": example.group}


def _pair_dict(pair: DuplicatePair) -> dict[str, Any]:
    return {
        "similarity": round(pair.similarity, 3),
        "exact": pair.exact,
        "conflicting": pair.conflicting,
        "same_group": pair.same_group,
        "first": _side(pair.first),
        "second": _side(pair.second),
    }


def build_report(examples: Sequence[Example], pairs: Sequence[DuplicatePair]) -> dict[str, Any]:
    """Counts per label x language and per domain, shares, and the duplicate pairs worth a look."""
    total = _counts(examples)
    n = max(total["n"], 1)
    # Near pairs inside one paraphrase family are the intended weak/strong versions: count only.
    shown = [p for p in pairs if p.exact or not p.same_group]
    return {
        "examples": total["n"],
        "groups": len({example.group for example in examples}),
        "neutral_share": round(total["neutral"] / n, 4),
        "two_label_share": round(total["2+"] / n, 4),
        "by_language": _table(examples, lambda e: e.lang),
        "by_domain": _table(examples, lambda e: e.domain),
        "total": total,
        "duplicates": {
            "exact": sum(p.exact for p in pairs),
            "exact_conflicting": sum(p.exact and p.conflicting for p in pairs),
            "near_across_groups": sum(not p.exact and not p.same_group for p in pairs),
            "near_within_group": sum(not p.exact and p.same_group for p in pairs),
        },
        "pairs": [_pair_dict(p) for p in sorted(shown, key=lambda p: (not p.conflicting, not p.exact))],
    }


def format_report(report: dict[str, Any]) -> str:
    """Human-readable tables: label x language, label x domain, shares and duplicate pairs."""
    lines = [
        (
            f"{report['examples']} examples in {report['groups']} groups; neutral share "
            f"{report['neutral_share']:.1%}, two-label share {report['two_label_share']:.1%}"
        ),
        "",
    ]
    for title, table in (("language", report["by_language"]), ("domain", report["by_domain"])):
        width = max([len(title), 5] + [len(name) for name in table]) + 2
        lines.append(f"{title:<{width}}" + "".join(f"{c:>13}" for c in COLUMNS))
        for name, counts in list(table.items()) + [("TOTAL", report["total"])]:
            lines.append(f"{name:<{width}}" + "".join(f"{counts[c]:>13}" for c in COLUMNS))
        lines.append("")
    dup = report["duplicates"]
    lines.append(
        f"duplicates: {dup['exact']} exact ({dup['exact_conflicting']} with CONFLICTING labels), "
        f"{dup['near_across_groups']} near across groups, {dup['near_within_group']} near within a group"
    )
    for pair in report["pairs"]:
        kind = "CONFLICT" if pair["conflicting"] and pair["exact"] else "exact" if pair["exact"] else "near"
        differ = ", labels differ" if pair["conflicting"] and not pair["exact"] else ""
        lines.append(f"  [{kind} {pair['similarity']:.2f}{differ}]")
        for side in (pair["first"], pair["second"]):
            lines.append(f"    {side['source']}: {side['labels']} {side['text']!r}")
    return "\n".join(lines)
