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
        offset = value.utcoffset() if value.tzinfo is not None else None
        if offset is None:
            raise ValueError(
                f"{value!r} has no timezone: give an aware datetime, such as datetime(2015, 12, 7, tzinfo=timezone.utc)"
            )
        # Computed, not converted with astimezone: 0001-01-01T00:00+01:00 is in the year 0, which Python's
        # datetime cannot hold but the ledger can.
        local = _days_from_civil(value.year, value.month, value.day) * 86400 + value.hour * 3600 + value.minute * 60
        seconds = local + value.second - offset.days * 86400 - offset.seconds
        return format_microseconds(seconds * 1_000_000 + value.microsecond - offset.microseconds)
    if isinstance(value, _dt.date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}T00:00:00.000000Z"
    raise TypeError(f"a time must be a datetime, a date or RFC 3339 text, not {type(value).__name__}")


def parse_time(text: Optional[str]) -> Union[_dt.datetime, str, None]:
    """A timezone-aware UTC datetime, exact to the microsecond. A time Python cannot hold (the year 0,
    which the ledger allows) stays the ledger's text."""
    if text is None:
        return None
    # The form the ledger writes, 27 ASCII bytes YYYY-MM-DDTHH:MM:SS.ffffffZ, read without strptime
    # (a tenth of a belief's cost in Python); anything else, or a date Python cannot hold, goes the long way.
    if (
        len(text) == 27
        and text.isascii()
        and text[4] + text[7] + text[10] + text[13] + text[16] + text[19] + text[26] == "--T::.Z"
    ):
        fields = (text[0:4], text[5:7], text[8:10], text[11:13], text[14:16], text[17:19], text[20:26])
        if all(field.isdigit() for field in fields):
            try:
                return _dt.datetime(*(int(field) for field in fields), tzinfo=_dt.timezone.utc)
            except ValueError:
                pass
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


def _civil_from_days(days: int):
    """The proleptic Gregorian (year, month, day) of a day count since 1970-01-01."""
    days += 719468
    era = days // 146097
    day_of_era = days - era * 146097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    month_index = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * month_index + 2) // 5 + 1
    month = month_index + 3 if month_index < 10 else month_index - 9
    return year_of_era + era * 400 + (month <= 2), month, day


def format_microseconds(micros: int) -> str:
    """RFC 3339 UTC with six fractional digits, as the ledger writes it; ValueError outside 0000–9999."""
    seconds, fraction = divmod(micros, 1_000_000)
    days, second_of_day = divmod(seconds, 86400)
    year, month, day = _civil_from_days(days)
    if not 0 <= year <= 9999:
        raise ValueError(f"{micros} µs after the epoch is outside the years 0000–9999 the ledger keeps")
    hour, rest = divmod(second_of_day, 3600)
    minute, second = divmod(rest, 60)
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}.{fraction:06d}Z"


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
