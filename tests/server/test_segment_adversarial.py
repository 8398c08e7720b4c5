"""Segmentation stays linear on hostile input, and finds the same boundaries as the plain pattern.

A 20,000-character run of dots, "!" or emoji without white space took 7-8 s with the
backtracking boundary pattern (retried from every position of the run), holding the GIL for
every other request. The time figures are printed by server/benchmarks/bench_segment.py; the
bound below is only a generous sanity check (the fixed code takes a few milliseconds).
"""

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from segment_inputs import ADVERSARIAL
from tonefall import segment as segment_module
from tonefall.segment import segment

EXPECTED = {
    "dots, then a word": ["." * 19_996, "Hej"],
    "emoji, then a word": ["😀" * 4_996, "Hej"],
    "openers after a stop": ["Hej.", "(" * 19_995],
    "many short": ["Ok!😀"] * 3_333,
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_text_is_segmented_correctly_and_fast(name):
    text = ADVERSARIAL[name]
    start = time.perf_counter()
    segments = segment(text)
    elapsed = time.perf_counter() - start
    # No white space inside the run: the whole text is one sentence, unless listed above.
    assert [s.text for s in segments] == EXPECTED.get(name, [text])
    assert all(text[s.start:s.end] == s.text for s in segments)
    assert elapsed < 2.0, f"{name}: {elapsed:.2f} s"


# The boundary pattern as first written: correct, but quadratic on long runs. On short texts it
# is the specification the linear search must reproduce exactly.
_EMOJI = "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF"
_REFERENCE = re.compile(rf"(?:[.!?…]+[\"'”’»)\]]*|[{_EMOJI}][{_EMOJI}\ufe0f\u200d]*)(?=\s)")
_TRICKY = st.sampled_from(list(".!?…\"'”’»)]([{“‘«😀🙈☀\ufe0f\u200d \t\u00a0>-aAx1") + ["t.ex.", "osv.", " Hej"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_TRICKY, max_size=30).map("".join))
def test_boundaries_are_those_of_the_reference_pattern(text):
    reference = [match.span() for match in _REFERENCE.finditer(text)]
    assert list(segment_module._boundaries(text, 0)) == reference
