"""Run the web app on a free loopback port in a thread (browser tests and the screenshot tool)."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from test_chromium import FLAGS as PRINT_FLAGS

BROWSERS = ("/usr/bin/chromium", "chromium", "chromium-browser")
FLAGS = [f for f in PRINT_FLAGS if f != "--no-pdf-header-footer"]  # the memo print test's: no network of its own


def chromium() -> str | None:
    return next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_app() -> Iterator[str]:
    """The app served by uvicorn (access log off, as ``legalcheck serve`` runs it); yields its base URL."""
    import uvicorn

    from legalcheck.web.app import create_app
    from legalcheck.web.state import WebConfig

    port = free_port()
    app = create_app(WebConfig(host="127.0.0.1", port=port))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def fill_engagement(page: Any, what: str, staff: str) -> None:
    """Fill the New check form's plain fields the way a user would: activity, date, purpose, organisation, staff
    (the group, the place and the activity kinds are left to the caller, which may check them by keyboard)."""
    page.get_by_label("In one line, what is it?").fill(what)
    page.get_by_label("When will it happen?").fill("2024-06-20")
    page.get_by_role("radio", name=re.compile("^Humanitarian saving lives")).check()
    page.get_by_label("Organisation name").fill("Relief Now")
    page.get_by_role("radio", name=re.compile("^Humanitarian NGO")).check()
    page.get_by_label("Country where it is incorporated or registered").fill("CH")
    page.get_by_label("Nationalities of the staff who take part").fill(staff)
