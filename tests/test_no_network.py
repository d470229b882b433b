"""legalcheck makes no network connection: sockets are blocked and every attempt is recorded, even if caught."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from legalcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "engagements" / "swiss-ngo-somalia.yaml"
SCENARIOS = ROOT / "tests" / "scenarios"

GUARD = """
import socket, sys
attempts = []
def _blocked(name):
    def refuse(*args, **kwargs):
        attempts.append(name)
        sys.stderr.write(f"NETWORK ATTEMPT: {name}{args[:2]!r}\\n")
        raise OSError(f"network blocked by test: {name}")
    return refuse
for _name in ("connect", "connect_ex", "sendto", "sendmsg", "bind"):
    setattr(socket.socket, _name, _blocked("socket." + _name))
for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    setattr(socket, _name, _blocked(_name))
from legalcheck.cli import main
try:
    main(standalone_mode=True)
finally:
    if attempts:
        sys.stderr.write("NETWORK ATTEMPTS: " + ", ".join(attempts) + "\\n")
"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def blocked(name: str) -> Any:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            attempts.append(name)
            raise OSError(f"network blocked by test: {name}")

        return refuse

    for name in ("connect", "connect_ex", "sendto", "sendmsg", "bind"):
        monkeypatch.setattr(socket.socket, name, blocked(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        monkeypatch.setattr(socket, name, blocked(name))
    return attempts


def test_guard_really_blocks(no_network: list[str]) -> None:
    """Control: the guard catches a connection attempt (otherwise the tests below would prove nothing)."""
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    assert no_network == ["create_connection"]


@pytest.mark.parametrize("args", [
    ["check", str(EXAMPLE), "--format", "json"],
    ["check", str(EXAMPLE), "--format", "md"],
    ["validate", "--strict"],
    ["validate", str(EXAMPLE)],
    ["screen", "Harakat al-Shabaab al-Mujahideen", "Hamas", "Unknown Valley Committee"],
    ["jurisdictions"],
    ["activities"],
    ["test", str(SCENARIOS / "us")],
], ids=lambda a: "-".join(a[:1] + [Path(x).stem if "/" in x else x for x in a[1:2]]))
def test_cli_in_process_makes_no_connection(args: list[str], no_network: list[str], tmp_path: Path) -> None:
    r = CliRunner().invoke(main, args)
    assert no_network == [], f"network attempted: {no_network}"
    assert r.exit_code in (0, 1, 2), r.output  # 1/2 may come from data being edited; a crash would raise
    if args[0] == "check" and r.exit_code == 0 and args[-1] == "json":
        assert json.loads(r.stdout)["findings"]


def test_subprocess_with_socket_guard(tmp_path: Path) -> None:
    """The whole CLI in a fresh interpreter whose sockets are blocked before legalcheck is imported."""
    out = tmp_path / "memo.md"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    # validate and check --format json run in-process above; here the two paths that reach the most code.
    for args in (["check", str(EXAMPLE), "-o", str(out)], ["screen", "al-Shabaab"]):
        r = subprocess.run([sys.executable, "-c", GUARD, *args], capture_output=True, text=True, cwd=tmp_path,
                           env=env, timeout=300)
        assert "NETWORK ATTEMPT" not in r.stderr, r.stderr[-1000:]
        assert "Traceback" not in r.stderr, r.stderr[-2000:]
        assert r.returncode in (0, 2), r.stderr[-1000:]
    assert out.is_file() and out.read_text(encoding="utf-8").startswith("#")
