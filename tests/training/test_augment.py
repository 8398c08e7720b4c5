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


def test_training_examples_repeat_natural_mix_rounds_and_add_messy_copies():
    from pathlib import Path

    from tonefall_train.train import TrainConfig, training_examples

    written = [Example(f"Mening {i} om kortet.", (), "sv", f"sv-bank-{i:03d}", "bank", "t") for i in range(1, 41)]
    natural = [Example(f"Svar {i} om kortet.", (), "sv", f"sv-bank-{2000 + i}", "bank", "t") for i in range(10)]
    config = TrainConfig(data=[], out=Path("unused"), natural_repeat=3, messy_share=0.0)
    fitted = training_examples(written + natural, config)
    assert len(fitted) == 40 + 10 * 3
    assert all(fitted.count(e) == 3 for e in natural) and all(fitted.count(e) == 1 for e in written)
    messy = training_examples(written, TrainConfig(data=[], out=Path("unused"), messy_share=0.5))
    assert len(written) < len(messy) <= 60
