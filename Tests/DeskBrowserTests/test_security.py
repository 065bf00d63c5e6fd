"""The desk's guards over plain HTTP, as a hostile page or another local program would try them: no
session, a foreign or spent token, a rebound host name, a form without its CSRF token or from another
origin. Each is refused with a page that says why, and nothing reaches the ledger."""

import http.client
import json
import re
import socket
import subprocess
import time
import urllib.parse

import pytest
from desk_fixtures import BIN, Desk


def request(desk, method: str, path: str, headers: dict[str, str] | None = None, body: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", desk.port, timeout=10)
    headers = {"Host": f"127.0.0.1:{desk.port}", **(headers or {})}
    if body is not None:
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode()
    connection.close()
    return response, text


def sign_in(desk) -> tuple[str, str]:
    """The session cookie from the printed link, and the CSRF token of the new-claim form."""
    response, _ = request(desk, "GET", desk.link.removeprefix(desk.origin))
    assert response.status == 303 and response.getheader("Location") == "/"
    cookie = response.getheader("Set-Cookie")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and cookie.startswith(f"ledger_desk_{desk.port}=")
    cookie = cookie.split(";", 1)[0]
    _, page = request(desk, "GET", "/claim/new", {"Cookie": cookie})
    csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', page).group(1)
    return cookie, csrf


def head(ledger) -> int:
    return json.loads(ledger.ctl("--json", "status").stdout)["head"]


CLAIM = {"subject": "s", "predicate": "p", "object": "1", "source": "x", "polarity": "affirm"}


def test_no_session_and_foreign_or_spent_tokens_are_refused(desk, ledger):
    response, page = request(desk, "GET", "/")
    assert response.status == 401 and "link" in page
    other = Desk(ledger.socket)
    try:
        foreign = other.link.split("token=")[1]
        response, page = request(desk, "GET", "/?token=" + foreign)
        assert (
            response.status == 401 and "spent or is not this desk" in page and response.getheader("Set-Cookie") is None
        )
    finally:
        other.stop()
    cookie, _ = sign_in(desk)
    response, _ = request(desk, "GET", desk.link.removeprefix(desk.origin))
    assert response.status == 401, "the link works once"
    response, _ = request(desk, "GET", "/", {"Cookie": cookie})
    assert response.status == 200
    response, _ = request(desk, "GET", "/", {"Cookie": cookie.replace("=", "=0")})
    assert response.status == 401


def test_a_host_name_that_is_not_the_desk_is_refused(desk):
    cookie, _ = sign_in(desk)
    for host in [
        "evil.example",
        f"evil.example:{desk.port}",
        "127.0.0.1",
        f"127.0.0.1:{desk.port + 1}",
        f"127.0.0.1.nip.io:{desk.port}",
    ]:
        response, page = request(desk, "GET", "/", {"Host": host, "Cookie": cookie})
        assert response.status == 421 and "DNS rebinding" in page, host
    response, _ = request(desk, "GET", "/", {"Host": f"localhost:{desk.port}", "Cookie": cookie})
    assert response.status == 200


def test_a_form_without_its_csrf_token_or_from_elsewhere_writes_nothing(desk, ledger):
    cookie, csrf = sign_in(desk)
    before = head(ledger)
    for headers, form in [
        ({}, CLAIM),
        ({}, {**CLAIM, "csrf": "0" * 64}),
        ({}, {**CLAIM, "csrf": csrf[:-1]}),
        ({"Origin": "http://evil.example"}, {**CLAIM, "csrf": csrf}),
        ({"Sec-Fetch-Site": "cross-site"}, {**CLAIM, "csrf": csrf}),
    ]:
        response, page = request(
            desk, "POST", "/claim/new", {"Cookie": cookie, **headers}, urllib.parse.urlencode(form)
        )
        assert response.status == 403, (headers, form, page)
    response, _ = request(desk, "POST", "/claim/new", {}, urllib.parse.urlencode({**CLAIM, "csrf": csrf}))
    assert response.status == 401, "a token without the session cookie is nothing"
    assert head(ledger) == before
    response, _ = request(
        desk, "POST", "/claim/new", {"Cookie": cookie}, urllib.parse.urlencode({**CLAIM, "csrf": csrf})
    )
    assert response.status == 303 and head(ledger) == before + 1


def test_every_answer_carries_the_strict_policy(desk):
    cookie, _ = sign_in(desk)
    for path, cookie_header in [("/", cookie), ("/", None), ("/assets/desk.css", None), ("/nope", cookie)]:
        response, _ = request(desk, "GET", path, {"Cookie": cookie_header} if cookie_header else {})
        policy = response.getheader("Content-Security-Policy")
        assert policy and "default-src 'none'" in policy and "script-src 'self'" in policy, path
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert response.getheader("X-Frame-Options") == "DENY"


def test_the_desk_listens_on_loopback_only(desk):
    output = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    addresses = [address for address in output if ":" not in address and not address.startswith("127.")]
    if not addresses:
        pytest.skip("this machine has no IPv4 address but loopback to try the desk's port on")
    with socket.socket() as probe:
        probe.settimeout(2)
        assert probe.connect_ex(("127.0.0.1", desk.port)) == 0, "the probe itself reaches the desk on loopback"
    for address in addresses:
        with socket.socket() as probe:
            probe.settimeout(2)
            assert probe.connect_ex((address, desk.port)) != 0, address


def test_ledgerctl_desk_starts_the_desk_beside_it_and_opens_the_browser(ledger, tmp_path):
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\nprintf %s "$1" > {tmp_path}/opened\n')
    browser.chmod(0o755)
    desk = Desk(
        ledger.socket, program="ledgerctl", options=["--port", "0", "--open"], environment={"BROWSER": str(browser)}
    )
    try:
        assert "acting as root" in desk.printed
        deadline = time.time() + 10
        while not (tmp_path / "opened").exists() and time.time() < deadline:
            time.sleep(0.05)
        assert (tmp_path / "opened").read_text() == desk.link
        response, _ = request(desk, "GET", desk.link.removeprefix(desk.origin))
        assert response.status == 303 and response.getheader("Set-Cookie")
    finally:
        desk.stop()


def test_the_receipt_and_report_downloads_verify_offline(desk, ledger, tmp_path):
    cookie, _ = sign_in(desk)
    key = json.loads(ledger.ctl("--json", "status").stdout)["verifier_key"]
    for path, name in [("/subject/receipt", "receipt.json"), ("/subject/report", "report.html")]:
        response, body = request(
            desk, "GET", f"{path}?name=strike%3Adeir-ezzor%3A2015-12-06&at=2015-12-08", {"Cookie": cookie}
        )
        assert response.status == 200, body
        assert response.getheader("Content-Disposition") == f'attachment; filename="{name}"'
        saved = tmp_path / name
        saved.write_text(body)
        verified = ledger.ctl("verify-receipt", str(saved), "--key", key)
        assert verified.returncode == 0, verified.stderr
        assert b"2015-12-08T00:00:00.000000Z" in saved.read_bytes()


def test_usage_errors_exit_2_and_an_unreachable_daemon_3(ledger):
    for command in (
        [str(BIN / "ledger-desk"), "--socket", ledger.socket, "--port", "70000"],
        [str(BIN / "ledgerctl"), "--socket", ledger.socket, "desk", "--port", "70000"],
    ):
        result = subprocess.run(command, capture_output=True, timeout=30)
        assert result.returncode == 2 and b"--port must be from 0 to 65535" in result.stderr, result
    result = subprocess.run(
        [str(BIN / "ledger-desk"), "--socket", "/nonexistent/ledgerd.sock"], capture_output=True, timeout=30
    )
    assert result.returncode == 3 and b"Cannot reach ledgerd at /nonexistent/ledgerd.sock" in result.stderr


def test_a_cut_off_or_oversized_form_is_a_4xx_and_writes_nothing(desk, ledger):
    cookie, csrf = sign_in(desk)
    before = head(ledger)
    with socket.create_connection(("127.0.0.1", desk.port), timeout=10) as connection:
        connection.sendall(
            f"POST /claim/new HTTP/1.1\r\nHost: 127.0.0.1:{desk.port}\r\nCookie: {cookie}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\n"
            f"csrf={csrf}&subject=s".encode()
        )
        connection.shutdown(socket.SHUT_WR)
        status_line = connection.recv(200).split(b"\r\n")[0]
    assert status_line == b"HTTP/1.1 400 Bad Request", status_line
    form = urllib.parse.urlencode({**CLAIM, "csrf": csrf, "note": "a" * 2_000_000})
    response, page = request(desk, "POST", "/claim/new", {"Cookie": cookie}, form)
    assert response.status == 413 and "larger than the desk takes" in page
    assert head(ledger) == before
