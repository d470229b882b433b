"""``legalcheck plan`` / ``plan-template``: plans in CSV and XLSX, malformed rows, plain language, round trip."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import rules

from legalcheck.cli import main
from legalcheck.plan.run import run_plan

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "examples" / "plans"
SAMPLE = PLANS / "plan.csv"
PROFILES = PLANS / "profiles.yaml"
OUTCOMES = {"prohibited", "needs_review", "licensed", "exempt", "permitted", "not_applicable"}


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def plan_json(path: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run("plan", str(path), "--profiles", str(PROFILES), "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def write_csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return path


def csv_to_xlsx(src: Path, dst: Path, dates_as_cells: bool = True) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    with src.open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh)):
            cells: list[object] = list(row)
            if i and dates_as_cells:
                try:
                    cells[2] = dt.datetime.fromisoformat(row[2])  # a real date cell, as Excel stores it
                except ValueError:
                    pass
            ws.append(cells)
    wb.save(dst)
    return dst


# --------------------------------------------------------------------------- the sample plan
def test_sample_plan_outcomes_and_row_errors() -> None:
    data = plan_json(SAMPLE)
    rows = {r["ref"]: r for r in data["rows"]}
    assert len(rows) == 20
    # malformed rows: reported with row number and column, marked error, the others still screened
    errors = {r["row"]: r["error"] for r in data["rows"] if r["outcome"] == "error"}
    assert {n: e["column"] for n, e in errors.items()} == {14: "Date", 15: "Country", 20: "Activity kind",
                                                             21: "Organisation profile"}
    assert "2024-13-40" in errors[14]["message"] and "'XX'" in errors[15]["message"]
    assert "unknown-profile" in errors[21]["message"]
    good = [r for r in data["rows"] if r["outcome"] != "error"]
    assert len(good) == 16 and all(r["outcome"] in OUTCOMES for r in good)
    assert all(r["reason"] and r["next_step"] and r["strictest_jurisdictions"] for r in good)
    # the core example (as in test_core): US-national delegate trains al-Shabaab -> prohibited under US law
    a = rows["GHP-01"]
    assert a["outcome"] == "prohibited" and "US" in a["strictest_jurisdictions"]
    assert a["jurisdictions"]["US"] == "prohibited"
    assert "2339B" in a["legal_basis"] and "2339B" not in a["reason"]  # the citation is in the Legal basis
    assert a["next_step"].startswith("Do not go ahead")
    # outcome varies across the sample
    assert len({r["outcome"] for r in good}) >= 3
    assert data["summary"]["error"] == 4 and sum(data["summary"].values()) == 20


def test_plain_language_in_output() -> None:
    data = plan_json(SAMPLE)
    ids = set(rules().activity_kinds)
    for r in data["rows"]:
        text = " ".join([r["reason"], r["next_step"], r["activity"] or "", *r["questions"]])
        assert not (set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", text)) & ids), text
        assert r["outcome_plain"] and "_" not in r["outcome_plain"]
    assert any(r["activity"] == "Payment at a checkpoint" for r in data["rows"])


def test_needs_review_next_step_asks_legal() -> None:
    for r in plan_json(SAMPLE)["rows"]:
        if r["outcome"] == "needs_review":
            assert r["next_step"].startswith("Ask legal")
        if r["outcome"] in ("exempt", "licensed"):
            assert r["next_step"].startswith("OK ")


def test_table_md_csv_formats_and_summary(tmp_path: Path) -> None:
    code, out, err = run("plan", str(SAMPLE))  # profiles.yaml found next to the plan
    assert code == 0
    assert "Not allowed" in out and "Why:" in out and "Next:" in out
    assert "row 14, column 'Date'" in err and "Total" in err and "Row could not be read" in err
    assert "Screening activities" not in err  # no progress bar when stderr is not a terminal
    code, md, _ = run("plan", str(SAMPLE), "--format", "md")
    assert code == 0 and md.startswith("# Plan pre-screening") and "| Row | Ref |" in md
    out_csv = tmp_path / "r.csv"
    code, _, _ = run("plan", str(SAMPLE), "-o", str(out_csv))  # format from the extension
    assert code == 0
    with out_csv.open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert len(table) == 20 and table[0]["Ref"] == "GHP-01" and table[0]["Outcome code"] == "prohibited"


def test_progress_bar_on_request() -> None:
    code, _, err = run("plan", str(SAMPLE), "--progress", "--format", "json")
    assert code == 0 and "Screening activities" in err


def test_output_deterministic(tmp_path: Path) -> None:
    for fmt in ("xlsx", "csv", "json"):
        a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        assert run("plan", str(SAMPLE), "-o", str(a))[0] == 0
        assert run("plan", str(SAMPLE), "-o", str(b))[0] == 0
        assert a.read_bytes() == b.read_bytes(), fmt


def test_xlsx_output_readable(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    assert run("plan", str(SAMPLE), "-o", str(out))[0] == 0
    wb = load_workbook(out, read_only=True)
    rows = list(wb["Results"].iter_rows(values_only=True))
    assert rows[0][0] == "Row" and len(rows) == 21 and rows[1][1] == "GHP-01"
    assert run("plan", str(SAMPLE), "--format", "xlsx")[0] == 2  # binary output needs -o


# --------------------------------------------------------------------------- XLSX plans
def test_xlsx_plan_same_as_csv(tmp_path: Path) -> None:
    xlsx = csv_to_xlsx(SAMPLE, tmp_path / "plan.xlsx")
    a = plan_json(SAMPLE)["rows"]
    b = plan_json(xlsx)["rows"]
    assert [(r["row"], r["outcome"], r["reason"], r["next_step"]) for r in a] == \
           [(r["row"], r["outcome"], r["reason"], r["next_step"]) for r in b]


def test_malformed_rows_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Organisation profile", "Date", "Country", "Counterpart group", "Activity kind", "Funders",
               "Staff nationalities", "private"])
    ws.append(["geneva-hpc", dt.date(2024, 5, 1), "SO", "", "food_distribution_civilians", "", "", None])
    ws.append([])  # blank rows are skipped, numbering follows the sheet
    ws.append(["geneva-hpc", "yesterday", "SO", "", "Food distribution to civilians", "", "", None])
    ws.append(["geneva-hpc", dt.date(2024, 5, 1), "SO", "", "FOOD DISTRIBUTION TO CIVILIANS", "ECHO|EU|donor", "",
               None])
    ws.append(["geneva-hpc", dt.date(2024, 5, 1), "SO", "", "dialogue_meeting", "", "US;XY", None])
    ws.append(["geneva-hpc", dt.date(2024, 5, 1), "GB", "Hamas", "dialogue_meeting", "", "GB", "perhaps"])
    ws.append(["geneva-hpc", dt.date(2024, 5, 1), "SO", "", "Food distribution to civilians",
               "ECHO|EU|eu_institution;State|US|government", "CH; FR", "yes"])
    path = tmp_path / "p.xlsx"
    wb.save(path)
    data = plan_json(path)
    by_row = {r["row"]: r for r in data["rows"]}
    assert sorted(by_row) == [2, 4, 5, 6, 7, 8]
    assert by_row[2]["outcome"] in OUTCOMES and by_row[8]["outcome"] in OUTCOMES
    assert by_row[4]["error"]["column"] == "Date"
    assert by_row[5]["error"]["column"] == "Funders" and "funder kind" in by_row[5]["error"]["message"]
    assert by_row[6]["error"]["column"] == "Staff nationalities" and "'XY'" in by_row[6]["error"]["message"]
    assert by_row[7]["error"]["column"] == "private" and "yes or no" in by_row[7]["error"]["message"]


def test_all_rows_bad_exit_2_and_no_output(tmp_path: Path) -> None:
    shutil.copy(PROFILES, tmp_path / "profiles.yaml")
    plan = write_csv(tmp_path / "bad.csv", ["Organisation profile", "Date", "Country", "Activity kind"],
                     [["geneva-hpc", "2024-02-30", "SO", "Meeting or talks with the group"],
                      ["geneva-hpc", "2024-02-01", "Somalia", "Meeting or talks with the group"]])
    out = tmp_path / "out.csv"
    code, _, err = run("plan", str(plan), "-o", str(out))
    assert code == 2 and not out.exists()
    assert "bad.csv:2: error: Date:" in err and "bad.csv:3: error: Country:" in err
    assert "no row of the plan could be read" in err and "Traceback" not in err


def test_file_level_errors_exit_2(tmp_path: Path) -> None:
    shutil.copy(PROFILES, tmp_path / "profiles.yaml")
    # a misspelled column must not be silently ignored
    plan = write_csv(tmp_path / "p.csv", ["Organisation profile", "Date", "Country", "Activity kind",
                                          "meeting_privat"], [["geneva-hpc", "2024-02-01", "SO", "mediation", "yes"]])
    code, _, err = run("plan", str(plan))
    assert code == 2 and "unknown column heading" in err and "column E" in err
    plan = write_csv(tmp_path / "q.csv", ["Organisation profile", "Country", "Activity kind"],
                     [["geneva-hpc", "SO", "mediation"]])
    code, _, err = run("plan", str(plan))
    assert code == 2 and "required column 'Date' is missing" in err
    code, _, err = run("plan", str(write_csv(tmp_path / "h.csv", ["Date", "Country", "Activity kind"], [])))
    assert code == 2 and "no activity rows" in err
    (tmp_path / "p.txt").write_text("x")
    assert run("plan", str(tmp_path / "p.txt"))[0] == 2
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    code, _, err = run("plan", str(tmp_path / "broken.xlsx"))
    assert code == 2 and "Traceback" not in err


def test_profile_file_errors(tmp_path: Path) -> None:
    plan = write_csv(tmp_path / "p.csv", ["Date", "Country", "Activity kind", "Purpose"],
                     [["2024-02-01", "SO", "mediation", "peacebuilding"]])
    code, _, err = run("plan", str(plan))
    assert code == 2 and "--profiles" in err  # no profile file
    bad = tmp_path / "profiles.yaml"
    bad.write_text("profiles:\n  x:\n    name: X\n    type: ngo_peacebuilding\n    incorporated_in: GB\n"
                   "    incorporated: GB\n")
    code, _, err = run("plan", str(plan))
    assert code == 2 and "profiles.yaml:6" in err and "unknown key" in err
    bad.write_text("profiles:\n  x:\n    name: X\n    type: ngo_peacebuilding\n    incorporated_in: GB\n")
    data = plan_json(plan, "--profiles", str(bad))  # a single profile: the column may be left out
    assert data["rows"][0]["profile"] == "x" and data["rows"][0]["outcome"] in OUTCOMES


def test_semicolon_csv_and_kind_by_id_or_label(tmp_path: Path) -> None:
    header = ["Organisation profile", "Date", "Country", "Counterpart group", "Activity kind", "Staff nationalities"]
    rows = [["geneva-hpc", "2024-09-15", "SO", "Harakat al-Shabaab al-Mujahideen", "ihl_training", "US"],
            ["geneva-hpc", "2024-09-15", "SO", "Harakat al-Shabaab al-Mujahideen",
             "training the group in humanitarian law", "US"]]
    a = plan_json(write_csv(tmp_path / "a.csv", header, rows, delimiter=";"), "--profiles", str(PROFILES))
    assert [r["outcome"] for r in a["rows"]] == ["prohibited", "prohibited"]
    assert a["rows"][0]["reason"] == a["rows"][1]["reason"]


def test_staff_and_funder_columns_change_reach(tmp_path: Path) -> None:
    header = ["Organisation profile", "Date", "Country", "Counterpart group", "Activity kind", "Staff nationalities",
              "Funders"]
    cp = "Harakat al-Shabaab al-Mujahideen"
    rows = [["geneva-hpc", "2024-09-15", "SO", cp, "ihl_training", "CH", ""],
            ["geneva-hpc", "2024-09-15", "SO", cp, "ihl_training", "CH", "US Department of State|US|government"]]
    data = plan_json(write_csv(tmp_path / "a.csv", header, rows), "--profiles", str(PROFILES))
    us = [r["jurisdictions"]["US"] for r in data["rows"]]
    assert us[0] == "not_applicable" and us[1] != "not_applicable"  # US funding connects US law


# --------------------------------------------------------------------------- evaluation sharing is exact
def test_shared_evaluations_equal_exact_evaluation(tmp_path: Path) -> None:
    """Rows sharing an evaluation (same facts, date bucket) must read exactly as if evaluated one by one."""
    header = ["Ref", "Organisation profile", "Date", "Country", "Area", "Counterpart group", "Activity kind",
              "Staff nationalities", "Purpose"]
    streams = [("nairobi-relief", "SO", "Gedo", "Harakat al-Shabaab al-Mujahideen", "Staff travel to or presence in "
                "the area", "KE"),
               ("peace-dialogue-uk", "SY", "Idlib", "Hay'at Tahrir al-Sham", "Taxes or fees to the group's "
                "administration", "GB"),
               ("peace-dialogue-uk", "GB", "London", "Hamas", "Meeting or talks with the group", "GB"),
               ("geneva-hpc", "PS", "Gaza", "Hamas", "Taxes or fees to the group's administration", "CH;US")]
    rows = []
    day = dt.date(2014, 1, 3)
    while day < dt.date(2027, 1, 1):
        for s in streams:
            rows.append([f"r{len(rows)}", s[0], day.isoformat(), s[1], s[2], s[3], s[4], s[5], "humanitarian"])
        day += dt.timedelta(days=41)
    plan = write_csv(tmp_path / "long.csv", header, rows)
    shared = run_plan(plan, rules(), profiles_path=PROFILES, jobs=1)
    exact = run_plan(plan, rules(), profiles_path=PROFILES, exact=True, jobs=2)  # also: parallel == sequential
    assert exact.evaluations == len(rows) > shared.evaluations
    assert not shared.errors
    for a, b in zip(shared.rows, exact.rows, strict=True):
        assert (a.outcome, a.strictest, a.reason, a.next_step, a.questions, a.by_jurisdiction) == \
               (b.outcome, b.strictest, b.reason, b.next_step, b.questions, b.by_jurisdiction), a.ref
    assert len({r.outcome for r in exact.rows}) >= 2  # the dates do change outcomes in this plan


def test_sharing_from_a_data_date_keeps_the_data_dates_in_the_texts(tmp_path: Path) -> None:
    """An evaluation made on a day that is also a date of the data (the Hamas military wing, proscribed in the UK
    from 2001-03-29) serves later days; only the day quoted by the engine changes, never the data's own date (here
    the UK encoded horizon, 2001-12-28, which these days are before: issue 11)."""
    header = ["Ref", "Organisation profile", "Date", "Country", "Area", "Counterpart group", "Activity kind",
              "Staff nationalities", "Purpose"]
    days = ["2001-03-29", "2001-03-30", "2001-04-20"]
    rows = [[f"r{i}", "peace-dialogue-uk", d, "PS", "Gaza", "Hamas", "Taxes or fees to the group's administration",
             "GB", "humanitarian"] for i, d in enumerate(days)]
    plan = write_csv(tmp_path / "hamas.csv", header, rows)
    shared = run_plan(plan, rules(), profiles_path=PROFILES, jobs=1)
    exact = run_plan(plan, rules(), profiles_path=PROFILES, exact=True, jobs=1)
    assert shared.evaluations == 1 and exact.evaluations == len(days)
    for a, b in zip(shared.rows, exact.rows, strict=True):
        assert (a.outcome, a.reason, a.next_step, a.questions, a.by_jurisdiction) == \
               (b.outcome, b.reason, b.next_step, b.questions, b.by_jurisdiction), a.ref
        assert "0000-00-00" not in a.reason + a.next_step + "".join(a.questions)
    assert [r.reason.count("encoded in legalcheck only from 2001-12-28") for r in shared.rows] == [1, 1, 1]
    assert "this activity is dated 2001-04-20" in shared.rows[2].reason


# --------------------------------------------------------------------------- template round trip
def test_plan_template_round_trip(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "t.xlsx"
    code, _, _ = run("plan-template", str(out))
    assert code == 0 and out.exists()
    assert run("plan-template", str(out))[0] == 2  # refuses to overwrite
    wb = load_workbook(out)
    assert {"Plan", "Instructions", "Lists"} <= set(wb.sheetnames)
    plan = wb["Plan"]
    headers = [c.value for c in plan[1]]
    assert headers[:3] == ["Ref", "Organisation profile", "Date"] and "Activity kind" in headers
    formulas = {dv.formula1 for dv in plan.data_validations.dataValidation}
    assert any(f and f.startswith("Lists!$A$2") for f in formulas)  # activity kinds drop-down
    assert any(f and f.startswith("Lists!$B$2") for f in formulas)  # country codes drop-down
    kinds = [r[0] for r in wb["Lists"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert kinds == [k.label for k in rules().activity_kinds.values()]
    assert "Payment at a checkpoint" in kinds
    ins = " ".join(str(c) for row in wb["Instructions"].iter_rows(values_only=True) for c in row if c)
    assert "Payment at a checkpoint" in ins and "legalcheck plan" in ins
    # fill two rows, as programme staff would, and screen them
    col = {h: i + 1 for i, h in enumerate(headers)}
    for r, (kind, when) in enumerate([(kinds[0], dt.datetime(2024, 9, 15)), ("Payment at a checkpoint", "2024-10-01")],
                                     start=2):
        plan.cell(r, col["Ref"], f"T{r}")
        plan.cell(r, col["Organisation profile"], "geneva-hpc")
        plan.cell(r, col["Date"], when)
        plan.cell(r, col["Country"], "SO")
        plan.cell(r, col["Counterpart group"], "Harakat al-Shabaab al-Mujahideen")
        plan.cell(r, col["Activity kind"], kind)
    wb.save(out)
    data = plan_json(out)
    assert [r["row"] for r in data["rows"]] == [2, 3]
    assert all(r["outcome"] in OUTCOMES for r in data["rows"]), data["rows"]
    # the template itself is deterministic
    again = tmp_path / "t2.xlsx"
    run("plan-template", str(again))
    third = tmp_path / "t3.xlsx"
    run("plan-template", str(third))
    assert again.read_bytes() == third.read_bytes()


def test_as_of_applies_to_every_row() -> None:
    data = plan_json(SAMPLE, "--as-of", "2005-01-01")
    assert data["as_of"] == "2005-01-01"
    assert {r["outcome"] for r in data["rows"]} - {"error"} <= OUTCOMES


@pytest.mark.parametrize("name", ["plan.csv"])
def test_example_readme_command(name: str) -> None:
    code, out, _ = run("plan", str(PLANS / name))
    assert code == 0 and "GHP-01" in out
