"""``legalcheck serve``: the local web app for programme staff and legal advisers."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click

from ..cli import guarded, rules_option

LOOPBACK = ("127.0.0.1", "localhost", "::1")
TOKEN_ENV = "LEGALCHECK_TOKEN"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this computer's loopback needs a token.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--open", "open_browser", is_flag=True, help="Open the app in the default browser.")
@click.option("--token", default=None,
              help=f"Require this token on every request (default: ${TOKEN_ENV}; a random one is made for a "
                   "non-loopback --host when neither is given).")
@rules_option
@guarded
def serve(host: str, port: int, open_browser: bool, token: str | None, rules_dir: Path | None) -> None:
    """Start the local web app: New check, Result, Plan, Screen and About the data, plus a JSON API.

    Private by default: it listens on 127.0.0.1 only, refuses requests for any other host name, keeps nothing
    on disk and logs no request. On another address every request must carry a token.

    \b
    Examples:
      legalcheck serve --open
      legalcheck serve --host 0.0.0.0 --token "$(openssl rand -hex 16)"
    """
    try:
        import uvicorn

        from ..web.app import create_app
        from ..web.jobs import memory_tempdir
        from ..web.state import WebConfig
    except ImportError as exc:
        raise click.ClickException(f"the web app needs its extra packages ({exc.name} is missing): in the "
                                   "checkout, .venv/bin/pip install '.[web]' (see docs/web.md)") from None
    token = token or os.environ.get(TOKEN_ENV) or None
    if host not in LOOPBACK and not token:
        token = secrets.token_urlsafe(24)
    click.echo("Loading the rules, lists and screening index…", err=True)
    import signal

    # uvicorn re-raises a SIGTERM once it has shut down; as SystemExit the private temporary folder is removed
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    with memory_tempdir():  # temporary files (a plan's XLSX results) in memory, never in /tmp on disk
        app = create_app(WebConfig(host=host, port=port, token=token, rules_dir=rules_dir))
        shown = f"[{host}]" if ":" in host else host
        url = f"http://{shown}:{port}/new" + (f"?token={token}" if token else "")
        click.echo(f"legalcheck is running at {url} (Ctrl+C to stop). Nothing you type is logged or stored.",
                   err=True)
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning", server_header=False,
                    proxy_headers=False)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
