"""Language detection per reply and the cue/advice data."""

import json

import pytest
from tonefall.cues import (
    CUES_DIR,
    advice,
    cue_pattern,
    find_cues,
    language_cues,
    load_language_file,
)
from tonefall.errors import DataError
from tonefall.labels import LABELS, LANGUAGES
from tonefall.language import detect_language

REPLIES = {
    "sv": "Hej Anna! Jag förstår att det här har varit frustrerande. Vi skickar ett nytt kort till dig i dag.",
    "nb": "Hei Anna! Jeg forstår at dette har vært frustrerende. Vi sender et nytt kort til deg i dag.",
    "nn": "Hei Anna! Eg forstår at dette har vore frustrerande. Vi sender eit nytt kort til deg i dag.",
    "da": "Hej Anna! Jeg forstår godt, at det har været frustrerende. Vi sender et nyt kort til dig i dag.",
    "en": "Hi Anna! I understand that this has been frustrating. We are sending you a new card today.",
    "other": "Hallo Anna! Ich verstehe, dass das frustrierend war. Wir schicken Ihnen heute eine neue Karte.",
}


@pytest.mark.parametrize("lang, text", REPLIES.items())
def test_detect_language(lang, text):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "!!", "😀 ok"])
def test_too_short_is_other(text):
    assert detect_language(text) == "other"


def test_every_language_has_cues_and_advice_for_every_label():
    for lang in LANGUAGES:
        cues = language_cues(lang)
        assert all(cues.patterns[label] for label in LABELS), lang
        assert set(cues.advice) == set(LABELS), lang
        assert all(cues.advice[label]["why"] and cues.advice[label]["tip"] for label in LABELS), lang


@pytest.mark.parametrize("lang, sentence, labels, expected", [
    ("sv", "Men du borde ha läst villkoren.", ["defensive"], ["Men", "du borde"]),
    ("nb", "Jeg tror kanskje det kan hjelpe.", ["weak-hedged"], ["Jeg tror", "kanskje"]),
    ("da", "Henvendelsen er registreret.", ["officialese"], ["Henvendelsen", "registreret"]),
    ("en", "I'm really sorry you had to chase us.", ["empathetic"], ["I'm really sorry"]),
    ("en", "I’m really sorry.", ["empathetic"], ["I’m really sorry"]),
    ("sv", "Jag fixar det nu.", [], []),
])
def test_cue_spans(lang, sentence, labels, expected):
    spans = find_cues(sentence, labels, lang)
    assert [sentence[start:end] for start, end in spans] == expected


def test_cue_syntax_prefix_anchor_and_word_boundaries():
    assert cue_pattern("olägenhet*").search("olägenheterna")
    assert not cue_pattern("try").search("our entry country")
    assert cue_pattern("^but").search("“But this")
    assert not cue_pattern("^but").search("Nothing but this")
    assert cue_pattern("I'm sorry").search("I’m  SORRY")
    assert cue_pattern(", men").search("Bra, men")


def test_opener_only_at_sentence_start():
    assert find_cues("Det är inte men bra.", ["defensive"], "sv") == []


def test_cues_only_for_given_labels_and_known_languages():
    assert find_cues("Men kanske.", ["weak-hedged"], "sv") == [(4, 10)]
    assert find_cues("Men kanske.", ["weak-hedged"], "other") == []


def test_advice_falls_back_to_english():
    assert advice("other") == advice("en")


def test_bad_cue_file_names_file(tmp_path):
    path = tmp_path / "xx.json"
    path.write_text(json.dumps({"cues": {"rude": ["x"]}}))
    with pytest.raises(DataError, match="xx.json.*rude"):
        load_language_file(path)


def test_packaged_files_are_the_five_languages():
    assert sorted(p.stem for p in CUES_DIR.glob("*.json")) == sorted(LANGUAGES)
