"""Times as the ledger writes them (RFC 3339, UTC, microseconds) and as Python holds them."""

import datetime as _dt
import re
from typing import Optional, Union

TimeLike = Union[_dt.datetime, _dt.date, str]

_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$"
)


def format_time(value: TimeLike) -> str:
    """A query or event time: a timezone-aware datetime, a date (its start, UTC), or RFC 3339 text."""
    if isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"{value!r} has no timezone: give an aware datetime, such as datetime(2015, 12, 7, tzinfo=timezone.utc)"
            )
        return value.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, _dt.date):
        return value.strftime("%Y-%m-%dT00:00:00.000000Z")
    raise TypeError(f"a time must be a datetime, a date or RFC 3339 text, not {type(value).__name__}")


def parse_time(text: Optional[str]) -> Union[_dt.datetime, str, None]:
    """A timezone-aware UTC datetime, exact to the microsecond. A time Python cannot hold (the year 0,
    which the ledger allows) stays the ledger's text."""
    if text is None:
        return None
    try:
        return _dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=_dt.timezone.utc)
    except ValueError:
        pass
    try:
        return _dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(_dt.timezone.utc)
    except ValueError:
        return text


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 in the proleptic Gregorian calendar (any year from 0 on)."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def microseconds(text: str) -> int:
    """Microseconds since the epoch of an RFC 3339 time, the year 0 included; ValueError otherwise."""
    match = _RFC3339.match(text)
    if not match:
        raise ValueError(f"{text!r} is not an RFC 3339 time")
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    fraction = (match.group(7) or "").ljust(6, "0")
    if len(fraction) > 6 and fraction[6:].strip("0"):
        raise ValueError(f"{text!r} is finer than a microsecond")
    offset = 0
    if match.group(9):
        offset = (int(match.group(10)) * 60 + int(match.group(11))) * 60 * (1 if match.group(9) == "+" else -1)
    seconds = _days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset
    return seconds * 1_000_000 + int(fraction[:6])
