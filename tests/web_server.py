"""Run the web app on a free loopback port in a thread (browser tests and the screenshot tool)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

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
