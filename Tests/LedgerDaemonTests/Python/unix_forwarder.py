"""Forwards TCP connections on 127.0.0.1 to ledgerd's Unix socket, byte for byte, for tools that speak
HTTP only over TCP (the OpenAPI fuzzer). Usage: unix_forwarder.py SOCKET PORT_FILE; writes the port it
listens on into PORT_FILE and serves until killed."""

import contextlib
import socket
import sys
import threading


def pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)


def serve(client: socket.socket, path: str) -> None:
    upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    upstream.connect(path)
    back = threading.Thread(target=pump, args=(upstream, client), daemon=True)
    back.start()
    pump(client, upstream)
    back.join()
    client.close()
    upstream.close()


def serve_forever(path: str, port_file: str) -> None:
    """Listens on a free loopback port, written into `port_file`, and forwards every connection to `path`."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    with open(port_file, "w") as file:
        file.write(str(listener.getsockname()[1]))
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client, path), daemon=True).start()


if __name__ == "__main__":
    serve_forever(sys.argv[1], sys.argv[2])
