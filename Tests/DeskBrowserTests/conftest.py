"""Fixtures for the desk's tests: a real ledgerd of this build (the Python client's fixture), the
built ledger-desk on a loopback port, and Debian's chromium driven headless by chromedriver."""

import importlib.util
import os
import pathlib
import pwd
import re
import select
import shutil
import subprocess
import tempfile
import time

import pytest

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


@pytest.fixture
def ledger():
    """A seeded, graded ledger whose socket anyone may open; the APPENDER may append, not erase."""
    ensure_user(APPENDER)
    daemon = fixtures.Daemon(f'[access]\nappend_users = ["{APPENDER}"]\n')
    for file in (SEED, GRADES):
        result = daemon.ctl("append", "--file", str(file))
        assert result.returncode == 0, result.stderr
    yield daemon
    daemon.stop()


@pytest.fixture
def desk(ledger):
    running = Desk(ledger.socket)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def sshd():
    """The Python client's private sshd on loopback, with its login users."""
    if os.geteuid() != 0 or not os.path.exists("/usr/sbin/sshd"):
        pytest.skip("the desk's ssh test needs root and /usr/sbin/sshd (openssh-server)")
    server = fixtures.SSHServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium():
    """One headless chromium for the session; each test opens its own desk link, so its own session."""
    if not shutil.which("chromedriver") or not shutil.which("chromium"):
        pytest.fail("the desk's tests need Debian's chromium and chromium-driver (scripts/install-dependencies test)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    profile = tempfile.mkdtemp(prefix="desk-chromium-")
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,1400",
        f"--user-data-dir={profile}",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(chromium, desk):
    """The session's chromium, signed in to this test's desk through its one-time link."""
    chromium.delete_all_cookies()
    chromium.get(desk.link)
    yield chromium
    chromium.delete_all_cookies()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, the browser's address and page go into the report: what the test saw."""
    outcome = yield
    report = outcome.get_result()
    driver = item.funcargs.get("chromium")
    if report.when == "call" and report.failed and driver is not None:
        report.sections.append(("browser", f"{driver.current_url}\n{driver.page_source[:6000]}"))
