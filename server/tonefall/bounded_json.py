"""JSON from outside (request bodies, model.json) parsed strictly and with bounded nesting.

The standard parser accepts what we do not want to see and fails on what we must answer:
- bytes in UTF-16 or UTF-32 are guessed and decoded; here only UTF-8 is JSON (RFC 8259);
- a document nested deeper than the interpreter's recursion limit raises RecursionError, which
  is no ValueError: it became a 400 in the API and killed the model watcher's thread.
Every problem is a JsonInputError whose message says what is wrong, for a 422 or a log line.
"""

import json
from typing import Any

# Tonefall's own documents nest 3 (requests) to 5 (model.json metrics) levels deep.
MAX_DEPTH = 64


class JsonInputError(ValueError):
    """Not readable JSON: the message is the reason, written for the caller."""


def loads(data: bytes | str, max_depth: int = MAX_DEPTH) -> Any:
    """Parse UTF-8 JSON text; raise JsonInputError for bad bytes, bad JSON or too deep nesting."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JsonInputError(f"not UTF-8: byte {exc.start} is invalid ({exc.reason})") from exc
    try:
        value = json.loads(data)
    except json.JSONDecodeError as exc:
        raise JsonInputError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except RecursionError as exc:
        raise _too_deep(max_depth) from exc
    if depth(value) > max_depth:
        raise _too_deep(max_depth)
    return value


def depth(value: Any) -> int:
    """Nesting depth of parsed JSON (a scalar is 0, [] and {} are 1), without recursion."""
    deepest, pending = 0, [(value, 0)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict | list):
            level += 1
            deepest = max(deepest, level)
            pending.extend((child, level) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _too_deep(max_depth: int) -> JsonInputError:
    return JsonInputError(f"JSON nested deeper than {max_depth} levels")
