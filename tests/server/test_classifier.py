import json
import shutil
import tracemalloc

import numpy as np
import pytest
from tonefall.classifier import DEFAULT_CACHE_BYTES, DEFAULT_CACHE_SIZE, ToneClassifier
from tonefall.errors import ModelDirError
from tonefall.labels import LABELS
from tonefall.model_dir import INFO_FILE, MODEL_FILE


@pytest.fixture(scope="module")
def classifier(tiny_model_dir):
    return ToneClassifier.load(tiny_model_dir)


def test_scores_shape_and_range(classifier):
    scores = classifier.scores(["I am sorry.", "Log in to the app.", "Maybe tomorrow."])
    assert scores.shape == (3, len(LABELS))
    assert np.all((scores > 0) & (scores < 1))


def test_predict_labels_over_thresholds(classifier):
    assert classifier.predict(["I am so sorry.", "But you should know.", "Maybe.", "Regarding it.", "Hej Anna,"]) == [
        ["empathetic"], ["defensive"], ["weak-hedged"], ["officialese"], []]


def test_batch_equals_one_by_one_despite_padding(classifier):
    sentences = ["Hi.", "Thank you for your email and the new code card today, Anna.", "Kanske."]
    classifier.clear_cache()
    batched = classifier.scores(sentences)
    classifier.clear_cache()
    single = np.vstack([classifier.scores([s]) for s in sentences])
    np.testing.assert_allclose(batched, single, atol=1e-5)


def test_one_inference_per_call_and_cache_hits(classifier):
    classifier.clear_cache()
    before = classifier.inference_count
    classifier.scores(["a one.", "b two.", "c three."])
    assert classifier.inference_count == before + 1
    classifier.scores(["a one.", "b two.", "c three."])
    assert classifier.inference_count == before + 1  # all cached
    classifier.scores(["a one.", "changed sentence."])
    assert classifier.inference_count == before + 2


def test_duplicates_and_empty_input(classifier):
    scores = classifier.scores(["same.", "same."])
    np.testing.assert_array_equal(scores[0], scores[1])
    assert classifier.scores([]).shape == (0, len(LABELS))


def test_long_sentence_truncated(classifier, monkeypatch):
    lengths = []
    run = classifier._run
    monkeypatch.setattr(classifier, "_run", lambda ids: lengths.extend(map(len, ids)) or run(ids))
    classifier.clear_cache()
    long = "word " * 5000
    # What lies past max_length tokens never reaches the model: the same scores with another tail.
    np.testing.assert_array_equal(classifier.scores([long]), classifier.scores([long + "I am so sorry."]))
    assert lengths and max(lengths) <= classifier.info.max_length


def test_missing_dir_is_model_dir_error(tmp_path):
    with pytest.raises(ModelDirError, match="not found"):
        ToneClassifier.load(tmp_path / "nope")


def test_corrupt_onnx_is_model_dir_error(tiny_model_dir, tmp_path):
    broken = shutil.copytree(tiny_model_dir, tmp_path / "broken")
    (broken / MODEL_FILE).write_bytes(b"not a graph")
    info = json.loads((broken / INFO_FILE).read_text())
    from tonefall.model_dir import sha256_file
    info["onnx_sha256"] = sha256_file(broken / MODEL_FILE)
    (broken / INFO_FILE).write_text(json.dumps(info))
    with pytest.raises(ModelDirError, match="model.onnx"):
        ToneClassifier.load(broken)


def test_score_cache_is_bounded_by_bytes(tiny_model_dir):
    bound = 256 * 1024
    classifier = ToneClassifier.load(tiny_model_dir, cache_bytes=bound)
    # 200 distinct sentences of 5,000 emoji (4 bytes a character in a str, and as many again for
    # the UTF-8 copy the tokenizer leaves on it): ~8 MB if all were kept. Made on the fly so that
    # only the cache holds them.
    def long_sentence(i: int) -> str:
        return f"{i} " + "😀" * 5_000

    tracemalloc.start()
    try:
        for start in range(0, 200, 20):
            classifier.scores([long_sentence(i) for i in range(start, start + 20)])
        filled = tracemalloc.get_traced_memory()[0]
        used = classifier.cache_used_bytes
        count = classifier.inference_count
        classifier.scores([long_sentence(i) for i in range(195, 200)])  # the newest are still cached
        assert classifier.inference_count == count
        classifier.clear_cache()
        held = filled - tracemalloc.get_traced_memory()[0]  # what Python freed with the cache
    finally:
        tracemalloc.stop()
    assert 0 < used <= bound
    assert held <= bound


def test_bytes_bound_keeps_every_ordinary_sentence(classifier):
    classifier.clear_cache()
    sentences = [f"Tack för ditt mejl om order {i}, vi skickar ett nytt kort i dag." for i in range(DEFAULT_CACHE_SIZE)]
    classifier.scores(sentences)
    assert len(classifier._cache) == DEFAULT_CACHE_SIZE  # the entry count binds first, as before
    assert classifier.cache_used_bytes <= DEFAULT_CACHE_BYTES


def test_sentence_larger_than_the_cache_is_scored_not_kept(tiny_model_dir):
    classifier = ToneClassifier.load(tiny_model_dir, cache_bytes=10_000)
    classifier.scores(["Kort mening.", "x" * 20_000])
    assert list(classifier._cache) == ["Kort mening."]
