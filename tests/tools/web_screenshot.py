"""Take the README's screenshots of the web app (docs/web-*.png) with Playwright and the system Chromium.

    .venv/bin/python tests/tools/web_screenshot.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from web_server import FLAGS, chromium, fill_engagement, running_app  # noqa: E402


def main() -> None:
    from playwright.sync_api import sync_playwright

    exe = chromium()
    if exe is None:
        raise SystemExit("needs Chromium")
    with running_app() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(base + "/new")
        fill_engagement(page, "Access talks and project registration in Gedo", staff="CH, US")
        page.get_by_label("Name of the armed group you will deal with").press_sequentially("al-Shabaab", delay=20)
        page.locator("#group-hint").filter(has_text="al-Shabaab").wait_for()
        page.get_by_label("Country where the activities take place").fill("SO")
        page.get_by_label("Meeting or talks with the group").check()
        page.get_by_label("Registering a project with the group").check()
        page.locator("#group").scroll_into_view_if_needed()
        page.screenshot(path=str(ROOT / "docs" / "web-new-check.png"))
        page.get_by_role("button", name="Check this engagement").click()
        page.get_by_role("heading", name="Short answer").wait_for()
        page.screenshot(path=str(ROOT / "docs" / "web-result.png"))
        browser.close()


if __name__ == "__main__":
    main()
