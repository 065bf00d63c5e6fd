"""How the client reaches ledgerd: its Unix socket, or `ssh … ledgerctl dial-stdio` to another host.

Both are httpx transports; the ssh one is an httpcore connection pool whose network streams are the
pipes of an ssh process, so HTTP/1.1, keep-alive and streaming work as over a socket.
"""

import contextlib
import ipaddress
import os
import re
import select
import shlex
import subprocess
import time
from dataclasses import dataclass
from typing import Iterator, List, Optional

import httpcore
import httpx

from .errors import LedgerError, UnreachableError


def default_socket() -> str:
    """The socket ledgerctl would use: $LEDGER_SOCKET, else $XDG_RUNTIME_DIR/ledgerd.sock, else
    .ledger/ledgerd.sock under the working directory."""
    if os.environ.get("LEDGER_SOCKET"):
        return os.environ["LEDGER_SOCKET"]
    if os.environ.get("XDG_RUNTIME_DIR"):
        return os.environ["XDG_RUNTIME_DIR"] + "/ledgerd.sock"
    return ".ledger/ledgerd.sock"


# A login or host name ssh takes as one word: ASCII letters, digits, ".", "_" and "-", not first.
_NAME = re.compile(r"\A[A-Za-z0-9._][A-Za-z0-9._-]*\Z", re.ASCII)
_PORT = re.compile(r"\A[0-9]{1,5}\Z", re.ASCII)


def _is_ipv6(text: str) -> bool:
    """An IPv6 address as RFC 4291 writes one (no zone)."""
    if ":" not in text or "%" in text:
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class SSHDestination:
    """`ssh://[USER@]HOST[:PORT][/path/to/ledgerd.sock]`, read as ledgerctl --host reads it."""

    host: str
    user: Optional[str] = None
    port: Optional[int] = None
    socket: Optional[str] = None

    @classmethod
    def parse(cls, url: str) -> "SSHDestination":
        """Reads the URL as ledgerctl does: RFC 3986's authority, an IPv6 address in brackets
        (`ssh://[::1]/…`), a port of ASCII digits. Both clients check the same test vectors."""

        def invalid(reason: str) -> LedgerError:
            return LedgerError("invalid_address", f"{url} is not a host to reach ledgerd on: {reason}.")

        if not url.startswith("ssh://"):
            raise invalid("it must start with ssh://, as in ssh://ann@newsroom.example/run/ledger/ledgerd.sock")
        authority, slash, path = url[len("ssh://") :].partition("/")
        socket = None
        if slash:
            socket = "/" + path
            if socket == "/" or "\0" in socket:
                raise invalid("the socket path is not a path")
        parts = authority.split("@")
        if len(parts) > 2:
            raise invalid("it has more than one @; a login name has none")
        user = None
        if len(parts) == 2:
            user, authority = parts
            if not _NAME.match(user):
                raise invalid(f"the user {user} is not a login name ssh could take")
        port_text = None
        if authority.startswith("["):
            close = authority.find("]")
            if close < 0:
                raise invalid("an IPv6 address goes in brackets, as in ssh://[::1]/run/ledger/ledgerd.sock")
            host, rest = authority[1:close], authority[close + 1 :]
            if not _is_ipv6(host):
                raise invalid(f"[{host}] is not an IPv6 address")
            if rest:
                if not rest.startswith(":"):
                    raise invalid("only :PORT may follow the IPv6 address")
                port_text = rest[1:]
        else:
            pieces = authority.split(":")
            if len(pieces) > 2:
                raise invalid("an IPv6 address goes in brackets, as in ssh://[::1]/run/ledger/ledgerd.sock")
            host = pieces[0]
            if len(pieces) == 2:
                port_text = pieces[1]
            if not _NAME.match(host):
                raise invalid("it names no host ssh could take")
        port = None
        if port_text is not None:
            if not _PORT.match(port_text) or not 1 <= int(port_text) <= 65535:
                raise invalid("the port must be a number from 1 to 65535, in ASCII digits")
            port = int(port_text)
        return cls(host, user, port, socket)

    def __str__(self) -> str:
        return (
            "ssh://"
            + (f"{self.user}@" if self.user else "")
            + (f"[{self.host}]" if ":" in self.host else self.host)
            + (f":{self.port}" if self.port else "")
            + (self.socket or "")
        )

    def command(self, ssh_command: List[str]) -> List[str]:
        """The ssh command line: ssh's options, the destination, and the remote ledgerctl dial-stdio."""
        argv = [*ssh_command, "-o", "BatchMode=yes"]
        if self.port:
            argv += ["-p", str(self.port)]
        if self.user:
            argv += ["-l", self.user]
        remote = "ledgerctl dial-stdio" + (f" --socket {shlex.quote(self.socket)}" if self.socket else "")
        return [*argv, "--", self.host, remote]


class _SSHStream(httpcore.NetworkStream):
    """The pipes of one `ssh … ledgerctl dial-stdio` process."""

    def __init__(self, argv: List[str], destination: SSHDestination):
        self.destination = destination
        try:
            self.process = subprocess.Popen(
                argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0
            )
        except OSError as error:
            raise UnreachableError(
                "unreachable",
                f"Cannot reach ledgerd at {destination}: {argv[0]} cannot be run ({error.strerror}); install "
                "OpenSSH's client, or pass ssh_command.",
            ) from None
        self.received_any = False

    def read(self, max_bytes: int, timeout: Optional[float] = None) -> bytes:
        stdout = self.process.stdout
        ready, _, _ = select.select([stdout], [], [], timeout)
        if not ready:
            raise httpcore.ReadTimeout(f"no answer from {self.destination} within {timeout} s")
        data = os.read(stdout.fileno(), max_bytes)
        if not data and not self.received_any:
            raise UnreachableError("unreachable", self.explain())
        self.received_any = self.received_any or bool(data)
        return data

    def write(self, buffer: bytes, timeout: Optional[float] = None) -> None:
        try:
            view = memoryview(buffer)
            while view:
                written = os.write(self.process.stdin.fileno(), view)
                view = view[written:]
        except BrokenPipeError:
            raise UnreachableError("unreachable", self.explain()) from None

    def close(self) -> None:
        for pipe in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                pipe.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stderr.close()

    def explain(self) -> str:
        """Why the pipe closed before an answer: what ssh or the remote ledgerctl said."""
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            code = -1
        lines = self.process.stderr.read().decode(errors="replace").splitlines()
        said = " ".join(line.strip().removeprefix("ledgerctl: ") for line in lines if line.strip())
        hint = ""
        if code == 255:
            hint = (
                " Check that the host is reachable and that ssh can log in there without a password "
                "(ssh-agent or a key)."
            )
        elif code == 127:
            hint = " Install ledgerctl on that host, on the login user's PATH."
        elif code == 3:
            hint = (
                f" No ledgerd answers on that socket of {self.destination.host}: start it there, "
                "or give its socket as the URL's path."
            )
        return (
            f"Cannot reach ledgerd at {self.destination} (ssh exited with {code}"
            + (f": {said}" if said else "")
            + f").{hint}"
        )

    def get_extra_info(self, info: str):
        if info == "is_readable":  # an idle kept-alive connection that reads as readable has closed
            ready, _, _ = select.select([self.process.stdout], [], [], 0)
            return bool(ready)
        return None


class _SSHBackend(httpcore.NetworkBackend):
    def __init__(self, destination: SSHDestination, ssh_command: List[str]):
        self.argv = destination.command(ssh_command)
        self.destination = destination

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        return _SSHStream(self.argv, self.destination)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        return _SSHStream(self.argv, self.destination)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _PoolStream(httpx.SyncByteStream):
    def __init__(self, stream):
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream

    def close(self) -> None:
        if hasattr(self._stream, "close"):
            self._stream.close()


class SSHTransport(httpx.BaseTransport):
    """HTTP to ledgerd on another host, through ssh and the remote `ledgerctl dial-stdio`."""

    def __init__(self, destination: SSHDestination, ssh_command: List[str]):
        self._pool = httpcore.ConnectionPool(network_backend=_SSHBackend(destination, ssh_command), max_connections=4)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        response = self._pool.handle_request(core)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_PoolStream(response.stream),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


def ssh_command_from_environment() -> List[str]:
    """$LEDGER_SSH_COMMAND split at spaces (like ledgerctl), else ssh."""
    words = os.environ.get("LEDGER_SSH_COMMAND", "").split()
    return words or ["ssh"]
