"""Fixtures: a real ledgerd of this build on a temporary socket, and a private sshd on loopback."""

import contextlib
import json
import os
import pathlib
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from typing import Optional

import pytest

REPOSITORY = pathlib.Path(__file__).resolve().parents[3]
BIN = pathlib.Path(os.environ.get("LEDGER_BIN_DIR", REPOSITORY / ".build" / "debug")).resolve()
SEED = REPOSITORY / "examples" / "deir-ezzor-2015.ndjson"
SUBJECT = "strike:deir-ezzor:2015-12-06"

APPENDING_USER = "ledger-remote-ann"
READING_USER = "ledger-remote-bob"


class Daemon:
    """A ledgerd on a temporary socket and data directory."""

    def __init__(self, extra_toml: str = ""):
        self.directory = tempfile.mkdtemp(prefix="lpy-")
        os.chmod(self.directory, 0o755)
        self.socket = self.directory + "/ledgerd.sock"
        config = self.directory + "/ledgerd.toml"
        with open(config, "w") as file:
            file.write(
                f'[daemon]\nsocket = "{self.socket}"\ndata_dir = "{self.directory}/data"\nsocket_mode = "0666"\n'
                f'log_level = "warning"\n{extra_toml}\n'
            )
        self.config = config
        self.log = open(self.directory + "/ledgerd.log", "wb")  # noqa: SIM115 (open while ledgerd runs; stop() closes it)
        self.start()

    def start(self) -> None:
        """Starts ledgerd (again) on this socket and data directory, and waits until it answers."""
        self.process = subprocess.Popen(
            [str(BIN / "ledgerd"), "--config", self.config], stdout=self.log, stderr=self.log
        )
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                with socket.socket(socket.AF_UNIX) as probe:
                    probe.connect(self.socket)
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.05)
        raise RuntimeError(f"ledgerd did not start: {pathlib.Path(self.directory, 'ledgerd.log').read_text()}")

    def halt(self, sig: int = signal.SIGTERM) -> None:
        """Stops ledgerd (SIGTERM: cleanly; SIGKILL: as a crash) and keeps its files for start()."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)

    def ctl(self, *arguments: str, input: Optional[bytes] = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(BIN / "ledgerctl"), "--socket", self.socket, *arguments], input=input, capture_output=True
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        self.log.close()
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture
def daemon():
    running = Daemon()
    yield running
    running.stop()


@pytest.fixture
def seeded(daemon):
    result = daemon.ctl("append", "--file", str(SEED))
    assert result.returncode == 0, result.stderr
    return daemon


def seed_events():
    return [json.loads(line) for line in SEED.read_text().splitlines() if line.strip()]


class SSHServer:
    """Debian's sshd on a loopback port, with generated keys and two login users of its own."""

    def __init__(self):
        self.directory = tempfile.mkdtemp(prefix="lpyssh-")
        os.chmod(self.directory, 0o755)
        os.makedirs("/run/sshd", exist_ok=True)
        for user in (APPENDING_USER, READING_USER):
            try:
                pwd.getpwnam(user)
            except KeyError:
                subprocess.run(
                    ["useradd", "--no-create-home", "--shell", "/bin/sh", "--password", "*", user], check=True
                )
        d = self.directory
        for name in ("host_key", "client_key"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", f"{d}/{name}"], check=True)
        shutil.copy(f"{d}/client_key.pub", f"{d}/authorized_keys")
        os.chmod(f"{d}/authorized_keys", 0o644)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        with open(f"{d}/sshd_config", "w") as file:
            file.write(
                f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nPidFile {d}/sshd.pid\n"
                f"AuthorizedKeysFile {d}/authorized_keys\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n"
                f"KbdInteractiveAuthentication no\nAllowUsers {APPENDING_USER} {READING_USER}\n"
                f"SetEnv PATH={BIN}:/usr/local/bin:/usr/bin:/bin\n"
            )
        host_key = " ".join(pathlib.Path(d, "host_key.pub").read_text().split()[:2])
        with open(f"{d}/known_hosts", "w") as file:
            file.write(f"[127.0.0.1]:{self.port} {host_key}\n")
        with open(f"{d}/ssh_config", "w") as file:
            file.write(
                f"Host *\n  IdentityFile {d}/client_key\n  IdentitiesOnly yes\n  UserKnownHostsFile {d}/known_hosts\n"
                "  StrictHostKeyChecking yes\n  LogLevel ERROR\n"
            )
        subprocess.run(["/usr/sbin/sshd", "-f", f"{d}/sshd_config", "-E", f"{d}/sshd.log"], check=True)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        self.ssh_command = ["ssh", "-F", f"{d}/ssh_config"]

    def url(self, user: str, socket_path: str) -> str:
        return f"ssh://{user}@127.0.0.1:{self.port}{socket_path}"

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(pathlib.Path(self.directory, "sshd.pid").read_text()), signal.SIGTERM)
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture(scope="session")
def sshd():
    if os.geteuid() != 0 or not os.path.exists("/usr/sbin/sshd"):
        pytest.skip("the ssh tests need root and /usr/sbin/sshd (openssh-server)")
    server = SSHServer()
    yield server
    server.stop()
