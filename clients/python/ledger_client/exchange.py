"""One request and its answer, over either way of reaching ledgerd.

On the local Unix socket the client speaks HTTP/1.1 through the standard library's `http.client` on
kept-alive connections: a belief costs little more than the socket's own round trip. Through ssh it
uses httpx over the pipes of `ssh … ledgerctl dial-stdio` (see `transport.py`). Both give the same
`Answer` and raise the same `TransportFailure`, so the client above them is one.
"""

import http.client
import json
import select
import socket
import threading
from typing import Any, Dict, Iterator, List, Optional

import httpx


class TransportFailure(Exception):
    """The connection failed, or an answer was cut before its end; the text says how."""

    @classmethod
    def of(cls, error: BaseException) -> "TransportFailure":
        """The failure a library's `error` stands for, named by its text or else its type."""
        return cls(str(error) or type(error).__name__)


DEFAULT_TIMEOUT: Any = object()
"""The exchange's own timeout for a read; `None` instead waits for ever (a followed replay)."""


class Answer:
    """What a call reads of an answer: its status and its body, whole or line by line."""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode()

    def json(self) -> Any:
        return json.loads(self.content)

    def read(self) -> bytes:
        return self.content

    def iter_lines(self) -> Iterator[str]:
        yield from self.content.decode().splitlines()

    def close(self) -> None:
        pass


class _UnixConnection(http.client.HTTPConnection):
    """An HTTP/1.1 connection to a Unix socket."""

    def __init__(self, path: str, timeout: float):
        super().__init__("ledger", timeout=timeout)
        self.path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.path)
        except BaseException:
            sock.close()
            raise
        self.sock = sock

    def set_timeout(self, timeout: Optional[float]) -> None:
        self.timeout = timeout
        if self.sock is not None:
            self.sock.settimeout(timeout)

    def looks_closed(self) -> bool:
        """An idle kept-alive connection that reads as readable was closed by the daemon."""
        if self.sock is None:
            return True
        readable, _, _ = select.select([self.sock], [], [], 0)
        return bool(readable)


class _StreamedAnswer(Answer):
    """An answer read as it comes (a replay); its connection goes back to the pool once read to its end."""

    def __init__(self, response: http.client.HTTPResponse, release):
        super().__init__(response.status, b"")
        self._response = response
        self._release = release

    def read(self) -> bytes:
        try:
            self.content = self._response.read()
        except (OSError, http.client.HTTPException) as error:
            raise TransportFailure.of(error) from None
        return self.content

    def iter_lines(self) -> Iterator[str]:
        try:
            while True:
                line = self._response.readline()
                if not line:
                    return
                yield line.decode().rstrip("\r\n")
        except (OSError, http.client.HTTPException) as error:
            raise TransportFailure.of(error) from None

    def close(self) -> None:
        if self._release is not None:
            release, self._release = self._release, None
            release(self._response.isclosed())


class SocketExchange:
    """HTTP/1.1 on the Unix socket at `path`, with idle connections kept for the next call (one thread
    a connection at a time; safe to share between threads)."""

    def __init__(self, path: str, timeout: float):
        self.path = path
        self.timeout = timeout
        self._idle: List[_UnixConnection] = []
        self._lock = threading.Lock()

    def send(
        self, method: str, target: str, content: Optional[bytes], headers: Dict[str, str], timeout, stream: bool
    ) -> Answer:
        read_timeout = self.timeout if timeout is DEFAULT_TIMEOUT else timeout
        while True:
            connection, reused = self._take()
            connection.set_timeout(read_timeout)
            try:
                connection.request(method, target, body=content, headers=headers)
                response = connection.getresponse()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as error:
                connection.close()
                if reused:
                    continue  # the daemon closed it while idle; the request did not reach it
                raise TransportFailure.of(error) from None
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                raise TransportFailure.of(error) from None
            break

        def release(whole: bool) -> None:
            if whole and not response.will_close:
                self._give_back(connection)
            else:
                connection.close()

        if stream:
            return _StreamedAnswer(response, release)
        try:
            body = response.read()
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            raise TransportFailure.of(error) from None
        release(True)
        return Answer(response.status, body)

    def _take(self):
        with self._lock:
            while self._idle:
                connection = self._idle.pop()
                if not connection.looks_closed():
                    return connection, True
                connection.close()
        return _UnixConnection(self.path, self.timeout), False

    def _give_back(self, connection: _UnixConnection) -> None:
        with self._lock:
            self._idle.append(connection)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


class _HTTPXAnswer(Answer):
    """An httpx answer, its failures made a `TransportFailure`."""

    def __init__(self, response: httpx.Response):
        super().__init__(response.status_code, b"")
        self._response = response

    def read(self) -> bytes:
        try:
            self.content = self._response.read()
        except httpx.HTTPError as error:
            raise TransportFailure.of(error) from None
        return self.content

    @property
    def text(self) -> str:
        return self.read().decode()

    def json(self) -> Any:
        return json.loads(self.read())

    def iter_lines(self) -> Iterator[str]:
        try:
            yield from self._response.iter_lines()
        except httpx.HTTPError as error:
            raise TransportFailure.of(error) from None

    def close(self) -> None:
        self._response.close()


class HTTPXExchange:
    """HTTP through an httpx transport (ssh's)."""

    def __init__(self, transport: httpx.BaseTransport, timeout: float):
        self.timeout = timeout
        self._http = httpx.Client(transport=transport, base_url="http://ledger", timeout=timeout)

    def send(
        self, method: str, target: str, content: Optional[bytes], headers: Dict[str, str], timeout, stream: bool
    ) -> Answer:
        chosen = httpx.Timeout(self.timeout, read=self.timeout if timeout is DEFAULT_TIMEOUT else timeout)
        request = self._http.build_request(method, target, content=content, headers=headers, timeout=chosen)
        try:
            return _HTTPXAnswer(self._http.send(request, stream=stream))
        except httpx.TransportError as error:
            raise TransportFailure.of(error) from None

    def close(self) -> None:
        self._http.close()
