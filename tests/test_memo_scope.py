"""The memo says what it does not cover, what may be out of date on the memo date, reads PERMITTED without
overclaiming, and picks its format from the output file's extension."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from memo_helpers import EXAMPLES, run

from legalcheck.vocabulary import VOCABULARY

SWISS = EXAMPLES / "swiss-ngo-somalia.yaml"


def _write(tmp: Path, change: Any) -> Path:
    data = yaml.safe_load(SWISS.read_text(encoding="utf-8"))
    data.pop("$schema", None)
    change(data)
    f = tmp / "eng.yaml"
    f.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return f


def test_every_connected_country_whose_law_is_not_encoded_is_named(tmp_path: Path) -> None:
    def links(data: dict[str, Any]) -> None:
        data["funders"].append({"name": "Norad", "country": "NO", "kind": "government"})
        data["organisation"]["offices"] = ["TR"]

    code, out, err = run("check", str(_write(tmp_path, links)), "--format", "md", "--memo-date", "2026-12-01")
    assert code == 0, err
    section = out.split("## 10. What this memo does not cover", 1)[1].split("\n## ", 1)[0]
    assert "NO (Norway): funder Norad" in section
    assert "TR (Türkiye): office" in section
    assert "SO (Somalia): the activities take place there (host state)" in section
    assert "CH (" not in section and "US (" not in section and "FR (" not in section  # encoded (FR through the EU)
    for text in VOCABULARY.out_of_scope:  # from the vocabulary data, not the code
        assert text in section
    assert any("export controls" in t.lower() for t in VOCABULARY.out_of_scope)


def test_staleness_is_said_beside_the_findings_it_affects_and_never_in_the_result(tmp_path: Path) -> None:
    late = run("check", str(SWISS), "--format", "md", "--memo-date", "2031-01-01")[1]
    now = run("check", str(SWISS), "--format", "md", "--memo-date", "2026-12-01")[1]
    assert "| Memo date | 2031-01-01" in late
    notes = [line for line in late.splitlines() if "Out of date?" in line]
    assert notes and all(" was due for re" in n or " was last checked on " in n for n in notes)
    assert "| Memo date | 2031-01-01 (the day the memo was made: staleness is judged on it) |" in late
    assert any("list us-fto was due for re-checking" in n for n in notes)
    assert "Out of date?" not in now
    json_late = run("check", str(SWISS), "--format", "json", "--memo-date", "2031-01-01")[1]
    json_now = run("check", str(SWISS), "--format", "json")[1]
    assert json_late == json_now and "2031-01-01" not in json_late


def test_activity_dated_after_the_list_check_is_flagged(tmp_path: Path) -> None:
    def later(data: dict[str, Any]) -> None:
        data["activities"] = [dict(data["activities"][0], date="2026-12-20")]
        data["date"] = "2026-12-20"

    out = run("check", str(_write(tmp_path, later)), "--format", "md", "--memo-date", "2026-12-21")[1]
    assert "was last checked on" in out and "before this activity's date (2026-12-20)" in out


def test_permitted_reads_as_no_prohibition_found_in_the_encoded_law() -> None:
    assert VOCABULARY.outcome("permitted").plain == "allowed — no prohibition found in the encoded law"
    out = run("check", str(SWISS), "--format", "md", "--memo-date", "2026-12-01")[1]
    summary = out.split("## 2. Question", 1)[0]
    assert "PERMITTED allowed — no prohibition found in the encoded law" in summary  # legend
    assert "**e** PERMITTED Meeting or talks with the group (2024-09-15): allowed — no prohibition found" in summary


@pytest.mark.parametrize(("suffix", "marker"), [(".md", b"# Counterterrorism"), (".html", b"<!DOCTYPE html>"),
                                                (".json", b'{\n  "format": 1'), (".docx", b"PK")])
def test_format_follows_the_output_extension(tmp_path: Path, suffix: str, marker: bytes) -> None:
    out = tmp_path / f"memo{suffix}"
    code, _, err = run("check", str(SWISS), "-o", str(out), "--memo-date", "2026-12-01")
    assert code == 0, err
    assert out.read_bytes().lstrip().startswith(marker)


def test_format_and_extension_that_disagree_are_an_error(tmp_path: Path) -> None:
    out = tmp_path / "memo.docx"
    code, _, err = run("check", str(SWISS), "--format", "md", "-o", str(out))
    assert code == 2 and "--format md does not match the output file" in err and not out.exists()
    code, _, _ = run("check", str(SWISS), "--format", "md", "-o", str(tmp_path / "memo.txt"))
    assert code == 0  # an extension that names no format: --format decides


@pytest.mark.slow
def test_word_memo_of_200_activities_is_linear_enough(tmp_path: Path) -> None:
    """Issue 14: 200 activities in at most 20 s (CPU time: check, view with the ways forward, Word)."""
    import datetime as dt
    import runpy
    import time

    from conftest import rules

    from legalcheck.engagement_io import load_engagement
    from legalcheck.engine import Checker
    from legalcheck.memo.view import build_view
    from legalcheck.memo.word import write_docx

    bench = runpy.run_path(str(Path(__file__).resolve().parents[1] / "benchmarks" / "bench_memo.py"))
    eng, _ = load_engagement(bench["engagement"](200, tmp_path), rules())
    start = time.process_time()
    view = build_view(Checker(rules()).check(eng), eng, rules(), dt.date(2026, 12, 1))
    blob = write_docx(view, Path(__file__).resolve().parents[1] / "templates" / "memo-reference.docx")
    spent = time.process_time() - start
    assert blob[:2] == b"PK" and len(view.activities) == 200
    assert spent <= 20, spent
