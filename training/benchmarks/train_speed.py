"""Fine-tuning speed, printed (never asserted): cost per sentence and the projected wall time.

    .venv/bin/python training/benchmarks/train_speed.py [--data DIR] [--sentences 800]
        [--layers 6 4] [--freeze-layers 0] [--epochs 6] [--target 8000]

For each --layers value: one training pass over --sentences real sentences (batch 32,
length-bucketed, frozen embeddings) and one scoring pass, each timed as wall time and as
process CPU time. CPU time divided by the threads is the wall time on an idle machine; the
wall time measured here is inflated whenever other jobs share the cores (the load average is
printed). Projection for `tonefall train` on --target sentences: 80% train x epochs training
passes plus dev scoring per epoch; export and final scoring add about a minute.

Target from the issue: <= 20 minutes for 8,000 sentences on 2 cores.
"""

import argparse
import os
import time

import torch
from tonefall_train.base_model import load_base, prune_vocabulary
from tonefall_train.batching import pad_id, tokenize
from tonefall_train.data import label_matrix, load_examples
from tonefall_train.fit import FitSettings, fit, predict_scores, seed_everything
from tonefall_train.model import ToneModel, freeze


def measure(texts: list[str], y, layers: int, freeze_layers: int, threads: int) -> dict[str, float]:
    """ms per sentence (wall, CPU) for one training pass and one scoring pass."""
    base = load_base(None, layers)
    base = prune_vocabulary(base, [base.text_prefix] + texts)
    ids = tokenize(base.tokenizer, texts, base.text_prefix, 64)
    model = ToneModel(base)
    freeze(model, embeddings=True, lowest_layers=freeze_layers)
    seed_everything(13)
    figures = {}
    wall, cpu = time.perf_counter(), time.process_time()
    fit(model, (ids, y), ([], y[:0]), FitSettings(epochs=1), pad_id(base.tokenizer))
    figures["train_wall"] = (time.perf_counter() - wall) / len(ids) * 1000
    figures["train_cpu"] = (time.process_time() - cpu) / len(ids) * 1000 / threads
    wall, cpu = time.perf_counter(), time.process_time()
    predict_scores(model, ids, pad_id(base.tokenizer))
    figures["score_wall"] = (time.perf_counter() - wall) / len(ids) * 1000
    figures["score_cpu"] = (time.process_time() - cpu) / len(ids) * 1000 / threads
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default="training/data/sentences")
    parser.add_argument("--sentences", type=int, default=800)
    parser.add_argument("--layers", type=int, nargs="+", default=[6])
    parser.add_argument("--freeze-layers", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=FitSettings.epochs)
    parser.add_argument("--target", type=int, default=8000)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    examples = load_examples([args.data])[: args.sentences]
    y = label_matrix(examples)
    train, dev = 0.8 * args.target, 0.1 * args.target
    print(f"{len(examples)} sentences from {args.data}, {args.threads} threads, load average {os.getloadavg()[0]:.1f}")
    for layers in args.layers:
        f = measure([e.text for e in examples], y, layers, args.freeze_layers, args.threads)
        for kind in ("wall", "cpu"):
            per_epoch = train * f[f"train_{kind}"] + dev * f[f"score_{kind}"]
            label = "measured wall" if kind == "wall" else "idle estimate (CPU / threads)"
            print(f"layers {layers}, freeze {args.freeze_layers}: {label}: train {f[f'train_{kind}']:.1f} ms/sentence, "
                  f"score {f[f'score_{kind}']:.1f} ms/sentence -> {args.target} sentences x {args.epochs} epochs "
                  f"= {args.epochs * per_epoch / 60000:.1f} min + export")
    print(f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
