"""The model being served, swappable without a restart.

A reload loads and smoke-tests the new directory completely before one reference assignment
swaps it in, so requests see either the old model or the new one, never a half-loaded one;
a broken directory raises ModelDirError and the old model keeps serving.
"""

import logging
import threading
import time
from pathlib import Path

from tonefall.classifier import ToneClassifier
from tonefall.errors import ModelDirError
from tonefall.memory import release_freed_memory
from tonefall.model_dir import INFO_FILE, MODEL_FILE, TOKENIZER_FILE

log = logging.getLogger("tonefall.model")


class ModelHolder:
    def __init__(self, classifier: ToneClassifier, threads: int | None = None, cache_size: int = 4096,
                 stamp: tuple | None = None, allow_failed_gate: bool = False):
        self._classifier = classifier
        self._allow_failed_gate = allow_failed_gate
        # The files' state when this model was read: later changes, even before watching starts, count.
        self._stamp = stamp if stamp is not None else _stamp(classifier.model_dir)
        self._threads = threads
        self._cache_size = cache_size
        self._reload_lock = threading.Lock()
        self._watcher: threading.Thread | None = None
        self._stop = threading.Event()

    @classmethod
    def load(cls, model_dir: Path, threads: int | None = None, cache_size: int = 4096,
             allow_failed_gate: bool = False) -> "ModelHolder":
        """Load the model to serve; one training marked as failing its int8 gate only when allowed."""
        stamp = _stamp(model_dir)
        classifier = _load_to_serve(model_dir, threads, cache_size, allow_failed_gate)
        return cls(classifier, threads, cache_size, stamp, allow_failed_gate)

    @property
    def classifier(self) -> ToneClassifier:
        return self._classifier

    def reload(self, model_dir: Path | None = None, allow_failed_gate: bool | None = None) -> ToneClassifier:
        """Load ``model_dir`` (default: the current one again) and swap it in; old stays on error.

        ``allow_failed_gate`` None: as the service was started.
        """
        allow = self._allow_failed_gate if allow_failed_gate is None else allow_failed_gate
        with self._reload_lock:
            target = Path(model_dir) if model_dir else self._classifier.model_dir
            started, stamp = time.perf_counter(), _stamp(target)
            try:
                fresh = _load_to_serve(target, self._threads, self._cache_size, allow)
            except ModelDirError:
                release_freed_memory()  # what the failed load allocated
                raise
            old, self._classifier, self._stamp = self._classifier, fresh, stamp
            log.info("model reloaded: %s -> %s (%s) in %.0f ms", old.info.name, fresh.info.name, target,
                     (time.perf_counter() - started) * 1000)
            # Requests still scoring with the old model hold their own reference; the last one
            # to finish frees its session, and a later reload trims that memory.
            del old
            release_freed_memory()
            return fresh

    def watch(self, interval: float) -> None:
        """Poll the served directory's files; reload when they changed and stayed still for one interval."""
        if self._watcher is None:
            self._watcher = threading.Thread(target=self._watch_loop, args=(interval,), name="tonefall-model-watch",
                                             daemon=True)
            self._watcher.start()

    def stop(self) -> None:
        self._stop.set()

    def _watch_loop(self, interval: float) -> None:
        failed_stamp = None
        while not self._stop.wait(interval):
            current = _stamp(self._classifier.model_dir)
            if current in (self._stamp, failed_stamp):
                continue
            if self._stop.wait(interval) or _stamp(self._classifier.model_dir) != current:
                continue  # stopping, or still being copied: look again next round
            try:
                self.reload()
            except ModelDirError as exc:
                failed_stamp = current  # retried when the files change again
                log.error("model directory changed but the new model was not loaded (old one still serving): %s", exc)
            except Exception:  # a bug in loading must not end watching while /v1/health says ok
                failed_stamp = current
                log.exception("model directory changed; loading it failed unexpectedly (old one still serving)")


def _load_to_serve(model_dir: Path, threads: int | None, cache_size: int, allow_failed_gate: bool) -> ToneClassifier:
    classifier = ToneClassifier.load(model_dir, threads, cache_size, allow_failed_gate=allow_failed_gate)
    if classifier.info.gate_failure:
        log.warning("serving %s although training marked it as not to ship (forced): %s", classifier.info.name,
                    classifier.info.gate_failure)
    return classifier


def _stamp(model_dir: Path) -> tuple:
    """Size and mtime of the files that make a model; changes when any is replaced."""
    stamp = []
    for name in (INFO_FILE, MODEL_FILE, TOKENIZER_FILE):
        try:
            status = (Path(model_dir) / name).stat()
            stamp.append((status.st_size, status.st_mtime_ns))
        except (OSError, ValueError):  # ValueError: a path with a NUL byte (from /v1/admin/reload)
            stamp.append(None)
    return tuple(stamp)
