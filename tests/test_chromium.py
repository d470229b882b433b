"""The HTML memo in a real browser: headless Chromium prints it to PDF; every activity, the readiness section and
the provenance block are on the page, and the page makes no request at all.

Needs Debian's ``chromium`` (and ``pdftotext`` from poppler-utils); ``.ci/run`` installs both when missing. Skipped
when Chromium is absent, unless the environment variable CI is set (then the test fails instead).
"""

from __future__ import annotations

import html
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
import yaml
from memo_helpers import READINESS, render, run

BROWSERS = ("chromium", "chromium-browser")


def _need(tool: str | None, what: str) -> str:
    if tool:
        return tool
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI (.ci/run installs it)")
    pytest.skip(f"{what} not installed")


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A proxy that answers nothing and remembers every request it was asked to make."""

    seen: list[str] = []

    def _record(self) -> None:
        _Recorder.seen.append(f"{self.command} {self.path}")
        self.send_response(502)
        self.end_headers()

    do_GET = do_POST = do_HEAD = do_CONNECT = do_OPTIONS = _record

    def log_message(self, *args: object) -> None:
        return


_BROWSER_OWN = re.compile(r"^\S+ (?:https?://)?[a-z0-9.-]*\.(?:google\.com|googleapis\.com|gvt1\.com|gstatic\.com)"
                          r"(?::\d+)?(?:/|$)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability",
         "--disable-client-side-phishing-detection", "--disable-breakpad", "--no-first-run",
         "--no-default-browser-check", "--no-pdf-header-footer", "--disable-features=Translate,OptimizationHints"]


def _print(browser: str, page: Path, pdf: Path, profile: Path) -> list[str]:
    """Print ``page`` to ``pdf`` with every request routed through a recording proxy; return the requests."""
    _Recorder.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        proc = subprocess.run(
            [browser, *FLAGS, f"--proxy-server=http://127.0.0.1:{server.server_address[1]}",
             "--proxy-bypass-list=<-loopback>", f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", page.as_uri()],
            capture_output=True, text=True, timeout=180, check=False,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert pdf.is_file() and pdf.stat().st_size > 500, proc.stderr[-2000:]
    return list(_Recorder.seen)


@pytest.mark.slow
def test_html_memo_prints_in_headless_chromium_without_any_request(tmp_path: Path) -> None:
    browser = _need(next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None), "chromium")
    memo = tmp_path / "memo.html"
    memo.write_bytes(render(READINESS, "html", tmp_path))
    page = memo.read_text(encoding="utf-8")
    # Static check: nothing in the file can load a resource (anchors to citations are links, not requests).
    assert not re.search(r"<(?:img|script|link|iframe|object|embed|video|audio|source)\b", page, re.I)
    assert not re.search(r"\b(?:src|srcset|poster|data)\s*=", page, re.I)
    assert "url(" not in page and "@import" not in page

    # Dynamic check: route every request through a recording proxy; a control page proves the proxy sees a
    # page's requests. Chromium's own service traffic (component updates, sign-in, clock) is not the memo's.
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><img src="http://memo-control.invalid/pixel.png">', encoding="utf-8")
    seen = _print(browser, control, tmp_path / "control.pdf", tmp_path / "p1")
    assert any("memo-control.invalid" in r for r in seen), f"the recording proxy saw no page request: {seen}"
    pdf = tmp_path / "memo.pdf"
    seen = _print(browser, memo, pdf, tmp_path / "p2")
    page_requests = [r for r in seen if not _BROWSER_OWN.search(r)]
    assert page_requests == [], f"the memo made requests: {page_requests}"

    pdftotext = _need(shutil.which("pdftotext"), "pdftotext (poppler-utils)")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout \
        if shutil.which("pdfinfo") else ""
    n_pages = int(re.search(r"Pages:\s+(\d+)", info).group(1)) if info else 0
    pages = []
    for i in range(1, n_pages + 1):
        out = subprocess.run([pdftotext, "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
        pages.append([line.strip() for line in out.splitlines() if line.strip()])
    assert len(pages) >= 3
    eng = yaml.safe_load(READINESS.read_text(encoding="utf-8"))
    header = eng["memo"]["confidentiality"].upper()
    # the confidentiality line is the running header of every printed page
    assert all(p and p[0] == header for p in pages)

    code, out, _ = run("check", str(READINESS), "--format", "json")
    assert code == 0
    result = json.loads(out)
    for a in result["activities"]:
        heading = f"Activity {a['id']}: {a['label']}"
        # each activity begins a page (print stylesheet: page break before every activity)
        assert any(len(p) > 1 and p[1].startswith(heading) for p in pages), heading
    text = "\n".join(" ".join(p) for p in pages)
    flat = re.sub(r"\s+", "", text)
    assert "Provenance" in text and "Conditions for engagement" in text
    assert result["provenance"]["rules_sha256"] in flat
    assert result["provenance"]["input_sha256"] in flat
    for lst in result["provenance"]["lists"]:
        assert lst["id"].replace("-", "") in flat.replace("-", "")  # pdftotext drops a hyphen where a line wraps
    # the appendices are collapsed on screen (<details>) but printed in full
    assert "Appendix A. The rules applied" in text and "Mental element:" in text
    # and so is each engaged rule's own collapsed "Rule text, reach and sources" inside it
    assert text.count("Rule text, reach and sources") >= 2 and "Summary:" in text and "Secondary sources:" in text
    assert "Reach clauses met here" in text
    assert "not legal advice" in text
    assert html.unescape("PROHIBITED") in text or "NEEDS REVIEW" in text
