"""Tonefall training: data, fine-tuning, evaluation, baselines and ONNX export (needs the `train` extra)."""
