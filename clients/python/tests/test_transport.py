"""The local socket's own transport (http.client on kept-alive connections): what it must keep of
httpx's behaviour, against a real ledgerd."""

import signal
import socket
import threading

import pytest
from conftest import SUBJECT
from ledger_client import Ledger, NotFoundError, UnreachableError


def test_one_connection_serves_call_after_call(seeded):
    ledger = Ledger(seeded.socket)
    for _ in range(20):
        assert ledger.belief(SUBJECT).subject == SUBJECT
    assert len(ledger._exchange._idle) == 1  # kept alive: the calls took turns on one connection


def test_a_daemon_restarted_between_calls_is_reached_again(seeded):
    ledger = Ledger(seeded.socket)
    head = ledger.status().head
    seeded.process.send_signal(signal.SIGTERM)
    seeded.process.wait(timeout=30)
    with pytest.raises(UnreachableError) as unreachable:
        ledger.status()
    assert seeded.socket in unreachable.value.message
    seeded.start()
    assert ledger.status().head == head  # the stale connection is dropped and a new one made


def test_threads_share_one_client(seeded):
    ledger = Ledger(seeded.socket)
    failures = []

    def ask():
        try:
            for _ in range(25):
                assert ledger.belief(SUBJECT).subject == SUBJECT
        except Exception as error:  # the test reports whatever a thread met
            failures.append(error)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert 1 <= len(ledger._exchange._idle) <= 8


def test_names_and_values_are_sent_as_their_utf8_bytes(seeded):
    ledger = Ledger(seeded.socket)
    for subject in ("café", "cafe\u0301", "a&b=c", "x+y z", "50%", "?#/"):
        ledger.append(subject=subject, predicate="p", object=subject, source="s")
        assert ledger.belief(subject).subject == subject
        with pytest.raises(NotFoundError):
            ledger.belief(subject + "!")


def test_an_answer_cut_short_is_unreachable_not_a_result(tmp_path):
    path = str(tmp_path / "liar.sock")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path)
    listener.listen(1)

    def answer_half():
        connection, _ = listener.accept()
        connection.recv(65536)
        connection.sendall(b'HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"head":')
        connection.close()

    server = threading.Thread(target=answer_half)
    server.start()
    with pytest.raises(UnreachableError) as cut:
        Ledger(path).status()
    server.join()
    listener.close()
    assert path in cut.value.message


def test_a_silent_daemon_times_out(tmp_path):
    path = str(tmp_path / "silent.sock")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path)
    listener.listen(1)
    with pytest.raises(UnreachableError):
        Ledger(path, timeout=0.3).status()
    listener.close()
