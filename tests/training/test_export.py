"""The int8 ONNX export agrees with the float torch model and honours the model-dir contract."""

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import torch
from tonefall.labels import LABELS
from tonefall_train.export import export_onnx_int8

MAX_LENGTH = 64


class MeanPoolHead(torch.nn.Module):
    """ToneModel's shape: encoder, mean pooling over the mask, a linear head (seeded, random)."""

    def __init__(self, encoder, seed: int = 3):
        super().__init__()
        self.encoder = encoder
        self.head = torch.nn.Linear(encoder.config.hidden_size, len(LABELS))
        generator = torch.Generator().manual_seed(seed)
        with torch.no_grad():
            self.head.weight.copy_(torch.randn(self.head.weight.shape, generator=generator))

    def pooled(self, input_ids, attention_mask):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)

    def forward(self, input_ids, attention_mask):
        return self.head(self.pooled(input_ids, attention_mask))

    @torch.no_grad()
    def calibrate(self, input_ids, attention_mask, spread: float = 1.5) -> None:
        """Rescale the random directions so logits centre on 0 with std ``spread`` over these
        inputs, like a trained head's (raw, e5's shared mean direction saturates them)."""
        raw = self.head.weight @ self.pooled(input_ids, attention_mask).T  # [labels, n]
        scale = spread / raw.std(dim=1)
        self.head.weight.mul_(scale[:, None])
        self.head.bias.copy_(-raw.mean(dim=1) * scale)


@pytest.fixture(scope="module")
def exported(tiny_pruned_base, corpus_sample, tmp_path_factory):
    model = MeanPoolHead(tiny_pruned_base.encoder).eval()
    model.calibrate(*map(torch.from_numpy, _batch(tiny_pruned_base, corpus_sample[200:300])))
    path = export_onnx_int8(model, tmp_path_factory.mktemp("onnx"), MAX_LENGTH)
    return model, path


def _batch(base, texts):
    tokenizer = base.tokenizer
    ids = [
        e.ids[:MAX_LENGTH] for e in tokenizer.encode_batch([base.text_prefix + t for t in texts])
    ]
    width = max(map(len, ids))
    pad = tokenizer.token_to_id("<pad>")
    input_ids = np.array([row + [pad] * (width - len(row)) for row in ids], dtype=np.int64)
    attention_mask = np.array(
        [[1] * len(row) + [0] * (width - len(row)) for row in ids], dtype=np.int64
    )
    return input_ids, attention_mask


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def test_contract_names_types_and_file(exported):
    _, path = exported
    assert path.name == "model.onnx" and path.is_file()
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    inputs = {i.name: i for i in session.get_inputs()}
    assert list(inputs) == ["input_ids", "attention_mask"]
    assert all(i.type == "tensor(int64)" and len(i.shape) == 2 for i in inputs.values())
    assert all(isinstance(dim, str) for i in inputs.values() for dim in i.shape)  # dynamic axes
    (output,) = session.get_outputs()
    assert output.name == "logits" and output.type == "tensor(float)"
    assert output.shape[1] == len(LABELS)
    nodes = onnx.load(str(path)).graph.node
    matmul_bits = [
        a.i for n in nodes if n.op_type == "MatMulNBits" for a in n.attribute if a.name == "bits"
    ]
    assert len(matmul_bits) == 2 * 6 and set(matmul_bits) == {8}  # every encoder projection is int8
    assert [n.op_type for n in nodes].count(
        "GatherBlockQuantized"
    ) == 1  # the 4-bit word embeddings


def test_int8_agrees_with_float_torch(exported, tiny_pruned_base, corpus_sample):
    model, path = exported
    texts = corpus_sample[:100]
    input_ids, attention_mask = _batch(tiny_pruned_base, texts)
    with torch.no_grad():
        reference = _sigmoid(
            model(torch.from_numpy(input_ids), torch.from_numpy(attention_mask)).numpy()
        )
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    scores = _sigmoid(
        session.run(["logits"], {"input_ids": input_ids, "attention_mask": attention_mask})[0]
    )
    assert reference.std(axis=0).min() > 0.05  # the head separates sentences: a meaningful check
    thresholds = np.median(reference, axis=0)  # half the sentences on each side of every label
    agreement = np.mean((scores >= thresholds) == (reference >= thresholds))
    worst = np.abs(scores - reference).max()
    print(f"label agreement int8 vs fp32: {agreement:.1%}, max score difference {worst:.3f}")
    assert agreement >= 0.98
    assert np.abs(scores - reference).max() <= 0.05


@pytest.mark.parametrize("batch", [1, 7])
def test_dynamic_batch_and_length(exported, tiny_pruned_base, corpus_sample, batch):
    model, path = exported
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    for texts in (["Hej!"] * batch, corpus_sample[100 : 100 + batch]):
        input_ids, attention_mask = _batch(tiny_pruned_base, texts)
        (logits,) = session.run(None, {"input_ids": input_ids, "attention_mask": attention_mask})
        assert logits.shape == (batch, len(LABELS)) and logits.dtype == np.float32
        with torch.no_grad():
            reference = model(torch.from_numpy(input_ids), torch.from_numpy(attention_mask)).numpy()
        assert np.abs(_sigmoid(logits) - _sigmoid(reference)).max() <= 0.05


def test_padding_does_not_change_scores(exported, tiny_pruned_base):
    _, path = exported
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    alone = session.run(
        None,
        dict(
            zip(
                ("input_ids", "attention_mask"),
                _batch(tiny_pruned_base, ["Tack för ditt tålamod."]),
            )
        ),
    )[0]
    padded_inputs = _batch(
        tiny_pruned_base,
        [
            "Tack för ditt tålamod.",
            "En mycket längre mening som tvingar fram utfyllnad i den första raden.",
        ],
    )
    padded = session.run(None, dict(zip(("input_ids", "attention_mask"), padded_inputs)))[0]
    np.testing.assert_allclose(padded[0], alone[0], atol=0.02)
