"""The model directory contract shared by training (writes it) and the service (reads it).

A model directory holds:
- ``model.onnx``: int8 ONNX graph, inputs ``input_ids`` and ``attention_mask`` (int64,
  [batch, seq]), output ``logits`` (float32, [batch, len(labels)]); sigmoid gives the scores.
- ``tokenizer.json``: a `tokenizers` tokenizer whose ids index the model's (pruned) vocabulary.
- ``model.json``: this module's :class:`ModelInfo`.
- ``MODEL_CARD.md`` and plots (for people; not read here), written by training with the record of
  how it was made: ``split.json``, ``evaluations/<set>.json``, a hand-written ``NOTES.md``.

Every file name of a model directory is a constant here; code elsewhere uses these names.
"""

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from tonefall import __version__, bounded_json
from tonefall.errors import ModelDirError
from tonefall.inference import NO_NORMALIZATION, NORMALIZATIONS
from tonefall.labels import LABELS

FORMAT_VERSION = 1
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
INFO_FILE = "model.json"
# Written by training beside the files above; the service reads none of them.
CARD_FILE = "MODEL_CARD.md"
NOTES_FILE = "NOTES.md"  # hand-written caveats the card includes
SPLIT_FILE = "split.json"  # which sentences were train, dev and test
EVALUATIONS_DIR = "evaluations"  # one JSON record per evaluation set, rendered by the card


class ModelInfo(BaseModel):
    """Everything a model directory says about itself (``model.json``)."""

    format_version: int = FORMAT_VERSION
    name: str
    labels: list[str] = Field(description="Output order of the logits; must equal tonefall.labels.LABELS")
    thresholds: dict[str, float] = Field(description="Per-label decision threshold on the sigmoid score")
    max_length: int = Field(gt=2, le=512, description="Tokens per sentence, special tokens included")
    text_prefix: str = Field(default="", description="Prepended to every sentence before tokenizing")
    input_normalization: str = Field(default=NO_NORMALIZATION,
                                     description="tonefall.inference scheme applied before tokenizing ('' = raw text)")
    base_model: str
    tonefall_version: str = Field(description="Supported run-time versions, a PEP 440 specifier set")
    onnx_sha256: str
    data_sha256: str = ""
    languages: list[str] = Field(default_factory=list)
    metrics: dict[str, Any] = Field(default_factory=dict)
    library_versions: dict[str, str] = Field(default_factory=dict)
    training: dict[str, Any] = Field(default_factory=dict)
    created: str = ""
    gate_failure: str = Field(default="", description="Why training's check of the int8 file against the fp32 model "
                                                      "failed ('' = passed); serving refuses such a model unless forced")

    @property
    def version(self) -> str:
        """Which exact weights: a retrained model keeps its name but not its model.onnx hash."""
        return f"sha256:{self.onnx_sha256[:12]}"

    @field_validator("labels")
    @classmethod
    def _labels_match_contract(cls, labels: list[str]) -> list[str]:
        if tuple(labels) != LABELS:
            raise ValueError(f"must be {list(LABELS)} in that order, got {labels}")
        return labels

    @model_validator(mode="after")
    def _thresholds_cover_labels(self) -> "ModelInfo":
        missing = [label for label in self.labels if label not in self.thresholds]
        if missing:
            raise ValueError(f"thresholds missing for {missing}")
        bad = {k: v for k, v in self.thresholds.items() if not 0.0 < v < 1.0}
        if bad:
            raise ValueError(f"thresholds must lie strictly between 0 and 1: {bad}")
        return self

    @field_validator("input_normalization")
    @classmethod
    def _known_normalization(cls, scheme: str) -> str:
        if scheme not in NORMALIZATIONS:
            raise ValueError(f"unknown scheme {scheme!r}; this tonefall knows {list(NORMALIZATIONS)}")
        return scheme

    @field_validator("tonefall_version")
    @classmethod
    def _valid_specifier(cls, spec: str) -> str:
        try:
            SpecifierSet(spec)
        except InvalidSpecifier as exc:
            raise ValueError(f"not a version specifier: {spec!r}") from exc
        return spec


def check_servable(model_dir: Path, info: ModelInfo, allow_failed_gate: bool) -> None:
    """A model that failed training's int8 agreement gate is not served unless that is forced."""
    if info.gate_failure and not allow_failed_gate:
        raise ModelDirError(f"{Path(model_dir) / INFO_FILE}: field 'gate_failure': training marked this model "
                            f"as not to ship ({info.gate_failure}); serve it anyway with --allow-failed-gate "
                            f"(TONEFALL_ALLOW_FAILED_GATE=1)")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_info(model_dir: Path, info: ModelInfo) -> Path:
    path = Path(model_dir) / INFO_FILE
    path.write_text(json.dumps(info.model_dump(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read_info(model_dir: Path, verify_hash: bool = True) -> ModelInfo:
    """Read and check ``model.json`` and the files beside it; raise ModelDirError naming file and field."""
    model_dir = Path(model_dir)
    try:
        return _read_info(model_dir, verify_hash)
    except OSError as exc:  # e.g. a name over the file-name limit, a file that is not readable
        raise ModelDirError(f"{_shortened(exc.filename or model_dir)}: cannot read it ({exc.strerror})") from exc


def _read_info(model_dir: Path, verify_hash: bool) -> ModelInfo:
    if not model_dir.is_dir():
        raise ModelDirError(f"{model_dir}: model directory not found")
    for name in (INFO_FILE, MODEL_FILE, TOKENIZER_FILE):
        if not (model_dir / name).is_file():
            raise ModelDirError(f"{model_dir / name}: missing (a model directory needs {INFO_FILE}, {MODEL_FILE}, {TOKENIZER_FILE})")
    info_path = model_dir / INFO_FILE
    try:
        raw = bounded_json.loads(info_path.read_bytes())
    except bounded_json.JsonInputError as exc:
        raise ModelDirError(f"{info_path}: {exc}") from exc
    try:
        info = ModelInfo.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise ModelDirError(f"{info_path}: field '{field}': {first['msg']}") from exc
    if info.format_version != FORMAT_VERSION:
        raise ModelDirError(f"{info_path}: field 'format_version' is {info.format_version}, this tonefall reads {FORMAT_VERSION}")
    if __version__ not in SpecifierSet(info.tonefall_version):
        raise ModelDirError(f"{info_path}: field 'tonefall_version' requires {info.tonefall_version}, this is {__version__}")
    if verify_hash and sha256_file(model_dir / MODEL_FILE) != info.onnx_sha256:
        raise ModelDirError(f"{info_path}: field 'onnx_sha256' does not match {MODEL_FILE} (corrupt or replaced file)")
    return info


def _shortened(path: str | os.PathLike, keep: int = 200) -> str:
    """A path for a message: one over the file-name limit would fill the log line on its own."""
    text = os.fspath(path)
    return text if len(text) <= keep else f"{text[:keep // 2]}...{text[-keep // 2:]} ({len(text)} characters)"
