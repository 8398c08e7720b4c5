"""Column mappings: which export column holds each field, and which rows are not public replies.

A field is looked up in its columns in order, the first one present wins; a dotted name
("via.channel") also reaches into nested JSON objects. Presets (README, "For team leads"):

- ``generic``: text, id, agent, team, channel, created_at, ticket_id, language; a ``public``
  column, when present, skips rows where it is false.
- ``zendesk``: ticket comments (Ticket Comments API, one comment a row, with ``ticket_id``
  added): ``plain_body``; skips ``public`` false (internal notes) and customer messages, told by
  ``author_role`` "end-user" (users side-loaded) or ``author_id`` equal to ``requester_id``.
- ``macros`` (for ``--macros``): ``title`` and ``text``, or Zendesk macros (the text of their
  ``comment_value`` action).
- ``freshdesk``: conversations (Conversations API): ``body_text``; skips ``incoming`` true
  (customer messages) and ``private`` true (private notes).
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from tonefall.report.values import ValueProblem, parse_flag

FIELDS = ("text", "id", "agent", "team", "channel", "created_at", "ticket", "language", "title")


@dataclass(frozen=True)
class Mapping:
    name: str
    columns: dict[str, tuple[str, ...]]
    skip: Callable[["Mapping", dict], str | None] = field(default=lambda mapping, record: None)
    # Reshapes a record before lookup (Zendesk macros keep their text inside an "actions" list).
    reshape: Callable[[dict], dict] = field(default=lambda record: record)

    def raw(self, record: dict, name: str) -> Any:
        """The first present column of field ``name`` (None when none is present)."""
        for column in self.columns.get(name, ()):
            value = _lookup(record, column)
            if value is not None:
                return value
        return None

    def value(self, record: dict, name: str) -> str:
        value = self.raw(record, name)
        return "" if value is None else str(value)

    def flag(self, record: dict, name: str) -> bool | None:
        value = self.raw(record, name)
        return None if value is None else parse_flag(value, self.columns[name][0])

    def skip_reason(self, record: dict) -> str | None:
        return self.skip(self, record)

    def with_columns(self, **overrides: str | None) -> "Mapping":
        """The mapping with some fields read from one given column each (CLI --text-column ...)."""
        given = {name: (column,) for name, column in overrides.items() if column}
        return replace(self, columns={**self.columns, **given})


def _lookup(record: dict, column: str) -> Any:
    if column in record:
        return record[column]
    value: Any = record
    for part in column.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _generic_skip(mapping: Mapping, record: dict) -> str | None:
    return "internal note (public is false)" if mapping.flag(record, "public") is False else None


def _zendesk_skip(mapping: Mapping, record: dict) -> str | None:
    if mapping.flag(record, "public") is False:
        return "internal note (public is false)"
    role = mapping.value(record, "author_role").strip().lower()
    author, requester = mapping.value(record, "author_id"), mapping.value(record, "requester_id")
    if role == "end-user" or (requester and author == requester):
        return "customer message"
    if not role and not requester:
        raise ValueProblem("cannot tell a customer message from a reply: needs author_role or requester_id")
    return None


def _freshdesk_skip(mapping: Mapping, record: dict) -> str | None:
    if mapping.flag(record, "private"):
        return "private note (private is true)"
    if mapping.flag(record, "incoming"):
        return "customer message (incoming is true)"
    return None


GENERIC = Mapping("generic", {
    "text": ("text",), "id": ("id",), "agent": ("agent",), "team": ("team",), "channel": ("channel",),
    "created_at": ("created_at",), "ticket": ("ticket_id", "ticket"), "language": ("language", "lang"),
    "public": ("public",),
}, _generic_skip)

ZENDESK = Mapping("zendesk", {
    "text": ("plain_body", "body"), "id": ("id",), "agent": ("author_name", "author.name", "author_id"),
    "team": ("group_name", "group_id"), "channel": ("via.channel", "channel"), "created_at": ("created_at",),
    "ticket": ("ticket_id",), "language": ("language", "locale"),
    "public": ("public",), "author_role": ("author_role", "author.role"), "author_id": ("author_id",),
    "requester_id": ("requester_id",),
}, _zendesk_skip)

FRESHDESK = Mapping("freshdesk", {
    "text": ("body_text",), "id": ("id",), "agent": ("agent_name", "user_name", "user_id"),
    "team": ("group_name", "group_id"), "channel": ("source",), "created_at": ("created_at",),
    "ticket": ("ticket_id",), "language": ("language",),
    "incoming": ("incoming",), "private": ("private",),
}, _freshdesk_skip)



def _macro_actions(record: dict) -> dict:
    """A Zendesk macro's reply text is the value of its "comment_value" action."""
    actions = record.get("actions")
    if not isinstance(actions, list):
        return record
    values = {a.get("field"): a.get("value") for a in actions if isinstance(a, dict)}
    return {**values, **record}


# Canned responses (`tonefall report --macros`): a title and a text, or Zendesk macros as exported.
MACROS = Mapping("macros", {
    "text": ("text", "body", "comment_value", "content"), "id": ("id",), "title": ("title", "name"),
    "language": ("language", "lang", "locale"),
}, reshape=_macro_actions)

PRESETS = {mapping.name: mapping for mapping in (GENERIC, ZENDESK, FRESHDESK)}
