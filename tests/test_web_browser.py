"""The web app in a real browser: Playwright drives the system Chromium (no browser download) through every page as
a programme officer would, and checks that no request leaves the app and that every field is labelled and usable
by keyboard.

Slow (run with LEGALCHECK_SLOW_TESTS=1, as .ci/run does). Skipped with a message when Chromium or the Playwright
package is missing, unless the environment variable CI is set (then it fails: .ci/run installs both).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from web_server import FLAGS, chromium, fill_engagement, running_app

pytestmark = pytest.mark.slow


def _need(thing: Any, what: str) -> Any:
    if thing:
        return thing
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI (.ci/run installs it)")
    pytest.skip(f"{what} not installed: the browser tests need it")


@pytest.fixture(scope="module")
def browser_page() -> Iterator[tuple[Any, str, list[str]]]:
    """(page, base URL, requests that left the app)."""
    exe = _need(chromium(), "Chromium (/usr/bin/chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(None, "the Python playwright package")
    outside: list[str] = []
    with running_app() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=FLAGS, headless=True)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(base) or url.startswith(("data:", "about:")):
                r.continue_()
            else:
                outside.append(url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(60_000)
        yield page, base, outside
        context.close()
        browser.close()


def _unlabelled(page: Any) -> list[str]:
    """Form controls a screen reader could not name."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('input, select, textarea, button'))
        .filter(e => e.type !== 'hidden' && !e.hidden)
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
        .map(e => e.outerHTML.slice(0, 120))""")


def test_new_check_result_answer_and_word_memo(browser_page: tuple[Any, str, list[str]], tmp_path: Path) -> None:
    page, base, outside = browser_page
    page.goto(base + "/")
    assert page.url.endswith("/new")
    assert _unlabelled(page) == []
    page.keyboard.press("Tab")  # keyboard: the first stop is the skip link, which moves to the form
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    fill_engagement(page, "Access talks and registration in Gedo", staff="CH")
    page.get_by_label("Name of the armed group you will deal with").press_sequentially("al-Shabaab", delay=30)
    hint = page.locator("#group-hint")
    hint.filter(has_text="al-Shabaab").wait_for()  # the live screening hint
    assert "On a list" in hint.inner_text() or "Possible match" in hint.inner_text()
    page.get_by_label("Country where the activities take place").fill("SO")
    box = page.get_by_label("Meeting or talks with the group")
    box.focus()
    page.keyboard.press("Space")  # ticked by keyboard
    assert box.is_checked()
    page.get_by_label("Registering a project with the group").check()
    page.get_by_role("button", name="Check this engagement").click()
    page.get_by_role("heading", name="Short answer").wait_for()
    assert _unlabelled(page) == []
    memo = page.frame_locator("iframe.memo")
    memo.get_by_text("Access talks and registration in Gedo").first.wait_for()  # the memo is shown
    font = "e => getComputedStyle(e).fontFamily"
    memo_font, app_font = memo.locator("body").evaluate(font), page.locator("body").evaluate(font)
    assert "system-ui" in app_font and "system-ui" not in memo_font, (app_font, memo_font)  # no style leaks
    assert page.evaluate("() => document.styleSheets.length") == 1  # the app's own sheet only
    before = page.locator("#findings ~ article .badge, article .badge").all_inner_texts()
    questions = page.locator(".question fieldset")
    assert questions.count() >= 1
    for i in range(questions.count()):
        questions.nth(i).get_by_label("Yes").check()
    page.evaluate("window.stillHere = true")
    page.get_by_role("button", name="Re-run the check with these answers").click()
    page.get_by_role("status").filter(has_text="the check was run again").wait_for()
    assert page.evaluate("window.stillHere === true"), "re-run in place, no page load"
    after = page.locator("#findings ~ article .badge, article .badge").all_inner_texts()
    assert after != before, "answering the open questions changes an outcome"
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download Word memo").click()
    path = tmp_path / "memo.docx"
    dl.value.save_as(path)
    assert path.read_bytes()[:2] == b"PK" and path.stat().st_size > 10_000
    page.get_by_role("button", name="Go back and change the answers").click()
    assert page.get_by_label("Organisation name").input_value() == "Relief Now"
    assert outside == []


def test_plan_upload_table_and_download(browser_page: tuple[Any, str, list[str]], tmp_path: Path) -> None:
    page, base, outside = browser_page
    page.goto(base + "/plan")
    assert _unlabelled(page) == []
    page.get_by_label("Plan file (.csv or .xlsx)").set_input_files(str(ROOT / "examples" / "plans" / "plan.csv"))
    page.get_by_label("Organisation profiles file").set_input_files(
        str(ROOT / "examples" / "plans" / "profiles.yaml"))
    page.get_by_role("button", name="Screen the plan").click()
    page.locator("table.plan").wait_for()
    assert page.locator("table.plan tbody tr").count() >= 3
    with page.expect_download() as dl:
        page.get_by_role("link", name="Download results (Excel)").click()
    out = tmp_path / "results.xlsx"
    dl.value.save_as(out)
    assert out.read_bytes()[:2] == b"PK"
    assert outside == []


def test_screen_a_list_and_about(browser_page: tuple[Any, str, list[str]]) -> None:
    page, base, outside = browser_page
    page.goto(base + "/screen")
    page.get_by_label("Names to screen").fill("al-Shabaab\nHamas\nA Group Nobody Listed")
    page.get_by_role("button", name="Screen").click()
    page.locator("section.screened").nth(2).wait_for()
    assert page.locator("section.screened").count() == 3
    assert "Match" in page.locator("section.screened").first.inner_text()
    page.get_by_role("link", name="About the data").click()
    page.get_by_role("heading", name="Coverage: which activity kinds each law engages").wait_for()
    assert page.locator("table.coverage tbody tr").count() >= 10
    assert _unlabelled(page) == []
    assert outside == []
