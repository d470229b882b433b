"""The click-free ``check`` (legalcheck.quickcheck): same output, same errors, and no click imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from legalcheck.quickcheck import quick_args, quick_screen_args

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "engagements" / "swiss-ngo-somalia.yaml"
PROBE = """
import json, sys
from legalcheck.__main__ import run
try:
    run()
finally:
    sys.stderr.write("\\nMODULES " + json.dumps(sorted({m.split(".")[0] for m in sys.modules})) + "\\n")
"""


def _run(*args: str, quick: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LEGALCHECK_NO_QUICK"}
    if not quick:
        env["LEGALCHECK_NO_QUICK"] = "1"
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=300)


def _modules(r: subprocess.CompletedProcess[str]) -> set[str]:
    line = next(x for x in r.stderr.splitlines() if x.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


def _stderr(r: subprocess.CompletedProcess[str]) -> str:
    return "\n".join(x for x in r.stderr.splitlines() if not x.startswith("MODULES "))


def test_quick_args_accepts_only_the_plain_forms() -> None:
    ex = str(EXAMPLE)
    assert quick_args(["check", ex]) == (EXAMPLE, "md")
    assert quick_args(["check", ex, "--format", "json"]) == (EXAMPLE, "json")
    assert quick_args(["check", ex, "--format=html"]) == (EXAMPLE, "html")
    for argv in (["check", ex, "--format", "docx"], ["check", ex, "-o", "x.md"], ["check", ex, "--format"],
                 ["check", "--help"], ["check", str(ROOT / "missing.yaml")], ["check", str(ROOT)],
                 ["screen", "Hamas"], ["check", ex, "--format", "json", "--redact"], ["check"], []):
        assert quick_args(argv) is None, argv


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_quick_check_matches_the_click_command_without_importing_click(fmt: str) -> None:
    quick = _run("check", str(EXAMPLE), "--format", fmt)
    slow = _run("check", str(EXAMPLE), "--format", fmt, quick=False)
    assert quick.returncode == slow.returncode == 0, quick.stderr
    assert quick.stdout == slow.stdout and quick.stdout.strip()
    assert "click" not in _modules(quick) and "click" in _modules(slow)


def test_quick_check_failure_is_reported_by_the_click_command(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisation: [unclosed\n", encoding="utf-8")
    quick = _run("check", str(bad), "--format", "json")
    slow = _run("check", str(bad), "--format", "json", quick=False)
    assert quick.returncode == slow.returncode == 2
    assert quick.stdout == slow.stdout == ""
    assert _stderr(quick) == _stderr(slow) and "bad.yaml:" in _stderr(quick)


def test_quick_screen_args_accepts_only_the_plain_forms() -> None:
    assert quick_screen_args(["screen", "Hamas"]) == ("Hamas", "text")
    assert quick_screen_args(["screen", "Hamas", "--format", "json"]) == ("Hamas", "json")
    for argv in (["screen", "Hamas", "Hezbollah"], ["screen", "Hamas", "--index"], ["screen", "--help"],
                 ["screen", " "], ["screen", "Hamas", "--format", "xml"], ["screen"], ["check", "Hamas"]):
        assert quick_screen_args(argv) is None, argv


@pytest.mark.parametrize("args", [("Harakat al-Shabaab al-Mujahideen",), ("Hizbollah", "--format", "json"),
                                  ("\u202eHamas",)])
def test_quick_screen_matches_the_click_command_without_importing_click(args: tuple[str, ...]) -> None:
    quick = _run("screen", *args)
    slow = _run("screen", *args, quick=False)
    assert quick.returncode == slow.returncode == 0, quick.stderr
    assert quick.stdout == slow.stdout and quick.stdout.strip()
    assert "click" not in _modules(quick) and "click" in _modules(slow)
