"""How long real-style sentences are in tokens, and what a longer max length costs (printed, never asserted).

    .venv/bin/python training/benchmarks/token_lengths.py [--model DIR] [DATA ...]

For each data set (default: the evaluation sets under training/data/ and the corpus): token-length
percentiles of the model input with raw text and with tonefall.inference's placeholders, and the
share of sentences cut at 64 and at 128 tokens. Then, with the model's own ONNX graph, the time to
score batches of the longest sentences truncated at 64 and at 128 tokens, and a typical 6-sentence
reply (which no max length touches), as ratios within this one run.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from tonefall.classifier import ToneClassifier
from tonefall.inference import NO_NORMALIZATION, PLACEHOLDERS_V1, encode, truncating_copy
from tonefall.settings import default_model_dir
from tonefall_train.data import load_examples

DATA = Path(__file__).resolve().parents[1] / "data"
DEFAULT_SETS = ["challenge2", "challenge3", "challenge", "sentences"]
LIMITS = (64, 128)


def lengths(tokenizer, texts, prefix, scheme) -> np.ndarray:
    return np.array([len(ids) for ids in encode(truncating_copy(tokenizer, None), texts, prefix, scheme)])


def describe(values: np.ndarray) -> str:
    cut = "  ".join(f"> {limit}: {np.mean(values > limit):6.2%}" for limit in LIMITS)
    return (f"p50 {np.percentile(values, 50):5.0f}  p95 {np.percentile(values, 95):5.0f}  "
            f"p99 {np.percentile(values, 99):5.0f}  max {values.max():4d}  {cut}")


def time_scoring(classifier: ToneClassifier, texts: list[str], max_length: int, rounds: int = 15) -> float:
    """Median ms to score ``texts`` once with the tokenizer truncating at ``max_length``."""
    classifier._tokenizer = truncating_copy(classifier._tokenizer, max_length)
    times = []
    for _ in range(rounds):
        classifier.clear_cache()
        started = time.perf_counter()
        classifier.scores(texts)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=default_model_dir())
    parser.add_argument("data", nargs="*", type=Path, default=[DATA / name for name in DEFAULT_SETS])
    args = parser.parse_args()
    classifier = ToneClassifier.load(args.model)
    tokenizer, prefix = classifier._tokenizer, classifier.info.text_prefix
    all_texts = []
    print(f"model {classifier.info.name} (max length {classifier.info.max_length}, "
          f"input normalization {classifier.info.input_normalization or 'none'})\n")
    for path in args.data:
        if not path.exists():
            continue
        texts = [e.text for e in load_examples([path])]
        all_texts += texts
        print(f"{path.name} ({len(texts)} sentences)")
        for scheme in (NO_NORMALIZATION, PLACEHOLDERS_V1):
            print(f"  {scheme or 'raw text':16s} {describe(lengths(tokenizer, texts, prefix, scheme))}")
    if not all_texts:
        sys.exit("no data found")
    raw = lengths(tokenizer, all_texts, prefix, PLACEHOLDERS_V1)
    longest = [all_texts[i] for i in np.argsort(-raw)[:32]]
    typical = ["Hej Anna,", "Jag förstår verkligen att det här har varit frustrerande för dig.",
               "Ärendet har överlämnats till berörd avdelning för vidare handläggning.",
               "Men det framgick tydligt av beställningen att sängbotten inte ingick.",
               "Jag ska försöka kolla upp det, kanske blir det klart till fredag.", "Med vänliga hälsningar"]
    print("\nscoring time, median of 15 (ms; same process, same model):")
    base = {name: time_scoring(classifier, texts, 64) for name, texts in (("longest", longest), ("typical", typical))}
    for limit in LIMITS:
        t_long, t_typ = time_scoring(classifier, longest, limit), time_scoring(classifier, typical, limit)
        print(f"  max {limit:3d}: 32 longest sentences {t_long:7.1f} ms ({t_long / base['longest']:.2f}x of 64)"
              f"   typical 6-sentence reply {t_typ:6.1f} ms ({t_typ / base['typical']:.2f}x of 64)")


if __name__ == "__main__":
    main()
