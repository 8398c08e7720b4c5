"""Merge a writer's round file into the tagged sources, or turn it into an evaluation set.

A round file has one sentence (or unsplit chat message) a line:

    <domain> <item> {tags} <text>

where all lines of one reply, page or statement share the item number. Lines starting with "#"
are comments. This is a format converter only: every sentence is written by hand.

    merge_round.py sources ROUND_FILE LANG FAMILY_BASE "# round 6: real registers"
        appends each item to sentences_src/<LANG>/<domain>.txt as family FAMILY_BASE + item,
        under the given header (one header per domain file);
    merge_round.py evalset ROUND_FILE LANG OUT_JSONL SET_NAME
        writes evaluation records (group <lang>-<set>-<item>), never training data.
"""

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from build_sentences import LETTERS, ORDER

DATA = Path(__file__).parents[1]
DOMAINS = ("telecom", "webshop", "bank", "insurance", "software", "transport", "municipality", "energy",
           "airline", "retail", "parcel", "it-helpdesk", "housing", "health", "travel", "gaming")
LINE = re.compile(r"^(\S+)\s+(\d+)\s+\{([edwo]*)\}\s+(\S.*?)\s*$")


def parse_round(path: Path) -> list[tuple[str, int, str, str]]:
    """(domain, item, tags, text) per line; raises naming file:line on any malformed line."""
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = LINE.match(line)
        if not match or match.group(1) not in DOMAINS:
            raise ValueError(f"{path}:{lineno}: expected '<domain> <item> {{tags}} <text>' with a known domain")
        domain, item, tags, text = match.groups()
        rows.append((domain, int(item), "".join(sorted(set(tags), key="edwo".index)), text))
    return rows


def merge_sources(path: Path, lang: str, family_base: int, header: str) -> None:
    by_domain: dict[str, list[str]] = defaultdict(list)
    for domain, item, tags, text in parse_round(path):
        by_domain[domain].append(f"{family_base + item} {{{tags}}} {text}")
    for domain, lines in sorted(by_domain.items()):
        source = DATA / "sentences_src" / lang / f"{domain}.txt"
        existing = source.read_text(encoding="utf-8") if source.exists() else ""
        prefix = "" if header in existing else f"\n{header}\n"
        source.write_text(existing.rstrip("\n") + "\n" + prefix + "\n".join(lines) + "\n", encoding="utf-8")
        print(f"{source}: +{len(lines)}")


def write_evalset(path: Path, lang: str, out: Path, name: str) -> None:
    records, seen = [], set()
    for domain, item, tags, text in parse_round(path):
        key = " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())
        if key in seen:  # an evaluation set scores each sentence once (repeated sign-offs)
            continue
        seen.add(key)
        records.append({"text": text, "labels": sorted({LETTERS[c] for c in tags}, key=ORDER.index), "lang": lang,
                        "domain": domain, "group": f"{lang}-{name}-{item:03d}"})
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    print(f"{out}: {len(records)} sentences")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "sources":
        merge_sources(Path(args[0]), args[1], int(args[2]), args[3])
    elif command == "evalset":
        write_evalset(Path(args[0]), args[1], Path(args[2]), args[3])
    else:
        raise SystemExit(__doc__)
