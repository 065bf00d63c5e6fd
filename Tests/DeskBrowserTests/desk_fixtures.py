"""What the desk's tests share: the Python client's ledgerd fixture module, the example files, the
user the daemon lets append but not erase, and `Desk`: the built ledger-desk with its printed link."""

import importlib.util
import os
import pathlib
import pwd
import re
import select
import subprocess
import time

HERE = pathlib.Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]
_spec = importlib.util.spec_from_file_location("ledger_fixtures", REPOSITORY / "clients/python/tests/conftest.py")
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)

BIN = fixtures.BIN
SEED = fixtures.SEED
GRADES = REPOSITORY / "examples" / "desk-grades.ndjson"
SUBJECT = fixtures.SUBJECT
# A user the daemon lets append but not erase: the refused side of the erase form.
APPENDER = "ledger-desk-eve"


class Desk:
    """`ledger-desk` (or `ledgerctl desk`) on a free loopback port, as `user` (default: this process's), on
    the socket or over ssh, with its printed link."""

    def __init__(
        self,
        socket_path: str | None,
        user: str | None = None,
        host: str | None = None,
        ssh_command=None,
        program="ledger-desk",
        options=(),
        environment=None,
    ):
        where = ["--socket", socket_path] if socket_path else ["--host", host]
        command = [str(BIN / "ledgerctl"), *where, "desk"] if program == "ledgerctl" else [str(BIN / program), *where]
        command += list(options)
        if user is not None:
            command = ["runuser", "-u", user, "--", *command]
        environment = dict(os.environ, **(environment or {}))
        if ssh_command:
            environment["LEDGER_SSH_COMMAND"] = " ".join(ssh_command)
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
        printed = b""
        deadline = time.time() + 30
        while b"token=" not in printed or not printed.endswith(b"\n"):
            if time.time() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"ledger-desk did not start: {printed!r} {self.process.stderr.read()!r}")
            ready, _, _ = select.select([self.process.stdout], [], [], 0.1)
            if ready:
                printed += os.read(self.process.stdout.fileno(), 4096)
        self.printed = printed.decode()
        self.link = re.search(r"http://127\.0\.0\.1:\d+/\?token=[0-9a-f]{64}", self.printed).group(0)
        self.origin = self.link.split("/?", 1)[0]
        self.port = int(self.origin.rsplit(":", 1)[1])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def ensure_user(name: str) -> None:
    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--no-create-home", "--shell", "/bin/sh", "--password", "*", name], check=True)
