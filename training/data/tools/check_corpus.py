"""Quick sanity check and counts for one language's labelled sentences.

Usage: python3 training/data/tools/check_corpus.py <lang>
Checks JSON per line, lang/domain/labels/group fields, exact duplicates (lowercased, punctuation
stripped), and prints counts per label x domain, neutral share and two-label share.
"""

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from tonefall.labels import LABELS

DATA = Path(__file__).parents[1]
REQUIRED = ("telecom", "webshop", "bank", "insurance", "software", "transport", "municipality",
            "energy", "airline", "retail", "parcel", "it-helpdesk")
DOMAINS = REQUIRED + ("housing", "health", "travel", "gaming")


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def load(lang: str) -> tuple[list[dict], list[str]]:
    records, problems = [], []
    for path in sorted((DATA / "sentences" / lang).glob("*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path}:{lineno}"
            try:
                r = json.loads(line)
            except json.JSONDecodeError as err:
                problems.append(f"{where}: bad JSON ({err})")
                continue
            if set(r) != {"text", "labels", "lang", "domain", "group"}:
                problems.append(f"{where}: fields {sorted(r)}")
            if r.get("lang") != lang or r.get("domain") not in DOMAINS or r["domain"] != path.stem:
                problems.append(f"{where}: lang/domain {r.get('lang')}/{r.get('domain')}")
            if any(l not in LABELS for l in r.get("labels", [])) or len(set(r["labels"])) != len(r["labels"]):
                problems.append(f"{where}: labels {r.get('labels')}")
            if not str(r.get("text", "")).strip() or not str(r.get("group", "")).startswith(f"{lang}-"):
                problems.append(f"{where}: empty text or bad group")
            records.append(r)
    return records, problems


def report(lang: str) -> int:
    records, problems = load(lang)
    seen: dict[str, str] = {}
    for r in records:
        key = normalise(r["text"])
        if key in seen:
            problems.append(f"duplicate: {r['text']!r} ~ {seen[key]!r}")
        seen.setdefault(key, r["text"])
    table: dict[str, Counter] = defaultdict(Counter)
    for r in records:
        table[r["domain"]]["n"] += 1
        table[r["domain"]]["neutral"] += not r["labels"]
        table[r["domain"]]["2+"] += len(r["labels"]) >= 2
        for label in r["labels"]:
            table[r["domain"]][label] += 1
    cols = ("n", "neutral", "2+") + LABELS
    print(f"{'domain':14}" + "".join(f"{c:>12}" for c in cols))
    total = Counter()
    for domain in sorted(table):
        total.update(table[domain])
        print(f"{domain:14}" + "".join(f"{table[domain][c]:>12}" for c in cols))
    print(f"{'TOTAL':14}" + "".join(f"{total[c]:>12}" for c in cols))
    n = max(total["n"], 1)
    pairs = Counter(tuple(r["labels"]) for r in records if len(r["labels"]) >= 2)
    groups = Counter(r["group"] for r in records)
    print(f"neutral share {total['neutral'] / n:.1%}, two-label share {total['2+'] / n:.1%}, "
          f"domains {len(table)} (required missing: {[d for d in REQUIRED if d not in table]})")
    print(f"groups {len(groups)}, in families of 2+: {sum(c for c in groups.values() if c > 1)} sentences")
    print("label pairs:", ", ".join(f"{'+'.join(k)} {v}" for k, v in pairs.most_common()))
    for p in problems:
        print("PROBLEM", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(report(sys.argv[1]))
