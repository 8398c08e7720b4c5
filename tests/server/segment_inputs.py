"""Texts of about 20,000 characters (the API's limit) that once made segmentation quadratic.

Shared by tests/server/test_segment_adversarial.py (correct result) and
server/benchmarks/bench_segment.py (time).
"""

N = 20_000

ADVERSARIAL = {
    "dots": "." * N,
    "bangs": "!" * N,
    "?!?!": "?!" * (N // 2),
    "ellipses": "…" * N,
    "emoji": "😀" * (N // 4),
    "emoji+zwj": "👩\u200d" * (N // 4),
    "dots, then a word": "." * (N - 4) + " Hej",
    "emoji, then a word": "😀" * (N // 4 - 4) + " Hej",
    "closers": "!" + ")" * (N - 1),
    "a.a.a.": "a." * (N // 2),
    "openers after a stop": "Hej. " + "(" * (N - 5),
    "mixed run": "!?…😀\ufe0f.\"»" * (N // 10),
    "many short": "Ok!😀 " * (N // 6),
    # Emoji that never end the sentence, so its start never moves (the greeting check must not
    # look back to it each time).
    "emoji, then lower case": "😀 a" * (N // 4),
    "stop, then emoji": "a. 😀 " * (N // 6) + "a",
    "one long word": "x" * (N - 1) + ".",
}

# An ordinary reply, repeated to the same length: the reference for the benchmark.
_REPLY = ("Hej Anna! Tack för att du hörde av dig. Jag förstår att det är frustrerande… "
          "Vi skickar ett nytt kort i dag 🙂 Hör av dig om något mer dyker upp. ")
ORDINARY = (_REPLY * (N // len(_REPLY) + 1))[:N]

# Texts that once made the placeholder patterns of tonefall.inference quadratic (each pattern
# retried from every position of a long run): 12 s for one "a.a.a…" request.
NORMALIZE_ADVERSARIAL = {
    "a.a.a.": "a." * (N // 2),
    ".a.a.a": ".a" * (N // 2),
    "a-a-a-": "a-" * (N // 2),
    "1-1-1-": "1-" * (N // 2),
    "a@a@a@": "a@" * (N // 2),
    "a.a@a.a@": "a.a@" * (N // 4),
    "1 1 1 ": "1 " * (N // 2),
    "#1-#1-": "#1-" * (N // 3),
    "www.www.": "www." * (N // 4),
    "domain, then dots": "a.com/" + "." * (N - 6),
}
