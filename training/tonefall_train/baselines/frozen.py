"""Frozen base model baseline: mean-pooled sentence embeddings + logistic regression per label.

Shows what the pretrained encoder knows before any fine-tuning. Embedding thousands of sentences
on CPU takes minutes, so embeddings are cached on disk, keyed by the model and the exact texts.
"""

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from platformdirs import user_cache_dir

from tonefall_train.baselines.base import Baseline
from tonefall_train.baselines.tfidf import fit_per_label, per_label_logistic, positive_scores
from tonefall_train.data import Example, label_matrix

MAX_LENGTH = 128
BATCH_SIZE = 32


def embedding_cache_dir() -> Path:
    return Path(user_cache_dir("tonefall")) / "embeddings"


def cache_key(model_name: str, prefix: str, texts: Sequence[str], max_length: int) -> str:
    digest = hashlib.sha256(f"{model_name}\0{prefix}\0{max_length}\0".encode())
    for text in texts:
        digest.update(text.encode("utf-8") + b"\0")
    return digest.hexdigest()[:32]


def embed(base, texts: Sequence[str], max_length: int = MAX_LENGTH, batch_size: int = BATCH_SIZE,
          progress: bool = True) -> np.ndarray:
    """Mean-pooled last hidden states (over the attention mask), L2-normalised; n x hidden."""
    import torch
    from tokenizers import Tokenizer
    from tonefall.classifier import pad_id
    from tqdm import tqdm

    tokenizer = Tokenizer.from_str(base.tokenizer.to_str())  # a copy: padding here only
    tokenizer.enable_truncation(max_length)
    tokenizer.enable_padding(pad_id=pad_id(tokenizer))
    base.encoder.eval()
    chunks = []
    starts = range(0, len(texts), batch_size)
    with torch.inference_mode():
        for start in tqdm(starts, desc="embedding", unit="batch", disable=not progress or len(starts) < 2):
            batch = tokenizer.encode_batch([base.text_prefix + t for t in texts[start:start + batch_size]])
            ids = torch.tensor([e.ids for e in batch], dtype=torch.long)
            mask = torch.tensor([e.attention_mask for e in batch], dtype=torch.long)
            hidden = base.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1)
            chunks.append(torch.nn.functional.normalize(pooled, dim=-1).numpy())
    return np.concatenate(chunks) if chunks else np.zeros((0, base.encoder.config.hidden_size), dtype=np.float32)


def cached_embed(base, texts: Sequence[str], cache_dir: Path | None = None, **kwargs) -> np.ndarray:
    """embed() with an on-disk cache: the same model and texts are computed once."""
    cache_dir = Path(cache_dir) if cache_dir else embedding_cache_dir()
    path = cache_dir / f"{cache_key(base.name, base.text_prefix, texts, kwargs.get('max_length', MAX_LENGTH))}.npy"
    if path.is_file():
        return np.load(path)
    vectors = embed(base, list(texts), **kwargs)
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp.npy")
    np.save(temporary, vectors)
    temporary.replace(path)  # atomic: a killed run never leaves half a cache file
    return vectors


class FrozenBaseline(Baseline):
    name = "frozen"

    def __init__(self, base_spec: str | None = None, cache_dir: Path | None = None, base=None):
        super().__init__()
        self.base_spec = base_spec
        self.cache_dir = cache_dir
        self._base = base
        self.classifier = per_label_logistic()

    @property
    def base(self):
        if self._base is None:
            from tonefall_train.base_model import load_base

            self._base = load_base(self.base_spec)
        return self._base

    def _features(self, texts: Sequence[str]) -> np.ndarray:
        return cached_embed(self.base, list(texts), self.cache_dir)

    def _fit(self, train: Sequence[Example]) -> None:
        fit_per_label(self.classifier, self._features([e.text for e in train]), label_matrix(train).astype(int))

    def scores(self, texts: Sequence[str], langs: Sequence[str] | None = None) -> np.ndarray:
        return positive_scores(self.classifier, self._features(texts))
