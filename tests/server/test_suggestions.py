"""How to say it better: the rewrite rules per language (tonefall/suggestions/<lang>.json), that
each rewrite reads as a grammatical sentence, that unsure cases get a tip without a rewrite, and
the suggestions in /v1/analyze (spans in UTF-16 units)."""

import json

import pytest
from tonefall.errors import DataError
from tonefall.labels import LANGUAGES
from tonefall.suggestions import SUGGESTIONS_DIR, language_rules, load_rules_file, suggest

W, O = "weak-hedged", "officialese"

# (lang, label, sentence, the sentence with every rewrite applied)
REWRITES = [
    ("sv", W, "Jag ska försöka skicka kortet i dag.", "Jag ska skicka kortet i dag."),
    ("sv", W, "Vi kommer att försöka att ordna det.", "Vi kommer att ordna det."),
    ("sv", W, "Du kan kanske starta om appen.", "Du kan starta om appen."),
    ("sv", W, "Jag tror att felet är löst nu.", "Felet är löst nu."),
    ("sv", W, "Felet är löst nu, tror jag.", "Felet är löst nu."),
    ("sv", W, "Kortet kommer i morgon, förhoppningsvis.", "Kortet kommer i morgon."),
    ("sv", O, "Vi beklagar eventuella olägenheter som detta kan ha orsakat.", "Jag är ledsen för vad som gick fel."),
    ("sv", O, "Vi skickar ett nytt kort, men adressen kan vi ej ändra.", "Jag skickar ett nytt kort, men adressen kan jag inte ändra."),
    ("sv", O, "Vänligen kontakta oss.", "Kontakta oss."),
    ("nb", W, "Jeg skal prøve å ordne det i dag, forhåpentligvis.", "Jeg skal ordne det i dag."),
    ("nb", W, "Pakken kommer kanskje i morgen.", "Pakken kommer i morgen."),
    ("nb", W, "Jeg tror at feilen er rettet.", "Feilen er rettet."),
    ("nb", O, "Vi beklager eventuelle ulemper dette har medført.", "Jeg er lei meg for det som gikk galt."),
    ("nb", O, "Vennligst send oss kvitteringen, så sjekker vi saken.", "Send oss kvitteringen, så sjekker jeg saken."),
    ("nn", W, "Eg skal prøve å sende det, og det kjem kanskje i morgon.", "Eg skal sende det, og det kjem i morgon."),
    ("nn", W, "Eg trur at feilen er retta.", "Feilen er retta."),
    ("nn", O, "Vi beklagar ulempene dette har ført til.", "Eg er lei meg for det som gjekk gale."),
    ("nn", O, "Vi sender eit nytt kort.", "Eg sender eit nytt kort."),
    ("da", W, "Jeg vil prøve at sende det, hvis nu du venter lidt.", "Jeg vil sende det, hvis du venter lidt."),
    ("da", W, "Pakken kommer måske i morgen.", "Pakken kommer i morgen."),
    ("da", W, "Jeg tror, at fejlen er rettet.", "Fejlen er rettet."),
    ("da", O, "Vi beklager ulejligheden.", "Jeg er ked af det, der gik galt."),
    ("da", O, "Venligst kontakt os, så ordner vi det.", "Kontakt os, så ordner jeg det."),
    ("en", W, "I'll try to send it today.", "I'll send it today."),
    ("en", W, "Could you try to restart the app?", "Could you restart the app?"),
    ("en", W, "Maybe you could restart the app.", "You could restart the app."),
    ("en", W, "I think the update fixed it.", "The update fixed it."),
    ("en", W, "It will probably arrive on Friday, if possible.", "It will arrive on Friday."),
    ("en", O, "Regarding your case, we apologise for any inconvenience this may have caused.",
     "Regarding your case, I'm sorry about what went wrong."),
    ("en", O, "We will send a new card and we're checking your order.", "I will send a new card and I'm checking your order."),
    ("en", O, "Please be advised that your card is on its way.", "Your card is on its way."),
]

# (lang, label, sentence, the span that gets a tip but no rewrite): no safe rewrite exists.
TIPS_ONLY = [
    ("sv", W, "Kanske kan du starta om appen.", "Kanske"),  # V2: dropping it turns the sentence into a question
    ("nb", W, "Kanskje kan du starte appen på nytt.", "Kanskje"),
    ("nn", W, "Kanskje kan du starte appen på nytt.", "Kanskje"),
    ("da", W, "Måske kan du genstarte appen.", "Måske"),
    ("sv", O, "Vi återkommer snarast möjligt.", "snarast möjligt"),
    ("en", W, "I'm not sure it will work.", "I'm not sure"),
    ("en", O, "We regret the delay and any inconvenience.", "any inconvenience"),
]

# (lang, label, sentence): nothing here can be rewritten safely, so nothing is offered.
UNTOUCHED = [
    ("sv", W, "Jag ska försöka igen i morgon."),  # "ska igen" is not Swedish
    ("sv", W, "Jag tror det."),
    ("en", W, "I think so."),
    ("en", W, "Maybe not."),
    ("en", O, "We are a small company."),  # "I am a small company" changes the meaning
    ("nb", W, "Jeg skal prøve."),
]


def applied(sentence: str, lang: str, label: str) -> str:
    for found in reversed(suggest(sentence, [label], lang)):
        if found.replacement is not None:
            sentence = sentence[:found.start] + found.replacement + sentence[found.end:]
    return sentence


@pytest.mark.parametrize("lang, label, sentence, rewritten", REWRITES, ids=lambda v: v if len(v) < 4 else v[:24])
def test_rewrites_read_as_grammatical_sentences(lang, label, sentence, rewritten):
    assert applied(sentence, lang, label) == rewritten


@pytest.mark.parametrize("lang, label, sentence, span", TIPS_ONLY)
def test_unsure_cases_get_a_tip_without_a_rewrite(lang, label, sentence, span):
    found = [s for s in suggest(sentence, [label], lang) if sentence[s.start:s.end] == span]
    assert len(found) == 1 and found[0].replacement is None and found[0].why


@pytest.mark.parametrize("lang, label, sentence", UNTOUCHED)
def test_no_rewrite_where_none_is_safe(lang, label, sentence):
    assert all(s.replacement is None for s in suggest(sentence, [label], lang))


def test_only_the_sentences_labels_get_suggestions():
    sentence = "We will maybe send a new card."
    assert {s.label for s in suggest(sentence, [W], "en")} == {W}
    assert {s.label for s in suggest(sentence, [O], "en")} == {O}
    assert suggest(sentence, [], "en") == [] and suggest(sentence, [W], "other") == []


def test_template_reports_its_blank():
    [found] = suggest("Vi beklagar eventuella olägenheter.", [O], "sv")
    assert found.replacement[found.blank[0]:found.blank[1]] == "vad som gick fel"
    assert "[" not in found.replacement


def test_suggestions_never_overlap():
    sentence = "We apologise for any inconvenience caused, we will maybe try to fix it."
    found = suggest(sentence, [W, O], "en")
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "other"])
def test_every_language_has_rules_with_advice_in_it(lang):
    rules = language_rules(lang)
    assert len(rules) >= 10
    assert json.loads((SUGGESTIONS_DIR / f"{lang}.json").read_text(encoding="utf-8"))["lang"] == lang


def test_bad_rule_files_name_the_rule(tmp_path):
    path = tmp_path / "xx.json"
    path.write_text(json.dumps({"rules": [{"label": "rude", "find": "x", "replace": "y", "why": "z"}]}))
    with pytest.raises(DataError, match="rule 0.*unknown label 'rude'"):
        load_rules_file(path)
    path.write_text(json.dumps({"rules": [{"label": W, "find": "(", "replace": "y", "why": "z"}]}))
    with pytest.raises(DataError, match="field 'find'"):
        load_rules_file(path)


def test_analyze_returns_suggestions_with_utf16_spans(client):
    text = "Hej Anna 😀,\nMen du borde kanske ha läst villkoren."
    body = client.post("/v1/analyze", json={"text": text, "lang": "sv"}).json()
    sentence = next(s for s in body["sentences"] if "weak-hedged" in s["labels"])
    units = text.encode("utf-16-le")
    [found] = [s for s in sentence["suggestions"] if s["label"] == "weak-hedged"]
    assert units[2 * found["start"]:2 * found["end"]].decode("utf-16-le") == " kanske"
    assert found["replacement"] == "" and found["blank"] is None and found["why"]
