"""The report's figures: tallies per group (team, agent, week, channel) and the stock phrases.

``Figures.add(reply, analysis)`` takes each reply with its /v1/analyze result; ``as_dict``
gives report.json. "Per 100" figures are per 100 own (unquoted) sentences.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from tonefall.labels import LABELS, PROBLEM_LABELS
from tonefall.report import features
from tonefall.report.exports import Reply
from tonefall.report.values import iso_week

GROUPINGS = ("team", "agent", "week", "channel")
TOP_FLAGGED = 25
TOP_WEAK_WORDS = 20


@dataclass(frozen=True)
class ReplyCounts:
    """What one reply adds to every tally it belongs to (worked out once per reply)."""

    sentences: int
    labels: Counter
    empathetic_opening: bool | None  # None: nothing after the greeting
    we_sentences: int
    i_sentences: int
    but_openers: int
    weak_words: list[str]


def count_reply(sentences: list[dict], lang: str) -> ReplyCounts:
    own = [s for s in sentences if not s["quoted"]]
    opening = next((s for s in own if not features.is_greeting(s["text"])), None)
    return ReplyCounts(
        sentences=len(own), labels=Counter(label for s in own for label in s["labels"]),
        empathetic_opening=None if opening is None else "empathetic" in opening["labels"],
        we_sentences=sum(features.uses_we(s["text"], lang) for s in own),
        i_sentences=sum(features.uses_i(s["text"], lang) for s in own),
        but_openers=sum(features.opens_with_but(s["text"], lang) for s in own),
        weak_words=[word for s in own for word in features.weak_words(s["text"], lang)])


@dataclass
class Tally:
    """Counts over some replies; ``row`` turns them into the figures of one table row."""

    replies: int = 0
    sentences: int = 0
    labels: Counter = field(default_factory=Counter)
    openings: int = 0  # replies with a sentence after the greeting
    empathetic_openings: int = 0
    we_sentences: int = 0
    i_sentences: int = 0
    but_openers: int = 0
    weak_words: int = 0

    def add(self, counts: ReplyCounts) -> None:
        self.replies += 1
        self.sentences += counts.sentences
        self.labels.update(counts.labels)
        if counts.empathetic_opening is not None:
            self.openings += 1
            self.empathetic_openings += counts.empathetic_opening
        self.we_sentences += counts.we_sentences
        self.i_sentences += counts.i_sentences
        self.but_openers += counts.but_openers
        self.weak_words += len(counts.weak_words)

    def row(self) -> dict:
        per_100 = (lambda n: round(100 * n / self.sentences, 2)) if self.sentences else (lambda n: 0.0)
        voiced = self.we_sentences + self.i_sentences
        return {
            "replies": self.replies, "sentences": self.sentences,
            "labels": {label: self.labels[label] for label in LABELS},
            "per_100": {label: per_100(self.labels[label]) for label in LABELS},
            "problems_per_100": per_100(sum(self.labels[label] for label in PROBLEM_LABELS)),
            "empathetic_opening_share": round(self.empathetic_openings / self.openings, 4) if self.openings else 0.0,
            "we_sentences": self.we_sentences, "i_sentences": self.i_sentences,
            "we_share": round(self.we_sentences / voiced, 4) if voiced else 0.0,
            "but_openers_per_100": per_100(self.but_openers),
            "weak_words_per_100": per_100(self.weak_words),
        }


class Pseudonyms:
    """Agent names -> "Agent 01", "Agent 02" ... in order of first appearance."""

    def __init__(self):
        self.names: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        if name and name not in self.names:
            self.names[name] = f"Agent {len(self.names) + 1:02d}"
        return self.names.get(name, "")

    def scrub(self, text: str) -> str:
        """Agents' names in a sentence ("Mvh Anna Berg") replaced by their pseudonyms."""
        for name, alias in sorted(self.names.items(), key=lambda item: -len(item[0])):
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", alias, text)
        return text


@dataclass
class Figures:
    pseudonymise: bool = False
    overall: Tally = field(default_factory=Tally)
    groups: dict[str, dict[str, Tally]] = field(default_factory=lambda: {g: {} for g in GROUPINGS})
    flagged: Counter = field(default_factory=Counter)  # normalised sentence -> count
    flagged_example: dict = field(default_factory=dict)  # normalised -> (text as written, labels)
    weak: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    pseudonyms: Pseudonyms = field(default_factory=Pseudonyms)

    def add(self, reply: Reply, analysis: dict) -> None:
        counts = count_reply(analysis["sentences"], analysis["lang"])
        self.overall.add(counts)
        self.languages[analysis["lang"]] += 1
        self.weak.update(counts.weak_words)
        for grouping, key in self._keys(reply).items():
            if key:
                self.groups[grouping].setdefault(key, Tally()).add(counts)
        for s in analysis["sentences"]:
            if not s["quoted"] and set(s["labels"]) & set(PROBLEM_LABELS):
                key = " ".join(s["text"].split()).casefold()
                self.flagged[key] += 1
                self.flagged_example.setdefault(key, (s["text"], s["labels"]))

    def _keys(self, reply: Reply) -> dict[str, str]:
        agent = self.pseudonyms(reply.agent) if self.pseudonymise else reply.agent
        return {"team": reply.team, "agent": agent, "week": iso_week(reply.day) if reply.day else "",
                "channel": reply.channel}

    def as_dict(self) -> dict:
        overall = self.overall.row()
        return {
            "totals": overall["labels"],
            "overall": overall,
            "languages": dict(self.languages.most_common()),
            **{f"by_{grouping}": {key: tally.row() for key, tally in sorted(self.groups[grouping].items())}
               for grouping in GROUPINGS},
            "top_flagged": self.top_flagged(),
            "weak_words": [{"word": word, "count": count} for word, count in self.weak.most_common(TOP_WEAK_WORDS)],
        }

    def top_flagged(self) -> list[dict]:
        scrub = self.pseudonyms.scrub if self.pseudonymise else (lambda text: text)
        rows = []
        for key, count in self.flagged.most_common(TOP_FLAGGED):
            text, labels = self.flagged_example[key]
            rows.append({"text": scrub(text), "count": count, "labels": labels})
        return rows
