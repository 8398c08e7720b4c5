import json

import pytest
from tonefall.labels import LABELS, validate_labels


def test_labels_order_is_the_contract():
    assert LABELS == ("empathetic", "defensive", "weak-hedged", "officialese")


def test_validate_labels_returns_canonical_order():
    assert validate_labels(["officialese", "empathetic"]) == ["empathetic", "officialese"]


def test_validate_labels_names_unknown_label():
    with pytest.raises(ValueError, match="rude"):
        validate_labels(["rude"])


def test_labels_json_writes_the_labels_in_order(tmp_path):
    from tonefall.labels import main

    main(["--json", str(tmp_path / "generated" / "labels.json")])
    written = json.loads((tmp_path / "generated" / "labels.json").read_text(encoding="utf-8"))
    assert written["labels"] == list(LABELS)
