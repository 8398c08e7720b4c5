"""The segmenter against every hand-checked reply in training/data/replies/*.jsonl."""

import json
from pathlib import Path

import pytest
from tonefall.segment import segment

REPLIES_DIR = Path(__file__).resolve().parents[2] / "training" / "data" / "replies"
# Measured (129 replies, sv/nb/da/en): 100% of gold sentences and of replies reproduced exactly
# (start, end, quoted). The floor sits below it so a new reply can add a rare miss.
SENTENCE_AGREEMENT_FLOOR = 0.98


def load_replies() -> list[dict]:
    replies = []
    for path in sorted(REPLIES_DIR.glob("*.jsonl")):
        replies += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return replies


def agreement(replies: list[dict]) -> tuple[float, float, list[str]]:
    """(share of gold sentences matched, share of replies matched exactly, ids of the misses)."""
    matched = total = exact = 0
    misses = []
    for reply in replies:
        gold = {(s["start"], s["end"], s["quoted"]) for s in reply["sentences"]}
        ours = {(s.start, s.end, s.quoted) for s in segment(reply["text"])}
        matched += len(gold & ours)
        total += len(gold)
        if gold == ours:
            exact += 1
        else:
            misses.append(reply["id"])
    return matched / max(total, 1), exact / max(len(replies), 1), misses


def test_segmenter_agrees_with_corpus_replies():
    replies = load_replies()
    if not replies:
        pytest.skip("no replies in training/data/replies yet")
    sentence_share, reply_share, misses = agreement(replies)
    print(f"\nsegmenter vs {len(replies)} corpus replies: {sentence_share:.1%} of sentences, "
          f"{reply_share:.1%} of replies exact; misses: {misses[:20]}")
    assert sentence_share >= SENTENCE_AGREEMENT_FLOOR, misses
