"""A small but real model directory for tests: a tokenizers tokenizer and an ONNX graph.

The graph is embedding lookup -> masked mean pool -> linear -> logits, built with onnx.helper
and written through the model_dir contract, so it exercises the same loading, batching,
padding and thresholding as the shipped model. A few cue words get embeddings that push
their label's logit up, so tests can assert real, predictable labels:
"sorry"/"förstår" -> empathetic, "but"/"men" -> defensive, "maybe"/"kanske" -> weak-hedged,
"regarding"/"ärendet" -> officialese; anything else is neutral.
"""

import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
from tonefall import __version__
from tonefall.labels import LABELS
from tonefall.model_dir import MODEL_FILE, TOKENIZER_FILE, ModelInfo, sha256_file, write_info

CUE_WORDS = {
    "empathetic": ["sorry", "förstår", "forstår", "beklager", "undskyld"],
    "defensive": ["but", "men", "should", "burde", "borde"],
    "weak-hedged": ["maybe", "kanske", "kanskje", "måske", "try", "försöka", "prøve"],
    "officialese": ["regarding", "ärendet", "henvendelsen", "inconvenience", "ulemper"],
}
FILLER = """hej hi hello anna tom thank you for your email the a an is it we i will send new code
card today tomorrow please log in app and to of jag vi det är en ny kod i dag din du har
kortet funkar inte this that was has been in on at with""".split()
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]
DIM = 8
CUE_BOOST = 24.0
BIAS = -1.0


def build_tokenizer() -> Tokenizer:
    words = SPECIALS + sorted(set(FILLER) | {w for ws in CUE_WORDS.values() for w in ws})
    tokenizer = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="<unk>"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    return tokenizer


def build_graph(tokenizer: Tokenizer, batch: int | str = "batch") -> onnx.ModelProto:
    """``batch`` an int: the graph only takes batches of exactly that size (a bad export)."""
    vocab = tokenizer.get_vocab()
    rng = np.random.default_rng(7)
    embedding = rng.normal(0, 0.1, (len(vocab), DIM)).astype(np.float32)
    for column, label in enumerate(LABELS):
        for word in CUE_WORDS[label]:
            embedding[vocab[word], column] += CUE_BOOST
    weight = np.zeros((DIM, len(LABELS)), dtype=np.float32)
    weight[: len(LABELS), :] = np.eye(len(LABELS), dtype=np.float32)
    bias = np.full(len(LABELS), BIAS, dtype=np.float32)
    nodes = [
        helper.make_node("Gather", ["embedding", "input_ids"], ["tokens"]),
        helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask", "last_axis"], ["mask3"]),
        helper.make_node("Mul", ["tokens", "mask3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "seq_axis"], ["summed"], keepdims=0),
        helper.make_node("ReduceSum", ["mask3", "seq_axis"], ["count"], keepdims=0),
        helper.make_node("Div", ["summed", "count"], ["pooled"]),
        helper.make_node("MatMul", ["pooled", "weight"], ["projected"]),
        helper.make_node("Add", ["projected", "bias"], ["logits"]),
    ]
    initializers = [
        numpy_helper.from_array(embedding, "embedding"),
        numpy_helper.from_array(weight, "weight"),
        numpy_helper.from_array(bias, "bias"),
        numpy_helper.from_array(np.array([-1], dtype=np.int64), "last_axis"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "seq_axis"),
    ]
    graph = helper.make_graph(
        nodes, "tiny-tonefall",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, [batch, "seq"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, [batch, "seq"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [batch, len(LABELS)])],
        initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def build_model_dir(out_dir: Path, name: str = "tiny-test-model", max_length: int = 32,
                    input_normalization: str = "", batch: int | str = "batch") -> Path:
    """Write a complete model directory to ``out_dir`` and return it."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = build_tokenizer()
    tokenizer.save(str(out_dir / TOKENIZER_FILE))
    onnx.save(build_graph(tokenizer, batch), str(out_dir / MODEL_FILE))
    info = ModelInfo(
        name=name, labels=list(LABELS), thresholds={label: 0.5 for label in LABELS},
        max_length=max_length, text_prefix="", input_normalization=input_normalization,
        base_model="tiny-onnx-helper",
        tonefall_version=f">={__version__}", onnx_sha256=sha256_file(out_dir / MODEL_FILE),
        languages=["sv", "nb", "nn", "da", "en"], metrics={"macro_f1": None},
    )
    write_info(out_dir, info)
    return out_dir


if __name__ == "__main__":
    import sys

    print(json.dumps(str(build_model_dir(Path(sys.argv[1])))))
