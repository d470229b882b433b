"""Input help: common slips in an engagement file get a message that says what was meant (and still exit 2)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from memo_helpers import EXAMPLES, run

SRC = (EXAMPLES / "kenyan-ngo-gedo.yaml").read_text(encoding="utf-8")


def _check(tmp: Path, text: str) -> tuple[int, str]:
    f = tmp / "eng.yaml"
    f.write_text(text, encoding="utf-8")
    code, _, err = run("check", str(f), "--format", "json")
    return code, err


def test_country_no_read_by_yaml_as_false(tmp_path: Path) -> None:
    code, err = _check(tmp_path, SRC.replace("{name: UK FCDO, country: GB,", "{name: Norad, country: NO,"))
    assert code == 2
    assert "eng.yaml:18: error: funders.0.country:" in err
    assert "did you mean NO (Norway)? YAML reads an unquoted NO as false: quote it: 'NO'" in err


def test_country_name_instead_of_code(tmp_path: Path) -> None:
    code, err = _check(tmp_path, SRC.replace("incorporated_in: KE", "incorporated_in: United Kingdom"))
    assert code == 2 and "'United Kingdom' is a country name: write its ISO code, GB (United Kingdom)" in err


@pytest.mark.parametrize(("written", "meant"), [
    ("01/06/2024", "2024-06-01 (day first) or 2024-01-06 (month first)"),
    ("13/06/2024", "did you mean 2024-06-13?"),
    ("1 June 2024", "did you mean 2024-06-01 (1 June 2024)?"),
    ("June 1, 2024", "did you mean 2024-06-01 (1 June 2024)?"),
])
def test_dates_in_other_formats(tmp_path: Path, written: str, meant: str) -> None:
    code, err = _check(tmp_path, re.sub(r"^date: .*$", f"date: {written}", SRC, count=1, flags=re.M))
    assert code == 2 and "eng.yaml:5: error: date:" in err and meant in err and "YYYY-MM-DD" in err


def test_performed_by_nationality_not_on_the_staff_list(tmp_path: Path) -> None:
    code, err = _check(tmp_path, SRC.replace("performed_by: [GB]", "performed_by: [FR]", 1))
    assert code == 2
    assert "eng.yaml:29: error: activities.0.performed_by.0: nationality not on the staff list" in err
    assert "expected one of: GB, KE; found 'FR'" in err


def test_performed_by_without_a_staff_list_is_the_statement_of_who_acts(tmp_path: Path) -> None:
    """No staff list: performed_by is accepted (it is then the only statement of who acts); their nationality reaches
    the activity and, their residence being unknown, it is asked (never assumed)."""
    text = SRC.replace("  staff:\n    - {nationality: KE}\n    - {nationality: GB, role: programme manager}\n", "")
    assert text != SRC
    f = tmp_path / "eng.yaml"
    f.write_text(text.replace("performed_by: [GB]", "performed_by: [US]", 1), encoding="utf-8")
    code, out, err = run("check", str(f), "--format", "json")
    assert code == 0, err
    import json

    r = json.loads(out)
    assert r["activities"][0]["performed_by"] == ["US"]
    us = next(x for x in r["findings"] if x["activity"] == "a" and x["jurisdiction"] == "US")
    assert any("staff of nationality US" in w for c in us["components"] for w in c["reached"])
    kenya = next(x for x in r["findings"] if x["activity"] == "c" and x["jurisdiction"] == "KE")
    assert "In which country does each staff member who carries out this activity live?" in kenya["questions"]
