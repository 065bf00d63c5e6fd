"""The client keeps its promises on hostile input: numbers past 2**53 in receipts, times in the years
1–999 and at the year 0, a follow that outlives the daemon, a replay cut short, and ssh:// addresses
read as ledgerctl reads them (one set of test vectors for both clients)."""

import datetime as dt
import json
import pathlib
import signal
import struct
import threading
import time

import pytest
from conftest import REPOSITORY
from ledger_client import Ledger, LedgerError, UnreachableError, verify_receipt
from ledger_client.canonical import dumps, number
from ledger_client.transport import SSHDestination

VECTORS = REPOSITORY / "Tests" / "LedgerKitTests" / "Vectors"


def test_numbers_are_written_as_the_daemon_writes_them():
    for line in (VECTORS / "rfc8785-numbers.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        bits, expected = line.split()
        assert number(struct.unpack(">d", bytes.fromhex(bits))[0]) == expected, bits
    # Names sort by UTF-16 code units: U+1F600 (D83D DE00) before U+E000, unlike their UTF-8 bytes.
    assert dumps({"b": [1, 2.5, "é"], "a": None, "\ue000": 1, "\U0001f600": 2}) == (
        '{"a":null,"b":[1,2.5,"é"],"\U0001f600":2,"\ue000":1}'.encode()
    )


@pytest.mark.parametrize("value", [1e20, 2.0**60, -1e300, 2**53, 123456789012345678901234567890.0])
def test_a_receipt_holding_a_number_past_2_53_verifies_here_and_with_ledgerctl(daemon, value):
    with Ledger(daemon.socket) as ledger:
        ledger.append(subject="big", predicate="count", object=value, source="x")
        receipt = ledger.receipt("big")
        key = ledger.status().verifier_key
    belief = verify_receipt(receipt, key)
    assert belief.predicates[0].status == "settled"
    path = pathlib.Path(daemon.directory, "big.json")
    receipt.save(path)
    assert daemon.ctl("verify-receipt", str(path), "--key", key).returncode == 0
    altered = json.loads(path.read_text())
    altered["belief"]["predicates"][0]["candidates"][0]["object"] = 7
    with pytest.raises(LedgerError):
        verify_receipt(altered, key)


def test_an_integer_the_ledger_cannot_keep_exactly_is_refused_before_it_is_sent(daemon):
    with Ledger(daemon.socket) as ledger:
        with pytest.raises(ValueError, match="cannot be kept exactly"):
            ledger.append(subject="big", predicate="count", object=2**53 + 1, source="x")
        assert ledger.status().head == 0


def test_times_in_the_years_1_to_999_and_before_year_1_are_sent_as_the_ledger_writes_them(daemon):
    plus_one = dt.timezone(dt.timedelta(hours=1))
    with Ledger(daemon.socket) as ledger:
        ledger.append(
            subject="old", predicate="p", object=1, source="x", at=dt.datetime(999, 1, 1, tzinfo=dt.timezone.utc)
        )
        ledger.append(subject="old", predicate="p", object=2, source="y", at=dt.datetime(1, 1, 1, tzinfo=plus_one))
        ledger.append(subject="old", predicate="p", object=3, source="z", at=dt.date(5, 3, 1))
        times = [event.raw["effective_at"] for event in ledger.replay(subject="old")]
    assert times == ["0999-01-01T00:00:00.000000Z", "0000-12-31T23:00:00.000000Z", "0005-03-01T00:00:00.000000Z"]


def test_a_follow_outlives_the_daemon_stopping_and_dying(daemon):
    seen = []
    errors = []

    def follow():
        try:
            with Ledger(daemon.socket) as ledger:
                for event in ledger.replay(follow=True):
                    seen.append(event.seq)
                    if len(seen) == 3:
                        return
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=follow, daemon=True)
    thread.start()

    def append(n: int):
        return daemon.ctl("append", "--subject", "s", "--predicate", "p", "--object", str(n), "--source", "x")

    assert append(1).returncode == 0
    time.sleep(0.5)
    daemon.halt(signal.SIGTERM)
    daemon.start()
    assert append(2).returncode == 0
    time.sleep(0.5)
    daemon.halt(signal.SIGKILL)
    daemon.start()
    assert append(3).returncode == 0
    thread.join(timeout=30)
    assert not errors, errors
    assert seen == [1, 2, 3]


def test_a_replay_cut_by_the_daemons_death_raises(daemon):
    filler = "x" * 200
    lines = [
        json.dumps({"id": f"e{n}", "type": "assert", "subject": "s", "predicate": "p", "object": filler, "source": "x"})
        for n in range(12_000)
    ]
    assert daemon.ctl("append", "--file", "-", input="\n".join(lines).encode()).returncode == 0
    with Ledger(daemon.socket) as ledger:
        events = ledger.replay()
        next(events)
        daemon.halt(signal.SIGKILL)
        with pytest.raises(UnreachableError) as raised:
            for _ in events:
                pass
    assert raised.value.code == "incomplete"


SSH_VECTORS = json.loads((REPOSITORY / "Tests" / "LedgerClientTests" / "Vectors" / "ssh-urls.json").read_text())


@pytest.mark.parametrize("vector", SSH_VECTORS["valid"], ids=lambda v: v["url"])
def test_each_valid_ssh_address_reads_as_the_vector_says(vector):
    destination = SSHDestination.parse(vector["url"])
    assert (destination.user, destination.host, destination.port, destination.socket) == (
        vector["user"],
        vector["host"],
        vector["port"],
        vector["socket"],
    )
    assert SSHDestination.parse(str(destination)) == destination
    assert vector["host"] in destination.command(["ssh"])


@pytest.mark.parametrize("vector", SSH_VECTORS["invalid"], ids=lambda v: v["url"])
def test_each_invalid_ssh_address_is_refused_as_the_vector_says(vector):
    with pytest.raises(LedgerError) as raised:
        SSHDestination.parse(vector["url"])
    assert vector["says"] in raised.value.message
