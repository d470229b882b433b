"""Input guards of issue 11: dates before 1990 (item 3), bidi controls in counterpart names (item 5), funder
pseudo-codes (item 7). Each is bad input (exit 2, file:line, the field named) or, for funders, accepted."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from legalcheck.cli import main
from legalcheck.countries import nearest_code, normalise_funder_country
from legalcheck.historic_dates import historic_message, likely_meant

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "examples" / "plans"
GOOD = ROOT / "tests" / "bad_inputs" / "engagements" / "good.yaml"

RADIOS = {
    "title": "Radios", "date": "2024-06-01", "purpose": "humanitarian",
    "organisation": {"name": "Acme Radio Inc", "type": "company", "incorporated_in": "US"},
    "counterparts": [{"id": "h", "name": "Hamas"}], "location": {"country": "PS"},
    "activities": [{"id": "a", "kind": "communications_equipment", "counterpart": "h"}],
}  # fmt: skip


def engagement(tmp_path: Path, **changes: object) -> Path:
    data = {**RADIOS, **changes}
    path = tmp_path / "engagement.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def overall(out: str) -> str:
    return str(json.loads(out)["activities"][0]["outcome"])


# ---------------------------------------------------------------- dates before 1990
@pytest.mark.parametrize("typed,meant", [("0024-06-01", "2024-06-01"), ("0001-06-01", "2001-06-01"),
                                         ("0202-06-01", "2002-06-01"), ("1899-06-01", "1999-06-01"),
                                         ("1988-02-29", None)])  # fmt: skip
def test_likely_meant(typed: str, meant: str | None) -> None:
    got = likely_meant(dt.date.fromisoformat(typed), today=dt.date(2026, 1, 1))
    assert (got.isoformat() if got else None) == meant


def test_check_refuses_a_year_typo_that_would_give_an_all_clear(tmp_path: Path) -> None:
    code, out, _ = run("check", str(engagement(tmp_path)), "--format", "json")
    assert code == 0 and overall(out) == "prohibited"
    path = engagement(tmp_path, date="0024-06-01")
    code, out, err = run("check", str(path), "--format", "json")
    assert code == 2 and out == ""
    assert f"{path}:2: error: date: 0024-06-01 is before 1990: did you mean 2024-06-01?" in err
    assert "--allow-historic" in err
    code, out, _ = run("check", str(path), "--format", "json", "--allow-historic")
    assert code == 0 and json.loads(out)["activities"][0]["date"] == "0024-06-01"


def test_activity_dates_and_as_of_are_checked_too(tmp_path: Path) -> None:
    acts = [{**RADIOS["activities"][0], "date": "0202-06-01"}]  # type: ignore[index]
    path = engagement(tmp_path, activities=acts)
    code, _, err = run("check", str(path))
    assert code == 2 and "activities.0.date: 0202-06-01 is before 1990" in err
    code, _, err = run("check", str(engagement(tmp_path)), "--as-of", "1899-06-01")
    assert code == 2 and "--as-of: 1899-06-01 is before 1990: did you mean 1999-06-01?" in err
    code, _, _ = run("check", str(engagement(tmp_path)), "--as-of", "1899-06-01", "--allow-historic")
    assert code == 0


def test_validate_refuses_historic_dates_unless_allowed(tmp_path: Path) -> None:
    path = engagement(tmp_path, date="0024-06-01")
    code, out, _ = run("validate", str(path))
    assert code == 2 and "did you mean 2024-06-01?" in out
    code, out, _ = run("validate", str(path), "--allow-historic")
    assert code == 0 and "valid engagement" in out


def test_plan_refuses_historic_dates_unless_allowed(tmp_path: Path) -> None:
    lines = (PLANS / "plan.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("2024-09-22", "0024-09-22")
    plan = tmp_path / "plan.csv"
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["plan", str(plan), "--profiles", str(PLANS / "profiles.yaml"), "--format", "json"]
    code, out, err = run(*args)
    assert code == 2 and out == "" and f"{plan}:3: error: Date: 0024-09-22 is before 1990" in err
    code, out, _ = run(*args, "--allow-historic")
    assert code == 0 and json.loads(out)["rows"][1]["date"] == "0024-09-22"
    code, _, err = run("plan", str(PLANS / "plan.csv"), "--profiles", str(PLANS / "profiles.yaml"), "--as-of",
                       "0024-01-01")  # fmt: skip
    assert code == 2 and "--as-of: 0024-01-01 is before 1990" in err


def test_historic_message_without_a_suggestion() -> None:
    assert "did you mean" not in historic_message(dt.date(1988, 2, 29))


# ---------------------------------------------------------------- bidi controls in a counterpart name
@pytest.mark.parametrize("control", ["\u202e", "\u202d", "\u2067", "\u200f", "\u061c"])
def test_bidi_control_in_a_counterpart_name_is_bad_input(tmp_path: Path, control: str) -> None:
    path = engagement(tmp_path, counterparts=[{"id": "h", "name": f"{control}samaH"}])
    code, out, err = run("check", str(path))
    assert code == 2 and out == ""
    assert f"{path}:" in err and "counterparts.0.name" in err and f"U+{ord(control):04X}" in err


def test_bidi_control_in_an_alias_is_bad_input(tmp_path: Path) -> None:
    path = engagement(tmp_path, counterparts=[{"id": "h", "name": "Relief committee", "aliases": ["\u202esamaH"]}])
    code, out, _ = run("validate", str(path))
    assert code == 2 and "counterparts.0.aliases" in out and "U+202E RIGHT-TO-LEFT OVERRIDE" in out


def test_invisible_and_lookalike_characters_are_screened_not_refused(tmp_path: Path) -> None:
    for name in ["Ha\u200bmas", "Hаmas", "HΑMΑS", "H4MA5"]:
        code, out, _ = run("check", str(engagement(tmp_path, counterparts=[{"id": "h", "name": name}])), "--format",
                           "json")  # fmt: skip
        assert code == 0 and overall(out) == "prohibited", name


# ---------------------------------------------------------------- funders
def test_un_is_accepted_for_a_un_agency_funder() -> None:
    assert normalise_funder_country("UN") == normalise_funder_country("int") == "INT"
    assert normalise_funder_country("eu") == "EU" and normalise_funder_country("uk") == "GB"


def test_unknown_funder_code_lists_pseudo_codes_and_the_nearest_real_code(tmp_path: Path) -> None:
    path = engagement(tmp_path, funders=[{"name": "USAID", "country": "USA", "kind": "government"}])
    code, _, err = run("check", str(path))
    assert code == 2 and "funders.0.country" in err
    assert "EU (European Union institutions)" in err and "INT" in err and "UN (a UN agency" in err
    assert "did you mean US?" in err
    assert nearest_code("GBR") == "GB" and nearest_code("UAE") == "AE" and nearest_code("XX") is None


def test_a_file_changed_during_the_check_gets_no_record(tmp_path: Path) -> None:
    """Hostile input round 3 (a file that changes while it is read): the decision record reads the engagement again
    for its SHA-256; had the file changed since the check read it, the record would pair the new file's hash with
    the old file's result. That is refused (exit 2), and one read gives both the hash and the document checked."""
    from legalcheck.engagement_io import load_engagement
    from legalcheck.engine import Checker
    from legalcheck.errors import InputError
    from legalcheck.record import build_record
    from legalcheck.ruleset import load_ruleset

    rules = load_ruleset()
    file = tmp_path / "e.yaml"
    file.write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    eng, digest = load_engagement(file, rules)
    result = Checker(rules).check(eng, input_sha256=digest)
    assert build_record(file, eng, result, rules, None)["input"]["sha256"] == digest
    file.write_text(GOOD.read_text(encoding="utf-8").replace("Access talks", "Other talks"), encoding="utf-8")
    with pytest.raises(InputError, match="changed while it was being checked"):
        build_record(file, eng, result, rules, None)
