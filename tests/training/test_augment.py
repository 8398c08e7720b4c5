"""Messy copies keep their labels (joins take the union) and only ever add to what they are given."""

import pytest
from tonefall_train.augment import messy_copies
from tonefall_train.data import Example


def _ex(i: int, labels: tuple[str, ...], lang: str = "sv") -> Example:
    return Example(f"Detta är mening nummer {i} om fakturan.", labels, lang, f"g{i}", "bank", f"t:{i}")


def test_messy_copies_keep_labels_or_take_the_union_of_joined_sentences():
    examples = [_ex(i, ("defensive",) if i % 3 == 0 else ()) for i in range(60)]
    examples += [_ex(100 + i, ("empathetic",), "da") for i in range(30)]
    copies = messy_copies(examples, share=0.5, seed=3)
    assert 0.3 * len(examples) < len(copies) <= 0.5 * len(examples)
    by_text = {e.text: e for e in examples}
    for copy in copies:
        assert copy.text not in by_text and copy.source.endswith("(messy copy)")
        parts = [e for e in examples if e.text in copy.text and e.lang == copy.lang]
        expected = {label for part in parts for label in part.labels}
        if len(parts) > 1:  # a join: the union, in LABELS order, and one language only
            assert set(copy.labels) == expected
        assert all(e.lang == copy.lang for e in parts)
    assert any(len([e for e in examples if e.text in c.text]) > 1 for c in copies)


def test_messy_copies_share_zero_adds_nothing_and_bad_share_is_refused():
    examples = [_ex(i, ()) for i in range(10)]
    assert messy_copies(examples, 0.0) == []
    with pytest.raises(ValueError):
        messy_copies(examples, 1.5)
