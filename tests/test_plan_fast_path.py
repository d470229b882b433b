"""Plan rows on the pydantic-free read path (issue 15) against the pydantic models.

A plan row becomes an engagement: the fast reader (``legalcheck/fast_input.py``) builds it from the row's data when
it vouches for every value, else the pydantic models build it (and give the errors). Both paths must give the same
bytes: every row of the example plan, the hostile-input plans, a generated plan and a plan of rows that only the
models refuse (too long, bidirectional controls, too many funders, several problems at once), in every format.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import rules
from pydantic import ValidationError

from legalcheck import fast_input
from legalcheck.cli import main
from legalcheck.plan import run as run_mod
from legalcheck.plan.columns import RowParser, RowProblem, RowProblems, map_columns
from legalcheck.plan.reader import read_plan
from legalcheck.plan.run import PlanRunner, find_profiles

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "examples" / "plans"
PROFILES = PLANS / "profiles.yaml"
BAD = ROOT / "tests" / "bad_inputs" / "plans"
HEADER = ["Ref", "Organisation profile", "Date", "Country", "Area", "Counterpart group", "Counterpart other names",
          "Activity kind", "Purpose", "Staff nationalities", "Funders", "Licences", "participants", "private"]
LONG = "a" * 2001


def _row(ref: str, **cells: str) -> list[str]:
    base = {"Ref": ref, "Organisation profile": "peace-dialogue-uk", "Date": "2024-05-02", "Country": "SO",
            "Area": "Gedo", "Counterpart group": "Harakat al-Shabaab al-Mujahideen",
            "Activity kind": "Meeting or talks with the group", "Staff nationalities": "GB"}
    base.update({k.replace("_", " "): v for k, v in cells.items()})
    return [base.get(h, "") for h in HEADER]


def _hostile_rows() -> list[list[str]]:
    """Rows the row reader accepts but an engagement model refuses, and rows on the edge of what it accepts."""
    many = ";".join(f"F{i}|US|un" for i in range(1001))
    return [
        _row("ok-1"),
        _row("ok-2", Purpose="humanitarian", Funders="EU|EU|eu_institution;UN OCHA|INT|un", participants="12"),
        _row("area-long", Area=LONG),
        _row("area-2000", Area="b" * 2000),
        _row("name-long", Counterpart_group=LONG),
        _row("name-bidi", Counterpart_group="Harakat \u202eal-Shabaab"),
        _row("alias-bidi", Counterpart_other_names="Shabaab;al\u2067Shabaab\u2069"),
        _row("alias-long", Counterpart_other_names=f"x;{LONG}"),
        _row("licence-long", Licences=LONG),
        _row("funder-name-long", Funders=f"{LONG}|US|government"),
        _row("funders-1001", Funders=many),
        _row("several", Counterpart_group="\u202eX", Counterpart_other_names=LONG, Area=LONG, Licences=LONG),
        _row("no-purpose", Organisation_profile="nairobi-relief", Staff_nationalities="KE", Area=LONG),
        _row("big-int", participants="1" * 400, private="yes"),
        _row("underscored-int", participants="1_000", private="no"),
        _row("control-chars", Area="Gedo\x1b[2J\x07", Counterpart_group="Group\x7fless\u200b"),
        _row("no-group", Counterpart_group="", Activity_kind="Food distribution to civilians"),
        _row("last-day", Date="9999-12-31"),
        _row("staff-many", Staff_nationalities="GB;DE;FR;US;CH;KE;SO"),
    ]


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_plan import generate

    folder = tmp_path_factory.mktemp("plans")
    hostile = folder / "hostile.csv"
    with hostile.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *_hostile_rows()])
    generated = folder / "generated.csv"
    generate(generated, 1_200)
    return [(PLANS / "plan.csv", PROFILES), (hostile, PROFILES), (generated, PROFILES),
            (BAD / "plan-every-row-several-errors.csv", PROFILES)]


# ------------------------------------------------------------------------------------------ row by row
def _engagements(plan: Path, profiles: Path) -> list[tuple[str, Any, Any]]:
    """(row, fast engagement or None, the pydantic engagement or its errors) for every row the row reader takes."""
    rs = rules()
    prof, _, _ = find_profiles(plan, profiles)
    raw = read_plan(plan)
    parser = RowParser(map_columns(raw.file, raw.headers, rs), rs, set(prof))
    runner = PlanRunner(rs, prof)
    out = []
    for r in raw.rows:
        try:
            row = parser.parse(r.cells)
        except RowProblems:
            continue
        prof_, _ = prof[row.profile]
        purpose = row.purpose or (prof_.purpose.value if prof_.purpose else None)
        if purpose is None:
            with pytest.raises(RowProblem):
                runner.engagement(row)
            continue
        fast = fast_input.fast_engagement(runner.engagement_data(row, purpose))
        try:
            model: Any = runner._validated(row, purpose)
        except ValidationError as exc:
            model = exc.errors(include_url=False)
        out.append((f"{plan.name}:{r.number}", fast, model))
    return out


def test_the_fast_reader_builds_each_rows_engagement_as_the_models_do(plans: list[tuple[Path, Path]]) -> None:
    from test_fast_path import DUMPS, typed

    taken = refused = 0
    for plan, profiles in plans:
        for name, fast, model in _engagements(plan, profiles):
            if isinstance(model, list):
                assert fast is None, f"{name}: the fast reader accepted what pydantic refuses: {model}"
                refused += 1
                continue
            assert fast is not None, f"{name}: a valid row left the fast path"  # every plan row is plain data
            for kw in DUMPS:
                assert typed(fast.model_dump(**kw)) == typed(model.model_dump(**kw)), f"{name}: {kw}"
            taken += 1
    assert taken > 250 and refused >= 9


def test_a_profiles_organisation_reads_back_as_validated() -> None:
    """The row's data holds the profile's organisation and funders as they dump: read back by the fast reader they
    are the validated objects (so the row's engagement is built from the same values on both paths)."""
    from test_fast_path import DUMPS, typed

    from legalcheck.models import runtime as rt

    org_check = fast_input.model(rt.Organisation, fast_input.SPECS["Organisation"])
    funder_check = fast_input.model(rt.Funder, fast_input.SPECS["Funder"])
    profiles, _, _ = find_profiles(PLANS / "plan.csv", PROFILES)
    for prof, org in profiles.values():
        runtime_org = org_check(org.model_dump(mode="json", by_alias=True))
        funders = [funder_check(f.model_dump(mode="json", by_alias=True)) for f in prof.funders]
        for kw in DUMPS:
            assert typed(runtime_org.model_dump(**kw)) == typed(org.model_dump(**kw))
            assert [typed(f.model_dump(**kw)) for f in funders] == [typed(f.model_dump(**kw)) for f in prof.funders]


# ------------------------------------------------------------------------------------------ whole outputs
def _outputs(plans: list[tuple[Path, Path]], out: Path) -> dict[str, Any]:
    from openpyxl import load_workbook

    got: dict[str, Any] = {}
    for plan, profiles in plans:
        for fmt in ("csv", "json", "md", "table", "xlsx"):
            target = out / f"{plan.stem}.{fmt}"
            args = ["plan", str(plan), "--profiles", str(profiles), "--format", fmt, "--jobs", "1", "--no-progress"]
            r = CliRunner().invoke(main, [*args, *(["-o", str(target)] if fmt != "table" else [])])
            key = f"{plan.name}.{fmt}"
            if r.exit_code != 0:  # nothing written
                got[key] = (r.exit_code, r.stderr, target.exists())
            elif fmt == "xlsx":
                wb = load_workbook(target, read_only=True)
                got[key] = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
            else:
                got[key] = (r.exit_code, r.stderr, target.read_bytes() if fmt != "table" else r.stdout)
    return got


def test_plans_give_the_same_bytes_on_both_paths(plans: list[tuple[Path, Path]], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    real = run_mod.PlanRunner._validated

    def counted(self: PlanRunner, row: Any, purpose: str) -> Any:
        built.append(row.kind)
        return real(self, row, purpose)

    monkeypatch.setattr(run_mod.PlanRunner, "_validated", counted)
    (tmp_path / "fast").mkdir()
    (tmp_path / "slow").mkdir()
    fast = _outputs(plans, tmp_path / "fast")
    fast_built = len(built)
    monkeypatch.setattr(fast_input, "ENABLED", False)
    slow = _outputs(plans, tmp_path / "slow")
    assert fast.keys() == slow.keys()
    for key in fast:
        assert fast[key] == slow[key], key
    assert len(built) - fast_built > 10 * fast_built > 0  # the pydantic path built most rows only when told to
    hostile = json.loads(fast["hostile.csv.json"][2])["rows"]
    by_ref = {r["ref"]: r for r in hostile}
    assert by_ref["ok-1"]["outcome"] != "error" and by_ref["area-2000"]["outcome"] != "error"
    assert "at most 2000 characters" in by_ref["area-long"]["errors"][0]["message"]
    assert "bidirectional control characters" in by_ref["name-bidi"]["errors"][0]["message"]
    assert "at most 1000 items" in by_ref["funders-1001"]["errors"][0]["message"]
    assert len(by_ref["several"]["errors"]) >= 2  # every problem the model found, not only the first
    assert by_ref["no-purpose"]["errors"][0]["column"] == "Purpose"
    assert by_ref["last-day"]["date"] == dt.date.max.isoformat()
