"""Worst-case segmentation time, printed (never asserted).

    .venv/bin/python server/benchmarks/bench_segment.py [--model DIR] [--repeat 5]

For each adversarial text of about 20,000 characters (the API's limit) it prints the best of
--repeat runs of ``segment()`` alone, then one whole ``analyze()`` with the model (segmentation,
language detection, scoring, cues: what one /v1/analyze costs on the server), and the same for
an ordinary reply repeated to 20,000 characters as the reference. Linear time means every row
stays in the same few milliseconds as the ordinary text; the quadratic boundary pattern took
7-8 s on 20,000 dots or "!". A second table does the same for the texts that once made the
placeholder patterns quadratic (12 s for 20,000 characters of "a.a.a…").
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "server"))
from segment_inputs import ADVERSARIAL, NORMALIZE_ADVERSARIAL, ORDINARY
from tonefall.analysis import analyze
from tonefall.classifier import ToneClassifier
from tonefall.inference import PLACEHOLDERS_V1, normalize_input
from tonefall.segment import segment
from tonefall.settings import default_model_dir


def best_of(repeat: int, function, *args) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=default_model_dir())
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    classifier = ToneClassifier.load(args.model, 2)
    print(f"{'input':<22} {'chars':>6} {'sentences':>9} {'segment ms':>11} {'analyze ms':>11}")
    for name, text in {"ordinary reply": ORDINARY, **ADVERSARIAL}.items():
        segment_ms = best_of(args.repeat, segment, text) * 1000
        classifier.clear_cache()  # every sentence new, as for a request never seen
        analyze_ms = best_of(1, analyze, text, classifier) * 1000
        print(f"{name:<22} {len(text):>6} {len(segment(text)):>9} {segment_ms:>11.1f} {analyze_ms:>11.1f}")
    print(f"\n{'input (placeholders)':<22} {'chars':>6} {'normalize ms':>12} {'analyze ms':>11}")
    for name, text in {"ordinary reply": ORDINARY, **NORMALIZE_ADVERSARIAL}.items():
        normalize_ms = best_of(args.repeat, normalize_input, text, PLACEHOLDERS_V1) * 1000
        classifier.clear_cache()
        analyze_ms = best_of(1, analyze, text, classifier) * 1000
        print(f"{name:<22} {len(text):>6} {normalize_ms:>12.1f} {analyze_ms:>11.1f}")


if __name__ == "__main__":
    main()
