"""Ledger(host="ssh://…") through a private sshd to a real ledgerd."""

import pytest
from conftest import APPENDING_USER, READING_USER, SUBJECT, Daemon, seed_events
from ledger_client import Ledger, RefusedError, UnreachableError


@pytest.fixture
def remote_daemon():
    daemon = Daemon(f'[access]\nappend_users = ["{APPENDING_USER}"]\nread_users = ["{READING_USER}"]\n')
    yield daemon
    daemon.stop()


def test_a_remote_client_appends_as_the_login_user_and_reads_like_a_local_one(sshd, remote_daemon):
    remote = Ledger(host=sshd.url(APPENDING_USER, remote_daemon.socket), ssh_command=sshd.ssh_command)
    appended = remote.append(seed_events())
    assert appended.head == 16
    assert {event.actor for event in remote.replay()} == {APPENDING_USER}
    local = Ledger(remote_daemon.socket)
    at = "2030-01-01T00:00:00Z"
    assert remote.belief(SUBJECT, at=at, as_of=at) == local.belief(SUBJECT, at=at, as_of=at)
    assert remote.subjects(page_size=1).to_list() == local.subjects().to_list()
    assert remote.status().caller["user"] == APPENDING_USER


def test_a_reader_is_refused_an_append(sshd, remote_daemon):
    reader = Ledger(host=sshd.url(READING_USER, remote_daemon.socket), ssh_command=sshd.ssh_command)
    with pytest.raises(RefusedError) as refused:
        reader.append(subject="s", predicate="p", object=1, source="x")
    assert refused.value.status == 403
    assert reader.status().head == 0


def test_failures_name_the_host(sshd, remote_daemon):
    nowhere = Ledger(host=sshd.url(APPENDING_USER, "/tmp/no-ledgerd.sock"), ssh_command=sshd.ssh_command)
    with pytest.raises(UnreachableError) as unreachable:
        nowhere.status()
    assert "/tmp/no-ledgerd.sock" in unreachable.value.message
    closed = Ledger(host=f"ssh://{APPENDING_USER}@127.0.0.1:1{remote_daemon.socket}", ssh_command=sshd.ssh_command)
    with pytest.raises(UnreachableError) as unreachable:
        closed.status()
    assert "127.0.0.1:1" in unreachable.value.message


def test_the_host_comes_from_the_environment_as_for_ledgerctl(sshd, remote_daemon, monkeypatch):
    monkeypatch.setenv("LEDGER_HOST", sshd.url(READING_USER, remote_daemon.socket))
    monkeypatch.setenv("LEDGER_SSH_COMMAND", " ".join(sshd.ssh_command))
    assert Ledger().status().caller["user"] == READING_USER
