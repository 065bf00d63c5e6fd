"""Every method of Ledger against a real ledgerd."""

import base64
import datetime as dt
import threading

import pytest
from conftest import SUBJECT, seed_events
from ledger_client import (
    BehindError,
    Belief,
    ConflictError,
    DamagedError,
    Event,
    ForbiddenError,
    Ledger,
    LedgerError,
    NotFoundError,
    RefusedError,
    StorageFullError,
    TooLargeError,
    UnavailableError,
    UnreachableError,
)
from ledger_client.errors import error_class

UTC = dt.timezone.utc


def test_append_one_claim_and_a_batch(daemon):
    ledger = Ledger(daemon.socket)
    one = ledger.append(
        subject="strike:1",
        predicate="killed",
        object=3,
        source="SOHR",
        at=dt.datetime(2015, 12, 6, 18, tzinfo=UTC),
        quote="Three soldiers died",
        id="c1",
    )
    assert one.head == 1
    assert [(r.seq, r.id, r.duplicate) for r in one.results] == [(1, "c1", False)]
    assert one.results[0].recorded_at.tzinfo is not None
    batch = ledger.append(seed_events())
    assert batch.head == 17 and len(batch.results) == 16
    again = ledger.append(seed_events())
    assert all(r.duplicate for r in again.results) and again.head == 17
    shown = ledger.show("c1")
    assert shown.evidence["quote"] == "Three soldiers died"
    assert shown.effective_at == dt.datetime(2015, 12, 6, 18, tzinfo=UTC)


def test_belief_now_and_at_a_valid_and_a_record_time(seeded):
    ledger = Ledger(seeded.socket)
    now = ledger.belief(SUBJECT)
    assert isinstance(now, Belief) and now.subject == SUBJECT
    assert now.predicate("perpetrator").status == "contested"
    assert {c.object for c in now.predicate("perpetrator").candidates} == {"Russia", "US-led coalition"}
    before = ledger.belief(
        SUBJECT, "perpetrator", at=dt.datetime(2015, 12, 7, 10, tzinfo=UTC), as_of="2030-01-01T00:00:00Z"
    )
    assert [p.status for p in before.predicates] == ["settled"]
    assert before.at == dt.datetime(2015, 12, 7, 10, tzinfo=UTC)
    nothing_recorded = ledger.belief(SUBJECT, at="2030-01-01T00:00:00Z", as_of=dt.date(2000, 1, 1))
    assert nothing_recorded.predicates == []


def test_retract_erase_history_and_replay(seeded):
    ledger = Ledger(seeded.socket)
    retracted = ledger.retract("deir-ezzor-2015:sohr-killed", "the Observatory corrected its count")
    assert retracted.head == 17
    erased = ledger.erase("deir-ezzor-2015:rbss-perpetrator", "the source's safety")
    assert erased.head == 18
    history = ledger.history(SUBJECT)
    entries = list(history)
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)
    assert any(e.type == "retract" and e.reason == "the Observatory corrected its count" for e in entries)
    assert any(e.erased and e.erased["reason"] == "the source's safety" for e in entries)
    frame = history.to_frame()
    assert list(frame["seq"]) == [e.seq for e in entries] and "status_after" in frame.columns
    events = list(ledger.replay())
    assert [e.seq for e in events] == list(range(1, 19))
    assert all(isinstance(e, Event) and e.actor for e in events)
    assert [e.type for e in events[-2:]] == ["retract", "erase"]
    # The erased claim (seq 16 of the seed) keeps its evidence hash and loses the evidence; the erase
    # event names it and says why.
    erased_claim = next(e for e in events if e.id == "deir-ezzor-2015:rbss-perpetrator")
    assert erased_claim.seq == 16
    assert "evidence" not in erased_claim.raw
    assert len(erased_claim.raw["evidence_hash"]) == 64
    assert "Russian airstrikes" not in str(erased_claim.raw)
    erase = events[-1]
    assert erase.raw["target"] == "deir-ezzor-2015:rbss-perpetrator"
    assert erase.raw["reason"] == "the source's safety"
    window = list(ledger.replay(from_seq=3, to_seq=5))
    assert [e.seq for e in window] == [3, 4, 5]
    about = list(ledger.replay(subject=SUBJECT))
    assert about and all(e.subject in (SUBJECT, None) for e in about)


def test_lists_follow_next_after_across_pages(daemon):
    ledger = Ledger(daemon.socket)
    ledger.append(
        [
            {"type": "assert", "subject": f"town:{i:02d}", "predicate": "p", "object": i % 3, "source": "wire"}
            for i in range(25)
        ]
        + [
            {"type": "assert", "subject": f"town:{i:02d}", "predicate": "p", "object": 99, "source": "other"}
            for i in range(0, 25, 2)
        ]
    )
    subjects = ledger.subjects(prefix="town:", page_size=4)
    assert [s.subject for s in subjects] == [f"town:{i:02d}" for i in range(25)]
    claims = ledger.claims("wire", page_size=7).to_list()
    assert [c.seq for c in claims] == list(range(1, 26)) and all(c.stands for c in claims)
    contested = ledger.contested(page_size=5).to_list()
    assert [c.subject for c in contested] == [f"town:{i:02d}" for i in range(0, 25, 2)]
    assert ledger.subjects(prefix="town:", page_size=4).to_frame().shape == (25, 2)
    assert list(ledger.subjects(prefix="nothing-")) == []


def test_replay_follow_streams_new_events(seeded):
    ledger = Ledger(seeded.socket)
    seen = []

    def follow():
        for event in ledger.replay(from_seq=16, follow=True):
            seen.append(event.seq)
            if event.seq == 18:
                return

    reader = threading.Thread(target=follow)
    reader.start()
    writer = Ledger(seeded.socket)
    for n in (1, 2):
        writer.append(subject="strike:follow", predicate="p", object=n, source="s")
    reader.join(timeout=20)
    assert not reader.is_alive()
    assert seen == [16, 17, 18]


def test_status_checkpoint_and_min_head(seeded):
    status = Ledger(seeded.socket).status()
    checkpoint = Ledger(seeded.socket).checkpoint()
    origin, size, root = checkpoint.split("\n")[:3]
    assert origin and " " not in origin
    assert root == base64.b64encode(bytes.fromhex(status.root_hash)).decode()
    assert int(size) == 16 and checkpoint.split("\n\n")[1].startswith("\u2014 ")
    assert status.head == 16 and "+" in status.verifier_key and len(status.root_hash) == 64
    assert status.data_dir.endswith("/data")
    assert Ledger(seeded.socket, min_head=16).belief(SUBJECT).predicates


def test_errors_carry_the_api_fields(seeded):
    ledger = Ledger(seeded.socket)
    with pytest.raises(RefusedError) as refused:
        ledger.append([{"type": "assert", "subject": "s", "predicate": "p", "object": 1}])
    assert refused.value.code and refused.value.index == 0 and refused.value.field == "source"
    assert refused.value.status == 400
    with pytest.raises(ConflictError) as conflict:
        ledger.append(subject="s", predicate="p", object=1, source="x", expected_head=3)
    assert conflict.value.code == "head_moved"
    with pytest.raises(ConflictError):
        ledger.append(subject=SUBJECT, predicate="killed", object=4000, source="x", id="deir-ezzor-2015:sohr-killed")
    with pytest.raises(NotFoundError):
        ledger.show("no-such-event")
    with pytest.raises(NotFoundError):
        ledger.receipt("no-such-subject")
    with pytest.raises(ValueError):
        ledger.belief(SUBJECT, at=dt.datetime(2015, 12, 7))  # naive: refused before it is sent
    assert isinstance(refused.value, LedgerError)
    assert ledger.status().head == 16, "nothing of a refused request was written"


def test_each_error_code_has_its_class(seeded):
    """The class follows the API's code, not only the status: a 503 behind is a BehindError, a 403 a
    ForbiddenError; an unknown code falls back to its status's class."""
    for code, kind in [
        ("forbidden", ForbiddenError),
        ("batch_too_large", TooLargeError),
        ("unknown_target", NotFoundError),
        ("subject_moved", ConflictError),
        ("behind", BehindError),
        ("shutting_down", UnavailableError),
        ("storage_full", StorageFullError),
        ("damaged_log", DamagedError),
    ]:
        assert error_class(code) is kind, code
    assert error_class("a_code_from_a_newer_ledgerd", 409) is ConflictError
    assert error_class("a_code_from_a_newer_ledgerd", 400) is RefusedError
    assert error_class("a_code_from_a_newer_ledgerd", 500) is LedgerError
    ledger = Ledger(seeded.socket)
    with pytest.raises(BehindError) as behind:
        Ledger(seeded.socket, min_head=1000).belief(SUBJECT)
    assert behind.value.code == "behind" and behind.value.status == 503
    with pytest.raises(TooLargeError):
        ledger.append([{"type": "assert", "subject": "s", "predicate": "p", "object": "x" * 200_000, "source": "x"}])
    assert ledger.status().head == 16


def test_a_missing_daemon_names_the_socket(tmp_path):
    socket_path = str(tmp_path / "nobody.sock")
    with pytest.raises(UnreachableError) as unreachable:
        Ledger(socket_path).status()
    assert socket_path in unreachable.value.message


def test_the_socket_comes_from_the_environment_as_for_ledgerctl(seeded, monkeypatch):
    monkeypatch.setenv("LEDGER_SOCKET", seeded.socket)
    assert Ledger().status().head == 16
