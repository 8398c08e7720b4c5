"""Vocabulary pruning: keep the pieces Nordic/European text needs, drop the rest of XLM-R's 250k.

The embedding matrix (250k x 384) is most of e5-small's weight. Tonefall only reads Latin-script
European text, so we keep, in this order until a total budget: the special tokens, every piece
the training texts use, every single character of the European ranges (so any Latin text still
tokenizes), the pieces that the common words of our languages tokenize to (ranked by word
frequency from the `wordfreq` lists), then other European pieces by unigram score. XLM-R's own
scores rank pieces over a hundred languages and drop many everyday Nordic words, hence the word
lists. Other scripts fall back to characters or ``<unk>``, acceptable for this product. The
Unigram vocabulary keeps its scores, so text whose pieces all survived tokenizes exactly as
before and embeds identically.
"""

import functools
import json
from collections import Counter
from collections.abc import Iterable

import torch
import wordfreq
from tokenizers import Tokenizer

from tonefall.errors import TonefallError
from tonefall_train.base_model import BaseModel

# Total pieces after pruning. Each piece costs 240 bytes in the artifact (4-bit embedding row with
# float block scales, see export.py); 6 layers are ~14 MB of int8 layers, so 64k pieces make a
# ~29 MB model (12 layers: ~42 MB, over the 40 MB target). Measured on held-out sentences
# without their texts in the keep set: 50k pieces split Icelandic, Dutch and French words into
# characters (15-20 % more tokens; Icelandic macro-F1 fell to ~0.5); 64k with the weights below
# keeps them within 1 % of the full vocabulary's tokens and leaves 92-94 % of Nordic and English
# sentences tokenized exactly as before (50k: 85-92 %).
DEFAULT_BUDGET = 64_000
META = "\u2581"
# Word lists ranking the pieces (nynorsk shares the bokmål list; wordfreq has no nn). Languages we
# do not train on get their common words too, with small weights: larger ones (or more of them,
# e.g. es/it/pt/pl at 0.3) crowd out Nordic pieces (only 71-78 % of sentences kept intact).
LANGUAGE_WEIGHTS = {
    "sv": 1.0, "nb": 1.0, "da": 1.0, "en": 1.0,
    "de": 0.5, "fi": 0.5, "is": 0.3, "nl": 0.15, "fr": 0.15,
}  # fmt: skip
WORDS_PER_LANGUAGE = 50_000
CAPITALISED_SHARE = 0.2  # sentence-initial and proper-noun forms, which tokenize differently

# Code point ranges of European text: Latin (basic, Latin-1, Extended A/B and Additional),
# modifier letters and combining accents (decomposed input), punctuation, currency, letterlike
# and maths symbols, arrows, shapes, dingbats and the emoji blocks agents and customers use.
EUROPEAN_RANGES = (
    (0x0020, 0x007E), (0x00A0, 0x024F), (0x02B0, 0x036F), (0x1E00, 0x1EFF),
    (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x21FF), (0x2200, 0x22FF),
    (0x2500, 0x27BF), (0x2B00, 0x2BFF), (0x2581, 0x2581), (0xFE00, 0xFE0F),
    (0x1F000, 0x1FAFF),
)  # fmt: skip


def is_european(piece: str) -> bool:
    """True if every character of the piece (metaspace aside) lies in EUROPEAN_RANGES."""
    return all(any(low <= ord(ch) <= high for low, high in EUROPEAN_RANGES) for ch in piece)


def prune_vocabulary(
    base: BaseModel, texts: Iterable[str], budget: int = DEFAULT_BUDGET
) -> BaseModel:
    """Shrink the tokenizer and embedding matrix to the pieces European text needs.

    Returns a new BaseModel; its encoder is ``base.encoder`` with the word-embedding matrix
    replaced in place, so use only the returned model afterwards."""
    spec = json.loads(base.tokenizer.to_str())
    kind = spec["model"].get("type")
    if kind != "Unigram":
        raise TonefallError(f"vocabulary pruning needs a Unigram tokenizer; {base.name} has {kind}")
    keep = sorted(_pieces_to_keep(base.tokenizer, spec, texts, budget))
    tokenizer = _pruned_tokenizer(spec, keep)
    _slice_embeddings(base.encoder, keep, tokenizer)
    return BaseModel(
        encoder=base.encoder, tokenizer=tokenizer, name=base.name, text_prefix=base.text_prefix
    )


def _pieces_to_keep(
    tokenizer: Tokenizer, spec: dict, texts: Iterable[str], budget: int
) -> set[int]:
    pieces = spec["model"]["vocab"]
    keep = {token["id"] for token in spec["added_tokens"]} | {spec["model"]["unk_id"]}
    keep |= {
        token_id for encoding in tokenizer.encode_batch(list(texts)) for token_id in encoding.ids
    }
    european = [i for i, (piece, _) in enumerate(pieces) if i not in keep and is_european(piece)]
    keep |= {
        i for i in european if len(pieces[i][0].lstrip(META)) <= 1
    }  # every character stays reachable
    usage = word_list_usage(tokenizer.to_str())
    by_usage = sorted((i for i in european if usage[i] > 0), key=lambda i: -usage[i])
    by_score = sorted(european, key=lambda i: -pieces[i][1])
    for index in by_usage + by_score:
        if len(keep) >= budget:
            break
        keep.add(index)
    return keep


@functools.lru_cache(maxsize=2)  # tokenizing 600k words takes seconds; one base, many prunes
def word_list_usage(tokenizer_json: str) -> Counter:
    """Piece id -> how much of our languages' running text it covers: the frequency-weighted
    count of the piece over each language's most common words (lower-case and capitalised)."""
    tokenizer = Tokenizer.from_str(tokenizer_json)
    usage: Counter = Counter()
    for language, weight in LANGUAGE_WEIGHTS.items():
        frequencies = wordfreq.get_frequency_dict(language)
        words = sorted(frequencies, key=frequencies.get, reverse=True)[:WORDS_PER_LANGUAGE]
        total = sum(frequencies[word] for word in words)
        variants = words + [word.capitalize() for word in words]
        shares = [weight * frequencies[word] / total for word in words]
        shares += [CAPITALISED_SHARE * share for share in shares]
        for encoding, share in zip(
            tokenizer.encode_batch_fast(variants, add_special_tokens=False), shares
        ):
            for piece_id in encoding.ids:
                usage[piece_id] += share
    return usage


def _pruned_tokenizer(spec: dict, keep: list[int]) -> Tokenizer:
    """The same tokenizer over the kept pieces (scores unchanged), with all ids remapped."""
    new_id = {old: new for new, old in enumerate(keep)}
    spec = json.loads(json.dumps(spec))  # private copy
    model = spec["model"]
    model["vocab"] = [model["vocab"][old] for old in keep]
    model["unk_id"] = new_id[model["unk_id"]]
    for token in spec["added_tokens"]:
        token["id"] = new_id[token["id"]]
    _remap_post_processor(spec.get("post_processor"), new_id)
    return Tokenizer.from_str(json.dumps(spec))


def _remap_post_processor(processor: dict | None, new_id: dict[int, int]) -> None:
    if not processor:
        return
    kind = processor.get("type")
    if kind == "TemplateProcessing":
        for special in processor["special_tokens"].values():
            special["ids"] = [new_id[i] for i in special["ids"]]
    elif kind in ("RobertaProcessing", "BertProcessing"):
        for key in ("sep", "cls"):
            processor[key][1] = new_id[processor[key][1]]
    elif kind == "Sequence":
        for inner in processor["processors"]:
            _remap_post_processor(inner, new_id)
    elif kind != "ByteLevel":
        raise TonefallError(f"vocabulary pruning cannot remap a {kind} post-processor")


def _slice_embeddings(encoder, keep: list[int], tokenizer: Tokenizer) -> None:
    old = encoder.get_input_embeddings()
    rows = old.weight.detach()[torch.tensor(keep)]
    pad_id = tokenizer.token_to_id("<pad>")
    new = torch.nn.Embedding(len(keep), rows.shape[1], padding_idx=pad_id, _weight=rows.clone())
    new.weight.requires_grad_(old.weight.requires_grad)
    encoder.set_input_embeddings(new)
    config = encoder.config
    config.vocab_size = len(keep)
    for attribute, piece in (
        ("pad_token_id", "<pad>"),
        ("bos_token_id", "<s>"),
        ("eos_token_id", "</s>"),
    ):
        if (
            getattr(config, attribute, None) is not None
            and tokenizer.token_to_id(piece) is not None
        ):
            setattr(config, attribute, tokenizer.token_to_id(piece))
