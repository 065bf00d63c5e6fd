"""The desk in a real browser (Debian's chromium, headless, through chromedriver) against a real
ledgerd: each page, the forms, the time controls, the live feed, erasure's rules and hostile input."""

import json
import os
import pathlib
import shutil
import urllib.parse

import pytest
from desk_fixtures import APPENDER, SUBJECT, Desk, fixtures
from PIL import Image
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

# LEDGER_DESK_SCREENSHOTS=docs/desk keeps the screenshots for the README; else they go to a temporary folder.
SHOTS = pathlib.Path(os.environ.get("LEDGER_DESK_SCREENSHOTS", "/tmp/ledger-desk-screenshots"))


def wait(driver, seconds: float = 10):
    return WebDriverWait(driver, seconds)


def open_page(driver, desk, path: str):
    driver.get(desk.origin + path)
    assert_no_script_ran(driver)
    assert_nothing_left_the_machine(driver, desk)


def assert_no_script_ran(driver):
    """No alert opened, and the only script elements are the desk's own file."""
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 (the access is the check)
    sources = driver.execute_script("return [...document.scripts].map(s => s.getAttribute('src'))")
    assert all(source == "/assets/desk.js" for source in sources), sources
    assert driver.find_elements(By.TAG_NAME, "img") == []
    assert driver.find_elements(By.CSS_SELECTOR, "a[href^='javascript:' i]") == []


def assert_nothing_left_the_machine(driver, desk):
    names = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(name.startswith(desk.origin + "/") for name in names), names


def screenshot(driver, name: str) -> pathlib.Path:
    """Saves a screenshot and checks it shows a page: many colours, a fair share of it drawn."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    image = Image.open(path).convert("RGB")
    colours = len(image.getcolors(maxcolors=1 << 24))
    histogram = image.convert("L").histogram()
    drawn = sum(histogram[:240]) / (image.width * image.height)
    assert colours > 50 and drawn > 0.01, (name, colours, drawn)
    return path


def subject_link(subject: str, **times: str) -> str:
    return "/subject?" + urllib.parse.urlencode({"name": subject, **times}, quote_via=urllib.parse.quote)


def candidates(driver) -> dict[str, list[str]]:
    """Each predicate shown on a subject page and its candidates' values, as the page prints them."""
    shown = {}
    for section in driver.find_elements(By.CSS_SELECTOR, "section.predicate"):
        predicate = section.find_element(By.TAG_NAME, "h3").text.rsplit(" ", 1)[0]
        shown[predicate] = [element.text for element in section.find_elements(By.CSS_SELECTOR, ".candidate > .object")]
    return shown


def test_every_page_loads_shows_the_candidates_and_fetches_nothing_from_elsewhere(browser, desk):
    assert browser.current_url == desk.origin + "/", "the token is exchanged and dropped from the address"
    rows = browser.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
    assert any(SUBJECT in row.text and "perpetrator" in row.text for row in rows)
    screenshot(browser, "contested")
    browser.find_element(By.LINK_TEXT, SUBJECT).click()
    assert_no_script_ran(browser)
    shown = candidates(browser)
    assert shown["perpetrator"] == ['"Russia"', '"US-led coalition"']
    assert browser.find_elements(By.CSS_SELECTOR, ".credibility"), "graded sources give each candidate a credibility"
    assert browser.find_elements(By.CSS_SELECTOR, "svg.timeline .claim")
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.history tbody tr")) >= 10
    screenshot(browser, "subject")
    browser.find_element(By.LINK_TEXT, "Syrian Observatory for Human Rights").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Syrian Observatory for Human Rights"
    assert "Reliability" in browser.find_element(By.TAG_NAME, "main").text
    screenshot(browser, "source")
    for path, heading in [
        ("/event?id=deir-ezzor-2015%3Asfm-perpetrator", "Event 1"),
        ("/claim/new", "New claim"),
        ("/audit", "Audit"),
        ("/search?prefix=strike", "Subjects starting with “strike”"),
    ]:
        open_page(browser, desk, path)
        assert browser.find_element(By.TAG_NAME, "h1").text == heading
    open_page(browser, desk, "/event?id=deir-ezzor-2015%3Asfm-perpetrator")
    assert "Checked here: event 1 is in the tree" in browser.find_element(By.CSS_SELECTOR, "p.verified").text
    screenshot(browser, "event")


def fill(driver, values: dict[str, str], form: str = "claim"):
    for name, value in values.items():
        element = driver.find_element(By.ID, f"{form}-{name}" if form else name)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        else:
            element.clear()
            element.send_keys(value)


def test_a_claim_recorded_through_the_form_changes_the_belief(browser, desk, ledger):
    open_page(browser, desk, "/claim/new")
    screenshot(browser, "new-claim")
    fill(
        browser,
        {
            "subject": SUBJECT,
            "predicate": "perpetrator",
            "object": "Russia",
            "source": "Syrian Observatory for Human Rights",
            "effective_at": "2015-12-08",
            "via": "local activist\nphone call",
            "basis": "told",
            "quote": "Russian jets struck the camp",
            "citation": "https://example.org/report",
        },
    )
    browser.find_element(By.CSS_SELECTOR, "form.record button[type=submit]").click()
    wait(browser).until(expected_conditions.url_contains("/subject?name="))
    perpetrator = [s for s in browser.find_elements(By.CSS_SELECTOR, "section.predicate") if "perpetrator" in s.text]
    assert "Syrian Observatory for Human Rights" in perpetrator[0].text
    stored = json.loads(ledger.ctl("--json", "history", SUBJECT).stdout)["events"][-1]
    assert stored["via"] == ["local activist", "phone call"] and stored["basis"] == "told"
    assert stored["actor"] == "root"


def test_a_bad_time_is_refused_beside_its_field_and_nothing_is_written(browser, desk, ledger):
    head = json.loads(ledger.ctl("--json", "status").stdout)["head"]
    open_page(browser, desk, "/claim/new")
    fill(
        browser,
        {"subject": "s", "predicate": "p", "object": "1", "source": "x", "effective_at": "2015-13-45T99:00:00Z"},
    )
    browser.find_element(By.CSS_SELECTOR, "form.record button[type=submit]").click()
    error = wait(browser).until(expected_conditions.visibility_of_element_located((By.ID, "claim-effective_at-error")))
    assert "effective_at" in error.text or "RFC 3339" in error.text, error.text
    assert browser.find_element(By.ID, "claim-subject").get_attribute("value") == "s", "the form keeps what was typed"
    assert json.loads(ledger.ctl("--json", "status").stdout)["head"] == head
    open_page(browser, desk, subject_link(SUBJECT, at="yesterday-ish"))
    assert "RFC 3339" in browser.find_element(By.ID, "at-error").text
    assert browser.find_element(By.ID, "at").get_attribute("aria-invalid") == "true"


def test_both_time_controls_give_what_ledgerctl_belief_gives(browser, desk, ledger):
    times = [("2015-12-07T10:00:00Z", None), ("2015-12-08T00:00:00Z", None), (None, "2015-01-01")]
    for at, as_of in times:
        open_page(browser, desk, subject_link(SUBJECT))
        fill(browser, {"at": at or "", "as_of": as_of or ""}, form="")
        browser.find_element(By.CSS_SELECTOR, "form.times button").click()
        arguments = ["--json", "belief", SUBJECT] + (["--at", at] if at else []) + (["--as-of", as_of] if as_of else [])
        result = ledger.ctl(*arguments)
        if result.returncode != 0:
            assert "No claim" in browser.find_element(By.CSS_SELECTOR, "p.error").text
            continue
        expected = {
            p["predicate"]: [
                json.dumps(c["object"], ensure_ascii=False, separators=(",", ":")) for c in p["candidates"]
            ]
            for p in json.loads(result.stdout)["predicates"]
        }
        assert candidates(browser) == expected, (at, as_of)


def test_the_live_feed_shows_an_event_as_it_commits(browser, desk, ledger):
    assert browser.find_element(By.ID, "feed").get_attribute("data-after") == "22"
    wait(browser).until(lambda d: "Live" in d.find_element(By.ID, "feed-state").text)
    result = ledger.ctl(
        "append", "--subject", "feed:test", "--predicate", "arrives", "--object", "yes", "--source", "a"
    )
    assert result.returncode == 0, result.stderr
    row = wait(browser).until(expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, "#feed li")))
    assert row.text == 'seq 23 a affirms feed:test arrives = "yes"'


def test_retract_and_erase_as_an_allowed_and_a_refused_user(browser, desk, ledger, chromium):
    open_page(browser, desk, "/event?id=deir-ezzor-2015%3Asohr-killed")
    fill(browser, {"reason": "misattributed"}, form="retract")
    browser.find_element(By.CSS_SELECTOR, "form[action='/event/retract'] button").click()
    assert (
        "retracted"
        in wait(browser).until(expected_conditions.visibility_of_element_located((By.CLASS_NAME, "notice"))).text
    )
    history = json.loads(ledger.ctl("--json", "history", SUBJECT).stdout)["events"]
    assert history[-1]["type"] == "retract" and history[-1]["actor"] == "root"
    open_page(browser, desk, "/event?id=deir-ezzor-2015%3Asfm-perpetrator")
    fill(browser, {"reason": "court order"}, form="erase")
    browser.find_element(By.CSS_SELECTOR, "form[action='/event/erase'] button").click()
    assert (
        "erased"
        in wait(browser).until(expected_conditions.visibility_of_element_located((By.CLASS_NAME, "notice"))).text
    )
    assert "quote" not in browser.find_element(By.CSS_SELECTOR, "dl.facts").text

    other = Desk(ledger.socket, user=APPENDER)
    try:
        chromium.delete_all_cookies()
        chromium.get(other.link)
        assert f"acting as {APPENDER}" in chromium.find_element(By.TAG_NAME, "footer").text
        open_page(chromium, other, "/event?id=deir-ezzor-2015%3Asfm-killed")
        fill(chromium, {"reason": "court order"}, form="erase")
        chromium.find_element(By.CSS_SELECTOR, "form[action='/event/erase'] button").click()
        refusal = wait(chromium).until(expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, "p.error")))
        assert APPENDER in refusal.text and "erase" in refusal.text, refusal.text
        assert "quote" in chromium.find_element(By.CSS_SELECTOR, "dl.facts").text, "nothing was erased"
        fill(chromium, {"reason": "wrong count"}, form="retract")
        chromium.find_element(By.CSS_SELECTOR, "form[action='/event/retract'] button").click()
        wait(chromium).until(expected_conditions.visibility_of_element_located((By.CLASS_NAME, "notice")))
        assert json.loads(ledger.ctl("--json", "history", SUBJECT).stdout)["events"][-1]["actor"] == APPENDER
    finally:
        other.stop()


def test_over_ssh_the_desk_writes_as_the_login_user(chromium, sshd):
    user = fixtures.APPENDING_USER
    remote = fixtures.Daemon(f'[access]\nappend_users = ["{user}"]\n')
    desk = Desk(None, host=sshd.url(user, remote.socket), ssh_command=sshd.ssh_command)
    try:
        chromium.delete_all_cookies()
        chromium.get(desk.link)
        assert f"acting as {user}" in chromium.find_element(By.TAG_NAME, "footer").text
        open_page(chromium, desk, "/claim/new")
        fill(chromium, {"subject": "remote:s", "predicate": "p", "object": "1", "source": "x"})
        chromium.find_element(By.CSS_SELECTOR, "form.record button[type=submit]").click()
        wait(chromium).until(expected_conditions.url_contains("/subject?name=remote%3As"))
        assert candidates(chromium) == {"p": ["1"]}
        events = json.loads(remote.ctl("--json", "history", "remote:s").stdout)["events"]
        assert [event["actor"] for event in events] == [user]
    finally:
        desk.stop()
        remote.stop()


HOSTILE = {
    "subject": 'evil:<script>alert(1)</script>"><img src=x onerror=alert(2)>',
    "source": '"\u0301 onmouseover=alert(3) x="<img src=x onerror=alert(4)>',
    "quote": "</textarea><script>alert(5)</script>",
    "citation": "javascript:alert(6)",
}


def test_hostile_text_is_shown_as_text_on_every_page(browser, desk, ledger):
    event = {
        "type": "assert",
        "id": "hostile:1",
        "subject": HOSTILE["subject"],
        "predicate": "<b>said</b>",
        "object": {"<script>": "</script><img src=x onerror=alert(7)>"},
        "source": HOSTILE["source"],
        "evidence": {"quote": HOSTILE["quote"], "citation": HOSTILE["citation"], "note": "<svg onload=alert(8)>"},
    }
    result = ledger.ctl("append", "--file", "-", input=(json.dumps(event) + "\n").encode())
    assert result.returncode == 0, result.stderr
    for path in [
        "/",
        "/search?prefix=evil",
        subject_link(HOSTILE["subject"]),
        "/source?" + urllib.parse.urlencode({"name": HOSTILE["source"]}, quote_via=urllib.parse.quote),
        "/event?id=hostile%3A1",
    ]:
        open_page(browser, desk, path)
    open_page(browser, desk, subject_link(HOSTILE["subject"]))
    assert browser.find_element(By.TAG_NAME, "h1").text == HOSTILE["subject"]
    assert browser.find_element(By.CSS_SELECTOR, ".sources a").text == HOSTILE["source"]
    open_page(browser, desk, "/event?id=hostile%3A1")
    facts = browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert HOSTILE["quote"] in facts and HOSTILE["citation"] in facts
    open_page(browser, desk, "/claim/new")
    fill(browser, {"subject": HOSTILE["subject"], "predicate": "p", "object": "1", "source": HOSTILE["source"]})
    fill(browser, {"quote": HOSTILE["quote"], "effective_at": "not a time"})
    browser.find_element(By.CSS_SELECTOR, "form.record button[type=submit]").click()
    wait(browser).until(expected_conditions.visibility_of_element_located((By.ID, "claim-effective_at-error")))
    assert_no_script_ran(browser)
    assert browser.find_element(By.ID, "claim-quote").get_attribute("value") == HOSTILE["quote"]


def test_unicode_equivalent_names_stay_distinct_pages(browser, desk, ledger):
    composed, decomposed = "Jos\u00e9", "Jose\u0301"
    for name, value in [(composed, "composed"), (decomposed, "decomposed")]:
        result = ledger.ctl(
            "append", "--subject", f"person:{name}", "--predicate", "form", "--object", value, "--source", name
        )
        assert result.returncode == 0, result.stderr
    open_page(browser, desk, "/search?prefix=person%3A")
    links = browser.find_elements(By.CSS_SELECTOR, "table.list tbody a")
    assert [link.text.encode() for link in links] == sorted(
        [f"person:{composed}".encode(), f"person:{decomposed}".encode()]
    )
    for name, value in [(composed, "composed"), (decomposed, "decomposed")]:
        open_page(browser, desk, subject_link(f"person:{name}"))
        assert browser.find_element(By.TAG_NAME, "h1").text.encode() == f"person:{name}".encode()
        assert candidates(browser) == {"form": [f'"{value}"']}
        browser.find_element(By.CSS_SELECTOR, ".sources a").click()
        assert browser.find_element(By.TAG_NAME, "h1").text.encode() == name.encode()
        claimed = [
            row.text
            for row in browser.find_elements(By.CSS_SELECTOR, "table.list")[1].find_elements(
                By.CSS_SELECTOR, "tbody tr"
            )
        ]
        assert len(claimed) == 1 and f'"{value}"' in claimed[0], claimed


def test_a_full_verification_shows_its_progress_to_the_end(browser, desk):
    open_page(browser, desk, "/audit")
    assert "— " in browser.find_element(By.CSS_SELECTOR, "pre.stored").text, "the signed checkpoint is shown"
    browser.find_element(By.CSS_SELECTOR, "form[action='/audit/verify'] button").click()
    state = wait(browser, 30).until(lambda d: d.find_element(By.ID, "verify-state").text.startswith("Verified") and d)
    progress = state.find_element(By.ID, "verify-progress")
    assert progress.get_attribute("value") == progress.get_attribute("max") == "22"
    screenshot(browser, "audit-verification")


@pytest.fixture(scope="session", autouse=True)
def keep_screenshots():
    yield
    if "LEDGER_DESK_SCREENSHOTS" not in os.environ:
        shutil.rmtree(SHOTS, ignore_errors=True)
