"""Snapshot tests: the memo of every bundled example in Markdown, HTML and Word (as a normalised text dump).

The snapshots include the text of the encoded law (the rule-data hash is replaced by a placeholder), so a change
to jurisdictions/ or designations/ that changes a memo changes them. After reviewing such a change, regenerate them with

    LEGALCHECK_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py

and review the diff of tests/snapshots/ like any other change to the memo.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from conftest import rules
from memo_helpers import EXAMPLES, docx_dump, render

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
CASES = [(p, fmt, ()) for p in sorted(EXAMPLES.glob("*.yaml")) for fmt in ("md", "html", "docx")]
CASES.append((EXAMPLES / "uk-peacebuilding-dialogue-readiness.yaml", "md", ("--redact",)))


def _name(path: Path, fmt: str, extra: tuple[str, ...]) -> str:
    suffix = "".join(e.strip("-").replace("-", "_") + "." for e in extra)
    return f"{path.stem}.{suffix}{'docx.txt' if fmt == 'docx' else fmt}"


@pytest.mark.parametrize(("path", "fmt", "extra"), CASES, ids=[_name(*c) for c in CASES])
def test_snapshot(path: Path, fmt: str, extra: tuple[str, ...], tmp_path: Path) -> None:
    data = render(path, fmt, tmp_path, *extra)
    text = docx_dump(data) if fmt == "docx" else data.decode("utf-8")
    # the rules hash changes with every data edit; the snapshot pins the memo, not the hash
    sha = rules().sha256
    text = text.replace(sha, "<rules-sha256>").replace(sha[:12], "<rules-sha>")
    snap = SNAPSHOTS / _name(path, fmt, extra)
    if os.environ.get("LEGALCHECK_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        snap.write_text(text, encoding="utf-8", newline="\n")
        return
    if not snap.is_file():
        pytest.fail(f"no snapshot {snap.name}: run LEGALCHECK_UPDATE_SNAPSHOTS=1 python -m pytest {__file__}")
    expected = snap.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(list(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), str(snap), "now",
                                                 n=1))[:80])
        pytest.fail(f"{snap.name} differs (if the change is intended, regenerate with "
                    f"LEGALCHECK_UPDATE_SNAPSHOTS=1):\n{diff}")
