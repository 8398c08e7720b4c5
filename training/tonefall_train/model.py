"""ToneModel: a sentence encoder, mean pooling over real tokens, one linear head (4 logits)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
from tonefall.labels import LABELS
from torch import nn

if TYPE_CHECKING:
    from tonefall_train.base_model import BaseModel


class ToneModel(nn.Module):
    """``forward(input_ids, attention_mask) -> logits [batch, 4]`` in LABELS order (sigmoid per label)."""

    def __init__(self, base: BaseModel, dropout: float = 0.1):
        super().__init__()
        self.encoder = base.encoder
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(self.encoder.config.hidden_size, len(LABELS))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        # e5 was trained with mean pooling: padding must not dilute the average.
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


def freeze(model: ToneModel, embeddings: bool, lowest_layers: int) -> dict[str, int]:
    """Stop gradients to the embeddings and/or the lowest encoder layers; return parameter counts.

    The embedding matrix is most of e5-small's parameters and the lowest layers hold general
    language knowledge: freezing them speeds up each step and guards a small corpus from overfitting.
    """
    encoder = model.encoder
    if embeddings:
        encoder.embeddings.requires_grad_(False)
    layers = encoder.encoder.layer
    if lowest_layers > len(layers):
        raise ValueError(f"cannot freeze {lowest_layers} layers: the encoder has {len(layers)}")
    for layer in layers[:lowest_layers]:
        layer.requires_grad_(False)
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return {"parameters": total, "trainable_parameters": trainable}
