"""What a call costs: µs per belief through the Python client, locally and over ssh (a private sshd, as
the tests start it; needs root), and a whole `ledgerctl belief` locally and over --host.

    LEDGER_BIN_DIR=.build/release .build/python-venv/bin/python clients/python/tests/measure_calls.py
"""
import os, sys, time, statistics, subprocess
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conftest
conftest.BIN = conftest.pathlib.Path(os.environ.get("LEDGER_BIN_DIR", conftest.REPOSITORY / ".build" / "release")).resolve()
from conftest import Daemon, SSHServer, APPENDING_USER, SUBJECT, seed_events
from ledger_client import Ledger

daemon = Daemon(f'[access]\nappend_users = ["{APPENDING_USER}"]\n')
server = SSHServer()
try:
    Ledger(daemon.socket).append(seed_events())
    def measure(ledger, n):
        ledger.belief(SUBJECT)
        times = []
        for _ in range(n):
            start = time.perf_counter(); ledger.belief(SUBJECT); times.append(time.perf_counter() - start)
        times.sort()
        return times[len(times)//2] * 1e6, times[int(len(times)*0.99)] * 1e6
    local = Ledger(daemon.socket)
    print("python local belief p50 %.0f µs p99 %.0f µs" % measure(local, 2000))
    remote = Ledger(host=server.url(APPENDING_USER, daemon.socket), ssh_command=server.ssh_command)
    print("python over ssh belief p50 %.0f µs p99 %.0f µs (kept-alive connection)" % measure(remote, 2000))
    def first(host_url):
        start = time.perf_counter(); Ledger(host=host_url, ssh_command=server.ssh_command).belief(SUBJECT); return (time.perf_counter()-start)*1e3
    firsts = sorted(first(server.url(APPENDING_USER, daemon.socket)) for _ in range(10))
    print("python over ssh, new client + first belief p50 %.1f ms" % firsts[5])
    env = dict(os.environ, LEDGER_SSH_COMMAND=" ".join(server.ssh_command))
    def ctl(args):
        start = time.perf_counter(); subprocess.run([str(conftest.BIN / "ledgerctl")] + args, env=env, capture_output=True, check=True); return (time.perf_counter()-start)*1e3
    l = sorted(ctl(["--socket", daemon.socket, "belief", SUBJECT]) for _ in range(15))
    r = sorted(ctl(["--host", server.url(APPENDING_USER, daemon.socket), "belief", SUBJECT]) for _ in range(15))
    print("ledgerctl belief local p50 %.1f ms; over --host ssh p50 %.1f ms" % (l[7], r[7]))
finally:
    server.stop(); daemon.stop()
