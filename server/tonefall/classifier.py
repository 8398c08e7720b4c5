"""ONNX Runtime inference over a model directory (see tonefall.model_dir): sentences in, scores out.

One call batches all its sentences into as few inferences as possible, padded only to the
longest sentence of the batch, and an LRU cache keyed by sentence text means a reply sent
again while the agent types re-classifies only the sentences that changed.
"""

import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from tonefall.errors import ModelDirError
from tonefall.inference import encode, pad_id, pad_ids, sigmoid, truncating_copy
from tonefall.labels import LABELS
from tonefall.model_dir import MODEL_FILE, TOKENIZER_FILE, ModelInfo, check_servable, read_info

DEFAULT_CACHE_SIZE = 4096
# The cache is also bounded by memory: a count alone let 4096 sentences of up to 20,000
# characters (4 bytes each for emoji) grow RSS by ~245 MiB. 8 MiB still keeps all 4096 entries
# for sentences of up to ~1,500 characters (a typical one takes ~400 bytes with its row).
DEFAULT_CACHE_BYTES = 8 * 2**20
# Per entry, beyond the key's and the row's own sizes: the OrderedDict's hash slot and link node.
_ENTRY_OVERHEAD = 100
# Inferences running at once. Each holds its own activation buffers: unbounded, 50 clients
# pushed RSS from 240 to 360-420 MB with e5-small; two keep it at 250 MB, and a script's big
# /v1/classify cannot stall the typing agent's /v1/analyze. More would not add cores.
MAX_PARALLEL_RUNS = 2
# Sentences per inference (batches are formed after sorting by length, so padding stays
# small). Measured on e5-small int8, 2 cores: 16-32 gives the best throughput (~250/s);
# 64 is ~20% and 256 ~35% slower, as the activations no longer fit the CPU caches.
MAX_BATCH = 32
# Load-time probes: one sentence, an odd batch of three lengths (padding), the largest batch
# a request makes (of short sentences: 32 long ones would add ~0.4 s to every start).
SMOKE_BATCHES = (("Vi beklagar att ärendet har dragit ut på tiden, Anna.",),
                 ("Hej!", "Thank you for your patience.", "Vi beklagar att ärendet har dragit ut på tiden, Anna."),
                 ("Hej!", "Tack!") * (MAX_BATCH // 2))


# ONNX Runtime's CPU SkipLayerNormalization kernel (what this fusion produces) computes mean and
# variance in a scalar loop: perf showed ~15% of inference time in it. Unfused, the same math
# runs vectorised: measured on e5-small int8, 6 sentences p50 20 -> 15 ms, scores equal to 2e-6.
DISABLED_OPTIMIZERS = ["SkipLayerNormFusion"]


def default_threads() -> int:
    """Intra-op threads: the machine's cores, at most 2 (this is a background helper)."""
    return max(1, min(2, os.cpu_count() or 1))


class ToneClassifier:
    """A loaded model directory. Thread-safe: scoring may run from several request threads."""

    def __init__(self, model_dir: Path, info: ModelInfo, session: ort.InferenceSession,
                 tokenizer: Tokenizer, pad_id: int = 0, cache_size: int = DEFAULT_CACHE_SIZE,
                 cache_bytes: int = DEFAULT_CACHE_BYTES):
        self.model_dir = Path(model_dir)
        self.info = info
        self._session = session
        self._tokenizer = tokenizer
        self._pad_id = pad_id
        self._thresholds = np.array([info.thresholds[label] for label in LABELS], dtype=np.float32)
        # sentence -> (scores row, bytes the entry holds, counted once when it is stored)
        self._cache: OrderedDict[str, tuple[np.ndarray, int]] = OrderedDict()
        self._cache_size = cache_size
        self._cache_bytes = cache_bytes
        self.cache_used_bytes = 0  # sum of _entry_bytes over the cache
        self._lock = threading.Lock()
        self._runs = threading.BoundedSemaphore(MAX_PARALLEL_RUNS)
        self.inference_count = 0

    @classmethod
    def load(cls, model_dir: Path, threads: int | None = None, cache_size: int = DEFAULT_CACHE_SIZE,
             cache_bytes: int = DEFAULT_CACHE_BYTES, allow_failed_gate: bool = True) -> "ToneClassifier":
        """Load and smoke-test a model directory; raise ModelDirError naming what is wrong.

        ``allow_failed_gate=False`` (serving) also refuses a model training marked as not to ship;
        evaluation tools may still load one to look at it.
        """
        model_dir = Path(model_dir)
        info = read_info(model_dir)
        check_servable(model_dir, info, allow_failed_gate)
        tokenizer, pad_id = _load_tokenizer(model_dir / TOKENIZER_FILE, info.max_length)
        session = _load_session(model_dir / MODEL_FILE, threads or default_threads())
        classifier = cls(model_dir, info, session, tokenizer, pad_id, cache_size, cache_bytes)
        classifier._smoke_test()
        return classifier

    @property
    def providers(self) -> list[str]:
        return self._session.get_providers()

    def scores(self, sentences: Sequence[str]) -> np.ndarray:
        """Sigmoid probabilities, shape (len(sentences), 4), columns in LABELS order."""
        result = np.empty((len(sentences), len(LABELS)), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for index, sentence in enumerate(sentences):
                cached = self._cache.get(sentence)
                if cached is None:
                    missing.setdefault(sentence, []).append(index)
                else:
                    self._cache.move_to_end(sentence)
                    result[index] = cached[0]
        if missing:
            fresh = self._infer(list(missing))
            with self._lock:
                for (sentence, indices), row in zip(missing.items(), fresh):
                    result[indices] = row
                    self._remember(sentence, row)
        return result

    def predict(self, sentences: Sequence[str]) -> list[list[str]]:
        """Labels over the model's thresholds, in LABELS order; [] is neutral."""
        return [self.labels_of(row) for row in self.scores(sentences)]

    def labels_of(self, row: np.ndarray) -> list[str]:
        return [label for label, hit in zip(LABELS, row >= self._thresholds) if hit]

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()
            self.cache_used_bytes = 0

    def _remember(self, sentence: str, row: np.ndarray) -> None:
        row = row.copy()
        size = _entry_bytes(sentence, row)
        if size > self._cache_bytes:
            return  # one huge sentence would evict everything else and still not fit
        previous = self._cache.pop(sentence, None)  # two requests may have scored it at once
        if previous is not None:
            self.cache_used_bytes -= previous[1]
        self._cache[sentence] = (row, size)
        self.cache_used_bytes += size
        while len(self._cache) > self._cache_size or self.cache_used_bytes > self._cache_bytes:
            _oldest, (_row, oldest_size) = self._cache.popitem(last=False)
            self.cache_used_bytes -= oldest_size

    def _infer(self, sentences: list[str]) -> np.ndarray:
        ids = encode(self._tokenizer, sentences, self.info.text_prefix, self.info.input_normalization)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.empty((len(sentences), len(LABELS)), dtype=np.float32)
        for first in range(0, len(order), MAX_BATCH):
            chunk = order[first:first + MAX_BATCH]
            out[chunk] = self._run([ids[i] for i in chunk])
        return out

    def _run(self, ids: list[list[int]]) -> np.ndarray:
        input_ids, attention = pad_ids(ids, self._pad_id)
        with self._runs:
            (logits,) = self._session.run(["logits"], {"input_ids": input_ids, "attention_mask": attention})
        self.inference_count += 1
        return sigmoid(logits)

    def _smoke_test(self) -> None:
        """Run real inferences so a broken graph fails at load time, not on a request.

        Several batch sizes, up to the largest a request makes, each with sentences of several
        lengths: a graph exported with a fixed batch of 2 passed a single 2-sentence probe and
        then failed every /v1/classify.
        """
        for batch in SMOKE_BATCHES:
            size = len(batch)
            try:
                probe = self._run(encode(self._tokenizer, list(batch), self.info.text_prefix, self.info.input_normalization))
            except Exception as exc:  # ONNX Runtime raises its own exception types
                raise ModelDirError(f"{self.model_dir / MODEL_FILE}: inference on a batch of {size} failed "
                                    f"({_first_line(exc)})") from exc
            if probe.shape != (size, len(LABELS)) or not np.all(np.isfinite(probe)):
                raise ModelDirError(f"{self.model_dir / MODEL_FILE}: output 'logits' must be finite [batch, {len(LABELS)}], "
                                    f"got shape {probe.shape} for a batch of {size}")


def _entry_bytes(sentence: str, row: np.ndarray) -> int:
    """Memory one cache entry holds: a str of emoji takes 4 bytes a character, ASCII 1, plus the
    UTF-8 copy the tokenizer made and the str keeps (getsizeof counts it)."""
    return sys.getsizeof(sentence) + sys.getsizeof(row) + _ENTRY_OVERHEAD


def _load_tokenizer(path: Path, max_length: int) -> tuple[Tokenizer, int]:
    """The tokenizer (truncating, never padding: _run pads per batch) and its pad id."""
    try:
        tokenizer = Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises a bare Exception on bad JSON
        raise ModelDirError(f"{path}: not a valid tokenizers file ({_first_line(exc)})") from exc
    return truncating_copy(tokenizer, max_length), pad_id(tokenizer)


def _session_options(threads: int) -> ort.SessionOptions:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    # One request's sentences are one batch: there is no parallel branch for inter-op threads.
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Spinning threads would keep burning a core of the agent's laptop between keystrokes.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


def _load_session(path: Path, threads: int) -> ort.InferenceSession:
    try:
        session = ort.InferenceSession(str(path), _session_options(threads), providers=["CPUExecutionProvider"],
                                       disabled_optimizers=DISABLED_OPTIMIZERS)
    except Exception as exc:  # onnxruntime's Fail/InvalidGraph/InvalidProtobuf
        raise ModelDirError(f"{path}: ONNX Runtime cannot load it ({_first_line(exc)})") from exc
    inputs = {i.name for i in session.get_inputs()}
    outputs = {o.name for o in session.get_outputs()}
    if inputs != {"input_ids", "attention_mask"} or "logits" not in outputs:
        raise ModelDirError(f"{path}: needs inputs input_ids, attention_mask and output logits; has {sorted(inputs)} -> {sorted(outputs)}")
    return session


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
