"""Labelled data loading, validation messages, duplicates, report and the group-keeping split."""

import json

import numpy as np
import pytest
from click.testing import CliRunner
from tonefall.errors import DataError
from tonefall.labels import LABELS
from tonefall.model_dir import SPLIT_FILE
from tonefall_train.cli import data_group
from tonefall_train.data import (
    data_sha256,
    label_matrix,
    load_examples,
    load_split,
    save_split,
    split_examples,
)
from tonefall_train.data_report import build_report
from tonefall_train.dedup import find_duplicates

GOOD = {"text": "Jag förstår att det är jobbigt.", "labels": ["empathetic"], "lang": "sv",
        "domain": "bank", "group": "sv-bank-001"}


def write_jsonl(path, records):
    path.write_text("".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) + "\n"
                            for r in records), encoding="utf-8")
    return path


def test_jsonl_and_csv_load_with_labels_in_contract_order(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [GOOD, {**GOOD, "text": "Du borde ha läst villkoren.",
                                              "labels": ["officialese", "defensive"], "group": "g2"}])
    (tmp_path / "b.csv").write_text(
        "text,labels,lang\n\"Hej, Anna\",,sv\nVi kanske kan prova.,weak-hedged;officialese,sv\n",
        encoding="utf-8")
    examples = load_examples([tmp_path])
    assert [e.labels for e in examples] == [("empathetic",), ("defensive", "officialese"), (),
                                            ("weak-hedged", "officialese")]
    assert examples[2].text == "Hej, Anna" and examples[2].source.endswith("b.csv:2")
    assert examples[1].source.endswith("a.jsonl:2") and examples[0].domain == "bank"
    matrix = label_matrix(examples)
    assert matrix.shape == (4, len(LABELS))
    assert matrix[1].tolist() == [0, 1, 0, 1] and matrix[2].sum() == 0


@pytest.mark.parametrize("line, message", [
    ('{"text": "x", "labels": ["rude"], "lang": "sv"}\n', "unknown label"),
    ('{"text": "  ", "labels": [], "lang": "sv"}\n', "empty text"),
    ('{"text": "x", "labels": [], "lang": "sv",}\n', "bad JSON"),
    ('{"text": "x", "lang": "sv"}\n', "missing field(s) labels"),
    ('{"text": "x", "labels": "empathetic", "lang": "sv"}\n', "field 'labels' must be a list"),
    ('{"text": 3, "labels": [], "lang": "sv"}\n', "field 'text' must be a string"),
    ('{"text": "x", "labels": [], "lang": "sv", "label": []}\n', "unknown field(s) label"),
    ('["x"]\n', "expected a JSON object"),
])
def test_bad_jsonl_line_names_file_and_line(tmp_path, line, message):
    path = write_jsonl(tmp_path / "bad.jsonl", [GOOD, line])
    with pytest.raises(DataError) as info:
        load_examples([path])
    assert f"{path}:2: {message}" in str(info.value)


def test_bad_csv_header_and_row(tmp_path):
    header = tmp_path / "h.csv"
    header.write_text("sentence,labels,lang\nx,,sv\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"h\.csv:1: bad CSV header"):
        load_examples([header])
    row = tmp_path / "r.csv"
    row.write_text("text,labels,lang\nx,,sv\ny,rude,sv\nz,,sv,extra\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_examples([row])
    assert f"{row}:3: unknown label" in str(info.value) and f"{row}:4: expected 3 columns" in str(info.value)


def test_all_errors_are_counted_and_nothing_is_loaded(tmp_path):
    lines = [GOOD] + ['{"text": "", "labels": [], "lang": "sv"}\n'] * 7
    with pytest.raises(DataError, match=r"(?s)7 error\(s\).*\.\.\. and 2 more"):
        load_examples([write_jsonl(tmp_path / "many.jsonl", lines)])


def test_missing_path_and_directory_without_data(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        load_examples([tmp_path / "nope.jsonl"])
    with pytest.raises(DataError, match="no .jsonl or .csv files"):
        load_examples([tmp_path])


def test_directory_walk_skips_replies(tmp_path):
    (tmp_path / "replies").mkdir()
    write_jsonl(tmp_path / "replies" / "sv.jsonl", [{"id": "r1", "text": "Hej", "sentences": []}])
    write_jsonl(tmp_path / "s.jsonl", [GOOD])
    assert len(load_examples([tmp_path])) == 1


def make_examples(tmp_path, n_groups=60, per_group=3):
    records = [
        {"text": f"Mening nummer {g} variant {k} på {lang}.", "labels": [LABELS[g % 4]] if g % 2 else [],
         "lang": lang, "group": f"{lang}-{g}"}
        for lang in ("sv", "da", "en") for g in range(n_groups) for k in range(per_group)
    ]
    return load_examples([write_jsonl(tmp_path / "many.jsonl", records)])


def test_split_keeps_groups_apart_is_seeded_and_stratified(tmp_path):
    examples = make_examples(tmp_path)
    splits = split_examples(examples, seed=13)
    assert sum(map(len, splits)) == len(examples)
    groups = [{e.group for e in part} for part in splits]
    assert not (groups[0] & groups[1] or groups[0] & groups[2] or groups[1] & groups[2])
    for lang in ("sv", "da", "en"):
        assert sum(e.lang == lang for e in splits.test) == 18  # 10% of 180, whole groups of 3
    assert split_examples(examples, seed=13) == splits
    assert split_examples(examples, seed=14).test != splits.test


def test_split_keeps_identical_texts_on_one_side_even_across_groups(tmp_path):
    records = [{"text": f"Text {i % 20}", "labels": [], "lang": "en", "group": f"g{i}"} for i in range(200)]
    splits = split_examples(load_examples([write_jsonl(tmp_path / "d.jsonl", records)]))
    texts = [{e.text for e in part} for part in splits]
    assert not (texts[0] & texts[1] or texts[0] & texts[2] or texts[1] & texts[2])


def test_duplicates_exact_conflicting_and_near(tmp_path):
    records = [
        {"text": "Vi beklager eventuelle ulemper.", "labels": ["officialese"], "lang": "nb", "group": "a"},
        {"text": "vi beklager eventuelle ulemper", "labels": [], "lang": "nb", "group": "b"},
        {"text": "Du burde ha lest vilkårene før du bestilte.", "labels": ["defensive"], "lang": "nb", "group": "c"},
        {"text": "Du burde ha lest vilkårene før du bestilte det.", "labels": ["defensive"], "lang": "nb", "group": "d"},
        {"text": "Jeg sender et nytt kort i dag.", "labels": [], "lang": "nb", "group": "e"},
    ]
    examples = load_examples([write_jsonl(tmp_path / "d.jsonl", records)])
    pairs = find_duplicates(examples)
    kinds = sorted((p.exact, p.conflicting, p.first.group, p.second.group) for p in pairs)
    assert kinds == [(False, False, "c", "d"), (True, True, "a", "b")]
    report = build_report(examples, pairs)
    assert report["duplicates"]["exact_conflicting"] == 1
    assert report["by_language"]["nb"]["officialese"] == 1 and report["by_language"]["nb"]["neutral"] == 2


def test_near_duplicates_are_found_across_similarity_blocks_among_thousands(tmp_path):
    # 2,000 unrelated sentences, the similarity matrix computed in blocks of BLOCK_ROWS rows: the
    # planted near-copies sit in other blocks than their originals and must still be paired.
    rng = np.random.default_rng(0)
    words = [f"ord{i}" for i in range(400)]
    texts = [" ".join(rng.choice(words, 8)) for _ in range(2000)]
    planted = {(10, 1500), (600, 1999)}
    for original, copy in planted:
        texts[copy] = texts[original] + " nu"
    records = [{"text": text, "labels": [], "lang": "sv", "group": str(i)} for i, text in enumerate(texts)]
    examples = load_examples([write_jsonl(tmp_path / "r.jsonl", records)])
    found = {(int(p.first.group), int(p.second.group)) for p in find_duplicates(examples)}
    assert found == planted


def test_data_check_cli_prints_report_and_fails_on_conflicts(tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", [GOOD])
    result = CliRunner().invoke(data_group, ["check", str(good)])
    assert result.exit_code == 0 and "empathetic" in result.output
    result = CliRunner().invoke(data_group, ["check", "--json", str(good)])
    assert json.loads(result.output)["by_language"]["sv"]["empathetic"] == 1
    conflict = write_jsonl(tmp_path / "c.jsonl", [GOOD, {**GOOD, "labels": []}])
    result = CliRunner().invoke(data_group, ["check", str(conflict)])
    assert result.exit_code == 1 and "CONFLICT" in result.output
    bad = write_jsonl(tmp_path / "bad.jsonl", ["not json\n"])
    result = CliRunner().invoke(data_group, ["check", str(bad)])
    assert result.exit_code != 0 and "bad.jsonl:1: bad JSON" in str(result.exception)


def test_split_file_round_trip_keeps_sources(tmp_path):
    splits = split_examples(make_examples(tmp_path))
    path = save_split(splits, tmp_path / SPLIT_FILE, {"seed": 13})
    assert load_split(path) == splits
    (tmp_path / "broken.json").write_text("{}", encoding="utf-8")
    with pytest.raises(DataError, match="broken.json: not a split file"):
        load_split(tmp_path / "broken.json")


def test_group_split_file_reads_the_sentences_back_from_the_corpus(tmp_path, monkeypatch):
    corpus = tmp_path / "repo" / "data"
    corpus.mkdir(parents=True)
    splits = split_examples(make_examples(corpus))
    model_dir = tmp_path / "repo" / "models" / "m"
    model_dir.mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "repo")
    path = save_split(splits, model_dir / SPLIT_FILE, {"seed": 13}, [corpus.relative_to(tmp_path / "repo")])

    def content(parts):  # the source path differs with the folder the corpus is read from
        return [[(e.text, e.labels, e.group) for e in part] for part in parts]

    assert content(load_split(path)) == content(splits)
    # Groups, not sentences: far smaller than the whole-example file, and readable from elsewhere.
    whole = save_split(splits, tmp_path / "whole.json", {"seed": 13})
    assert path.stat().st_size * 4 < whole.stat().st_size
    monkeypatch.chdir(tmp_path)
    assert content(load_split(path)) == content(splits)
    # A group added to the corpus later is train; the held-out parts stay as they were.
    with (corpus / "many.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps({"text": "Ny mening.", "labels": [], "lang": "sv", "group": "sv-new"}) + "\n")
    later = load_split(path)
    assert content(later)[1:] == content(splits)[1:]
    assert [e.group for e in later.train if e.group == "sv-new"] == ["sv-new"]
    (corpus / "many.jsonl").unlink()
    with pytest.raises(DataError, match="no .jsonl or .csv files|not found"):
        load_split(path)


def test_data_hash_follows_contents_not_location(tmp_path):
    (tmp_path / "a").mkdir()
    first = write_jsonl(tmp_path / "a" / "x.jsonl", [GOOD])
    second = write_jsonl(tmp_path / "b.jsonl", [GOOD])
    assert data_sha256([first]) == data_sha256([second])
    write_jsonl(second, [GOOD, {**GOOD, "text": "Ny mening."}])
    assert data_sha256([first]) != data_sha256([second])


@pytest.mark.parametrize("lang", ["no", "se", "dk", "xx", "fi", "de", "fr"])
def test_data_check_rejects_languages_the_corpus_does_not_allow_naming_file_and_line(tmp_path, lang):
    (tmp_path / "sentences").mkdir()
    path = write_jsonl(tmp_path / "sentences" / "bank.jsonl", [GOOD, {**GOOD, "text": "Vi ringer dig i morgon.", "lang": lang}])
    result = CliRunner().invoke(data_group, ["check", str(path)])
    assert result.exit_code != 0
    assert f"bank.jsonl:2: field 'lang' is '{lang}'" in str(result.exception)


def test_finnish_and_german_only_under_extra_any_language_in_challenge_sets(tmp_path):
    for folder, lang, allowed in [("extra", "fi", True), ("extra", "de", True), ("extra", "no", False),
                                  ("challenge", "fr", True), ("challenge2", "is", True), ("sentences", "de", False)]:
        (tmp_path / folder).mkdir(exist_ok=True)
        path = write_jsonl(tmp_path / folder / f"{lang}.jsonl", [{**GOOD, "lang": lang}])
        result = CliRunner().invoke(data_group, ["check", str(path)])
        assert (result.exit_code == 0) == allowed, (folder, lang, result.output, result.exception)


def test_data_check_rejects_unknown_domains(tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [GOOD, {**GOOD, "text": "Hej.", "domain": "banking"},
                                              {**GOOD, "text": "Tack.", "domain": "feedback"},
                                              {**{k: v for k, v in GOOD.items() if k != "domain"}, "text": "Nej."}])
    result = CliRunner().invoke(data_group, ["check", str(path)])
    assert result.exit_code != 0
    message = str(result.exception)
    assert "d.jsonl:2: field 'domain' is 'banking'" in message and "1 record(s)" in message  # feedback, none: fine


def test_the_shipped_corpus_keeps_the_rules():
    from pathlib import Path

    from tonefall_train.corpus_rules import check_corpus_rules

    data = Path(__file__).resolve().parents[2] / "training" / "data"
    for folder in ("sentences", "extra", "challenge", "challenge2", "challenge3"):
        check_corpus_rules(load_examples([data / folder]))
