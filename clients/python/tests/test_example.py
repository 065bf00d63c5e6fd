"""The example in examples/ keeps working: it loads the seed data and plots the timeline."""

import pathlib
import subprocess
import sys

EXAMPLE = pathlib.Path(__file__).resolve().parents[1] / "examples" / "timeline.py"


def test_the_timeline_example_loads_the_seed_and_writes_a_plot(daemon, tmp_path):
    out = tmp_path / "timeline.png"
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), "--socket", daemon.socket, "--out", str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "16 new events; the ledger's head is 16" in result.stdout
    assert "perpetrator  contested" in result.stdout
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 20_000
    again = subprocess.run(
        [sys.executable, str(EXAMPLE), "--socket", daemon.socket, "--out", str(out)], capture_output=True, text=True
    )
    assert "0 new events" in again.stdout


def test_the_example_runs_against_a_ledger_on_another_machine_over_ssh(sshd, tmp_path):
    from conftest import APPENDING_USER, Daemon

    remote = Daemon(f'[access]\nappend_users = ["{APPENDING_USER}"]\n')
    try:
        out = tmp_path / "remote.png"
        result = subprocess.run(
            [sys.executable, str(EXAMPLE), "--host", sshd.url(APPENDING_USER, remote.socket), "--out", str(out)],
            capture_output=True,
            text=True,
            env={**__import__("os").environ, "LEDGER_SSH_COMMAND": " ".join(sshd.ssh_command)},
        )
        assert result.returncode == 0, result.stderr
        assert "16 new events; the ledger's head is 16" in result.stdout
        assert out.stat().st_size > 20_000
        assert APPENDING_USER in remote.ctl("replay").stdout.decode()
    finally:
        remote.stop()
