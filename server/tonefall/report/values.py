"""Cell values of an export as the report needs them: yes/no flags, dates, languages."""

from datetime import UTC, date, datetime

from tonefall.errors import TonefallError
from tonefall.labels import LANGUAGES

_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f", ""}
# Helpdesk CSV exports beside ISO 8601: Zendesk's "2024-03-05 10:00:00 +0100", and day-only.
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y")
# Locale codes helpdesks store that name one of our languages differently.
_LANGUAGE_ALIASES = {"no": "nb", "nob": "nb", "nno": "nn", "swe": "sv", "dan": "da", "eng": "en"}


class ValueProblem(TonefallError):
    """A cell cannot be read; the message names the column (the row is then skipped)."""


def parse_flag(value, column: str) -> bool:
    """A yes/no cell: JSON true/false, or true/false/1/0/yes/no in any case."""
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueProblem(f"{column}: {str(value)[:40]!r} is not a yes/no value")


def parse_date(value: str) -> date | None:
    """The day of a created_at cell (ISO 8601, a common export format, or Unix seconds); None if empty."""
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        return datetime.fromtimestamp(int(text), tz=UTC).date()
    try:
        return _to_utc(datetime.fromisoformat(text)).date()
    except ValueError:
        pass
    for pattern in _DATE_FORMATS:
        try:
            return _to_utc(datetime.strptime(text, pattern)).date()
        except ValueError:
            continue
    raise ValueProblem(f"created_at: {text[:40]!r} is not a date")


def _to_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment


def parse_language(value: str) -> str | None:
    """sv/nb/nn/da/en from a language or locale cell ("sv-SE", "no"); None means detect it."""
    code = value.strip().lower().replace("_", "-").split("-")[0]
    code = _LANGUAGE_ALIASES.get(code, code)
    return code if code in LANGUAGES else None


def iso_week(day: date | None) -> str:
    if day is None:
        return "unknown"
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
