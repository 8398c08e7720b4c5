"""Baselines: the lexicon linter, TF-IDF + logistic regression, frozen encoder + logistic regression."""

import json

import numpy as np
import pytest
from tonefall.errors import DataError
from tonefall.labels import LABELS, LANGUAGES
from tonefall.model_dir import SPLIT_FILE
from tonefall_train.baselines import make_baseline
from tonefall_train.baselines.compare import format_comparison, run_baselines
from tonefall_train.baselines.lexicon import LexiconBaseline
from tonefall_train.data import Example, split_examples


def _example(text: str, labels: tuple[str, ...], lang: str = "en", group: str | None = None) -> Example:
    return Example(text, labels, lang, group=group or text, domain="telecom", source="test:1")


@pytest.mark.parametrize(
    ("lang", "text", "label"),
    [
        ("sv", "Jag förstår verkligen hur jobbigt det här är.", "empathetic"),
        ("sv", "Du borde ha kontrollerat adressen innan du beställde.", "defensive"),
        ("sv", "Jag ska försöka ordna det till fredag.", "weak-hedged"),
        ("sv", "Ärendet är överlämnat för vidare handläggning.", "officialese"),
        ("nb", "Så leit å høre at pakken ble borte.", "empathetic"),
        ("nb", "Du burde ha sjekket adressen.", "defensive"),
        ("nb", "Jeg tror kanskje det går bra.", "weak-hedged"),
        ("nb", "Vi beklager eventuelle ulemper.", "officialese"),
        ("nn", "Eg forstår at dette er frustrerande.", "empathetic"),
        ("nn", "Men det står tydeleg i avtalen.", "defensive"),
        ("nn", "Eg trur det kanskje ordnar seg.", "weak-hedged"),
        ("nn", "Saka vil bli sett i verk snarast mogleg.", "officialese"),
        ("da", "Øv, hvor ærgerligt med forsinkelsen.", "empathetic"),
        ("da", "Det er ikke vores fejl, at pakken kom sent.", "defensive"),
        ("da", "Vi kan måske sende en ny.", "weak-hedged"),
        ("da", "Henvendelsen er registreret.", "officialese"),
        ("en", "I’m so sorry the card stopped working.", "empathetic"),
        ("en", "But you should have read the terms.", "defensive"),
        ("en", "Hopefully the new card works.", "weak-hedged"),
        ("en", "Please be advised that the request is noted.", "officialese"),
    ],
)
def test_baselines_lexicon_flags_cue_sentences(lang, text, label):
    scores = LexiconBaseline().scores([text], [lang])[0]
    assert scores[LABELS.index(label)] >= 0.5
    assert label in [match.label for match in LexiconBaseline().matches(text, lang)]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("sv", "Din nya kod är 4471."),
        ("nb", "Trykk på Innstillinger og velg Konto."),
        ("nn", "Den nye koden din er 4471."),
        ("da", "Dit nye kort sendes i dag."),
        ("en", "Your new card ships today."),
        ("en", "Best regards, Tom"),
    ],
)
def test_baselines_lexicon_leaves_plain_sentences_neutral(lang, text):
    assert LexiconBaseline().scores([text], [lang]).max() == 0


def test_baselines_lexicon_reads_the_service_cues():
    assert set(LexiconBaseline().cues) == set(LANGUAGES)
    # No list for the language: every language's cues are tried.
    assert "empathetic" in [match.label for match in LexiconBaseline().matches("Oh, so sorry!", "other")]


def test_baselines_lexicon_reads_another_cue_directory(tmp_path):
    (tmp_path / "en.json").write_text(json.dumps({"lang": "en", "cues": {"empathetic": ["so sorry"]}}))
    baseline = make_baseline("lexicon", lexicon_dir=tmp_path)
    match = baseline.matches("Oh, so sorry!", "en")[0]
    assert (match.start, match.end, match.label, match.cue) == (4, 12, "empathetic", "so sorry")
    assert baseline.scores(["Oh, so sorry, so sorry!"], ["en"])[0].tolist() == [0.75, 0, 0, 0]


SEPARABLE = [
    ("I am so sorry about this", ("empathetic",)),
    ("so sorry, that is awful", ("empathetic",)),
    ("really sorry for the wait", ("empathetic",)),
    ("you should have read the terms", ("defensive",)),
    ("you should have checked first", ("defensive",)),
    ("you should have called us", ("defensive",)),
    ("maybe perhaps it might work", ("weak-hedged",)),
    ("perhaps maybe later", ("weak-hedged",)),
    ("it might perhaps help", ("weak-hedged",)),
    ("pursuant to the aforementioned", ("officialese",)),
    ("the aforementioned matter pursuant", ("officialese",)),
    ("hereby pursuant to policy", ("officialese",)),
    ("your code is 4471", ()),
    ("the card ships on monday", ()),
    ("open the app and log in", ()),
]


def test_baselines_tfidf_learns_a_tiny_separable_set():
    train = [_example(text, labels) for text, labels in SEPARABLE]
    baseline = make_baseline("tfidf").fit(train)
    probes = ["so sorry about the wait", "you should have read it", "maybe it might", "pursuant to the aforementioned",
              "your card ships monday"]
    predicted = baseline.scores(probes) >= 0.5
    expected = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]], dtype=bool)
    assert (predicted == expected).all(), baseline.scores(probes).round(2)


def test_baselines_tfidf_tunes_thresholds_on_dev_and_handles_absent_labels():
    train = [_example(text, labels) for text, labels in SEPARABLE if "defensive" not in labels]
    dev = [_example(text, labels) for text, labels in SEPARABLE[:3] + SEPARABLE[-3:]]
    baseline = make_baseline("tfidf").fit(train, dev)
    assert all(0 < t < 1 for t in baseline.thresholds.values())
    assert baseline.scores(["you should have read the terms"]).shape == (1, len(LABELS))


def test_baselines_compare_runs_on_a_group_split_and_prints_one_row_per_system(tmp_path):
    examples = [_example(f"{text} {i}", labels, lang, group=f"{lang}-{k}-{i}")
                for i in range(4) for k, (text, labels) in enumerate(SEPARABLE) for lang in ("en", "sv")]
    reports = run_baselines(split_examples(examples), ["lexicon", "tfidf"], out_dir=tmp_path)
    assert set(reports) == {"lexicon", "tfidf"}
    assert reports["tfidf"]["split"]["test"] == pytest.approx(0.1 * len(examples), abs=3)
    table = format_comparison(reports)
    assert table.count("\n") == 4 and "lexicon" in table and "tfidf" in table
    assert (tmp_path / "tfidf" / "evaluation.json").is_file()


def test_baselines_frozen_runs_on_the_tiny_encoder_and_caches_embeddings(tiny_base_dir, tmp_path):
    train = [_example(text, labels) for text, labels in SEPARABLE]
    baseline = make_baseline("frozen", str(tiny_base_dir))
    baseline.cache_dir = tmp_path / "cache"
    baseline.fit(train, train)
    scores = baseline.scores([text for text, _ in SEPARABLE])
    assert scores.shape == (len(SEPARABLE), len(LABELS))
    assert ((scores >= 0) & (scores <= 1)).all()
    assert len(list((tmp_path / "cache").glob("*.npy"))) == 1  # train texts embedded once, reused


def test_baselines_cli_prints_the_comparison_and_rejects_unknown_names(tmp_path):
    from click.testing import CliRunner
    from tonefall_train.cli import baselines_command

    data = tmp_path / "sentences.jsonl"
    rows = [{"text": f"{text} {i}", "labels": list(labels), "lang": lang, "group": f"{lang}-{k}-{i}"}
            for i in range(4) for k, (text, labels) in enumerate(SEPARABLE) for lang in ("en", "da")]
    data.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    out = tmp_path / "runs"
    result = CliRunner().invoke(baselines_command, ["--data", str(data), "--only", "lexicon,tfidf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "macro-F1 per language" in result.output and "tfidf" in result.output
    assert (out / "lexicon" / "reliability.png").is_file()
    bad = CliRunner().invoke(baselines_command, ["--data", str(data), "--only", "bert"])
    assert bad.exit_code == 2 and "lexicon, tfidf, frozen" in bad.output


def test_baselines_choose_splits_reuses_the_split_saved_beside_a_model(tmp_path):
    from tonefall_train.baselines.compare import choose_splits
    from tonefall_train.data import Splits, save_split

    train = [_example(text, labels) for text, labels in SEPARABLE]
    saved = Splits(train=train[:10], dev=train[10:12], test=train[12:])
    save_split(saved, tmp_path / SPLIT_FILE, {"seed": 13})
    splits, source = choose_splits([], tmp_path)
    assert splits == saved and source.endswith("split.json")
    with pytest.raises(DataError, match="split.json"):
        choose_splits([], tmp_path / "elsewhere")


def test_baselines_command_scores_held_out_test_data(tmp_path):
    from click.testing import CliRunner
    from tonefall_train.cli import baselines_command

    data, held_out = tmp_path / "sentences.jsonl", tmp_path / "held_out.jsonl"
    rows = [{"text": f"{text} {i}", "labels": list(labels), "lang": "en", "group": f"en-{k}-{i}"}
            for i in range(4) for k, (text, labels) in enumerate(SEPARABLE)]
    data.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    extra = [{"text": text, "labels": list(labels), "lang": "fi"} for text, labels in SEPARABLE[:5]]
    held_out.write_text("\n".join(json.dumps(row) for row in extra) + "\n", encoding="utf-8")
    out = tmp_path / "runs"
    result = CliRunner().invoke(baselines_command, ["--data", str(data), "--test-data", str(held_out),
                                                    "--only", "tfidf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"test: {held_out}" in result.output and "test 5)" in result.output
    report = json.loads((out / "tfidf" / "evaluation.json").read_text(encoding="utf-8"))
    assert report["n"] == 5 and set(report["per_language"]) == {"fi"}
