"""Fixtures for the desk's tests: a real ledgerd of this build (the Python client's fixture), the
built ledger-desk on a loopback port, and Debian's chromium driven headless by chromedriver."""

import os
import shutil
import tempfile

import pytest
from desk_fixtures import APPENDER, GRADES, SEED, Desk, ensure_user, fixtures


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
