"""What a call costs: a belief through the Python client, locally and over ssh (a private sshd, as the
tests start it; needs root), and a whole `ledgerctl belief` process locally and over --host.

    LEDGER_BIN_DIR=.build/release .build/python-venv/bin/python clients/python/tests/measure_calls.py

Not a test (pytest does not collect it): the machines are shared, so figures are read, not asserted.
"""

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conftest

conftest.BIN = conftest.pathlib.Path(
    os.environ.get("LEDGER_BIN_DIR", conftest.REPOSITORY / ".build" / "release")
).resolve()

from conftest import APPENDING_USER, SUBJECT, Daemon, SSHServer, seed_events  # noqa: E402
from ledger_client import Ledger  # noqa: E402


def timed(call, repeat: int) -> list:
    """Seconds each of `repeat` calls took, sorted, after one call to warm up."""
    call()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return sorted(times)


def percentile(times: list, fraction: float) -> float:
    return times[min(len(times) - 1, int(len(times) * fraction))]


def main() -> None:
    daemon = Daemon(f'[access]\nappend_users = ["{APPENDING_USER}"]\n')
    server = SSHServer()
    try:
        Ledger(daemon.socket).append(seed_events())
        url = server.url(APPENDING_USER, daemon.socket)
        for name, ledger in (
            ("local socket", Ledger(daemon.socket)),
            ("over ssh, kept-alive", Ledger(host=url, ssh_command=server.ssh_command)),
        ):
            times = timed(lambda ledger=ledger: ledger.belief(SUBJECT), 2000)
            p50, p99 = percentile(times, 0.5) * 1e6, percentile(times, 0.99) * 1e6
            print(f"Python belief, {name}: p50 {p50:.0f} µs, p99 {p99:.0f} µs")
        first = timed(lambda: Ledger(host=url, ssh_command=server.ssh_command).belief(SUBJECT), 10)
        print(f"Python, a new ssh client's first belief: p50 {percentile(first, 0.5) * 1e3:.1f} ms")
        environment = dict(os.environ, LEDGER_SSH_COMMAND=" ".join(server.ssh_command))
        for name, where in (("local socket", ["--socket", daemon.socket]), ("--host over ssh", ["--host", url])):
            command = [str(conftest.BIN / "ledgerctl"), *where, "belief", SUBJECT]
            times = timed(
                lambda command=command: subprocess.run(command, env=environment, capture_output=True, check=True), 15
            )
            print(f"ledgerctl belief, {name}: p50 {percentile(times, 0.5) * 1e3:.1f} ms")
    finally:
        server.stop()
        daemon.stop()


if __name__ == "__main__":
    main()
