"""Where the time of one /v1/analyze goes, stage by stage, in process (for bench_service.py).

Each fresh reply goes through the same functions the service calls, in the same order, with a
clock around each: segmentation, language identification, normalisation (placeholders and
prefix), the tokenizer, padding, the ONNX Runtime session run, assembling the answer (labels,
cues, UTF-16 offsets) and the JSON step FastAPI does (response-model validation and
serialisation). What the HTTP path adds (uvicorn, middleware, routing, thread hops, the client)
is the difference between these and the live server's figures, printed by bench_service.py.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from pydantic import TypeAdapter
from tonefall.analysis import PreparedReply, assemble
from tonefall.classifier import MAX_BATCH, ToneClassifier
from tonefall.inference import model_texts, pad_ids, sigmoid, tokenize
from tonefall.language import detect_language
from tonefall.schemas import AnalyzeResponse
from tonefall.segment import segment

STAGES = ["segmentation", "language id", "normalisation", "tokenizer", "padding", "session run",
          "assemble (labels, cues, offsets)", "JSON (validate + serialise)"]
# Before #12 a reply's sentences went to encode_batch (the tokenizer's thread pool): timed in the
# same loop for comparison, not counted in the total.
OLD_TOKENIZER = "tokenizer, encode_batch (before)"


class StageClock:
    """Milliseconds per stage, one list entry per reply."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {stage: [] for stage in [*STAGES, OLD_TOKENIZER]}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.times[name].append((time.perf_counter() - started) * 1000)

    def totals(self) -> list[float]:
        return [sum(parts) for parts in zip(*(self.times[stage] for stage in STAGES))]


def analyze_in_stages(text: str, classifier: ToneClassifier, clock: StageClock, response: TypeAdapter) -> bytes:
    """/v1/analyze's work on one reply (cache bypassed: every sentence is scored), timed per stage."""
    with clock.stage("segmentation"):
        segments = segment(text)
    own = [s.text for s in segments if not s.quoted]
    with clock.stage("language id"):
        lang = detect_language(" ".join(own))
    info = classifier.info
    with clock.stage("normalisation"):
        inputs = model_texts(own, info.text_prefix, info.input_normalization)
    tokenizer = classifier._tokenizer  # the benchmark looks inside: these are the service's own objects
    with clock.stage("tokenizer"):
        ids = tokenize(tokenizer, inputs)
    with clock.stage(OLD_TOKENIZER):  # the same texts (new to the tokenizer too: it keeps no cache)
        tokenizer.encode_batch(inputs)
    assert len(ids) <= MAX_BATCH  # one batch, as the service makes for a reply this size
    with clock.stage("padding"):
        input_ids, attention = pad_ids(ids, classifier._pad_id)
    with clock.stage("session run"):
        (logits,) = classifier._session.run(["logits"], {"input_ids": input_ids, "attention_mask": attention})
        rows = sigmoid(logits)
    with clock.stage("assemble (labels, cues, offsets)"):
        result = assemble(PreparedReply(text, segments, lang), rows, classifier)
    with clock.stage("JSON (validate + serialise)"):
        body = response.dump_json(response.validate_python(result))
    return body


class StagedAnalyzer:
    """The service's model loaded in this process, analysing replies stage by stage.

    bench_service.py runs one of these between its HTTP requests, so both see the same load on
    the machine and the differences between them mean something.
    """

    def __init__(self, model_dir: Path, threads: int, warm_up: Callable[[], str]):
        self.classifier = ToneClassifier.load(model_dir, threads=threads)
        self.response = TypeAdapter(AnalyzeResponse)
        for _ in range(20):
            analyze_in_stages(warm_up(), self.classifier, StageClock(), self.response)
        self.clock = StageClock()

    def run(self, text: str) -> None:
        analyze_in_stages(text, self.classifier, self.clock, self.response)


def stage_table(clock: StageClock) -> list[str]:
    rows = [*clock.times.items(), ("in-process total", clock.totals())]
    return [f"  {name:34s} p50 {np.percentile(ms, 50):7.2f} ms  p95 {np.percentile(ms, 95):7.2f} ms" for name, ms in rows]
