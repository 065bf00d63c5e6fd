"""Times as the ledger writes them read back to the same instant, by the short path and the long one."""

import datetime as dt
import random

from ledger_client.times import format_time, parse_time

UTC = dt.timezone.utc


def test_the_ledgers_form_reads_back_to_the_same_instant():
    rng = random.Random(25)
    for _ in range(2000):
        seconds = rng.randrange(-62_135_596_800, 253_402_300_799)  # 0001-01-01 .. 9999-12-31
        when = dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(seconds=seconds, microseconds=rng.randrange(10**6))
        text = format_time(when)
        assert len(text) == 27
        assert parse_time(text) == when
        assert parse_time(text) == dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def test_what_python_cannot_hold_or_is_not_the_ledgers_form_takes_the_long_way():
    assert parse_time("0000-01-01T00:00:00.000000Z") == "0000-01-01T00:00:00.000000Z"  # the year 0 stays text
    assert parse_time("2015-13-07T10:00:00.000000Z") == "2015-13-07T10:00:00.000000Z"
    assert parse_time("2015-12-07T10:00:00.12345\uff16Z") == "2015-12-07T10:00:00.12345\uff16Z"  # a fullwidth digit
    assert parse_time("2015-12-07T10:00:00Z") == dt.datetime(2015, 12, 7, 10, tzinfo=UTC)
    assert parse_time("2015-12-07T11:00:00.500000+01:00") == dt.datetime(2015, 12, 7, 10, 0, 0, 500000, tzinfo=UTC)
