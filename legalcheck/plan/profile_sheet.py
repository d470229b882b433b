"""Organisation profiles written in the plan workbook itself (a "Profiles" sheet, one profile per row), so that
programme staff need no YAML file. The sheet is turned into the same data as a profile file and validated by the
same models; problems name the sheet row and column."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..vocabulary import VOCABULARY
from ..yamlio import LineMap
from .columns import NO, YES, norm, split_list

SHEET = "Profiles"
# (key in the profile, heading, help shown in the template)
FIELDS: list[tuple[str, str, str]] = [
    ("id", "Profile id", "A short id without spaces (e.g. geneva-hpc); the Plan sheet's 'Organisation profile' "
     "column names it."),
    ("name", "Name", "The organisation's name."),
    ("type", "Organisation type", "One of the organisation types (drop-down), e.g. ngo_humanitarian."),
    ("incorporated_in", "Incorporated in", "Two-letter ISO code of the country where the organisation is "
     "incorporated or registered."),
    ("purpose", "Default purpose", "Optional: the purpose of rows that leave Purpose empty."),
    ("staff", "Staff nationalities", "Nationalities of the staff, separated by ';'; add where one lives after a "
     "'/' (e.g. 'CH; US/CH; KE')."),
    ("funders", "Funders", "Funders of the organisation's work: 'name|country|kind;...', kind being government, "
     "eu_institution, un or private."),
]
FLAG_HELP = {f.id: f.question for f in VOCABULARY.organisation_flags}
MAX_PROFILE_ROWS = 1_000


def profile_headers() -> list[str]:
    return [h for _, h, _ in FIELDS] + list(FLAG_HELP)


def load_profile_sheet(plan: Path) -> dict[str, Any] | None:
    """The profiles of ``plan``'s Profiles sheet (validated, as :func:`load_profiles` returns them), or None when
    the workbook has no such sheet or it names no profile."""
    import openpyxl

    from .profiles import profiles_from_data
    from .reader import _cell

    file = f"{plan} (sheet {SHEET})"
    try:
        wb = openpyxl.load_workbook(plan, read_only=True, data_only=True)
    except Exception:  # the plan reader has already opened it; a damaged file is reported there
        return None
    try:
        if SHEET not in wb.sheetnames:
            return None
        rows = [(n, [_cell(v) for v in values]) for n, values in
                enumerate(wb[SHEET].iter_rows(max_row=MAX_PROFILE_ROWS + 1, max_col=40, values_only=True), start=1)]
    finally:
        wb.close()
    if not rows:
        return None
    data, lines = _sheet_data(file, rows[0][1], rows[1:])
    if not data["profiles"]:
        return None
    return profiles_from_data(data, lines, file)


def _sheet_data(file: str, header: list[str], rows: list[tuple[int, list[str]]]) -> tuple[dict[str, Any], LineMap]:
    keys = {norm(h): k for k, h, _ in FIELDS} | {norm(f): f for f in FLAG_HELP}
    cols: dict[str, int] = {}
    problems: list[Problem] = []
    for i, h in enumerate(header):
        if not h:
            continue
        key = keys.get(norm(h))
        if key is None:
            problems.append(Problem(file=file, line=1, field=h, message="unknown column heading",
                                    expected=", ".join(profile_headers())))
        else:
            cols[key] = i
    if problems:
        raise InputError(problems)
    lines = LineMap(file)
    profiles: dict[str, Any] = {}
    for number, cells in rows:
        def get(key: str, cells: list[str] = cells) -> str:
            i = cols.get(key)
            return cells[i] if i is not None and i < len(cells) else ""

        if not any(cells):
            continue
        pid = get("id") or f"(row {number})"
        if pid in profiles:  # a second row for the same id would silently replace the first (its staff, funders)
            problems.append(Problem(file=file, line=number, field="id", message=f"duplicate profile id {pid!r}",
                                    expected="one row per profile", found=f"also row {lines.line(('profiles', pid))}"))
            continue
        lines.set(("profiles", pid), number)
        profiles[pid] = _profile(file, number, get, problems)
    if problems:
        raise InputError(problems)
    return {"format": 1, "profiles": profiles}, lines


def _profile(file: str, number: int, get: Any, problems: list[Problem]) -> dict[str, Any]:
    prof: dict[str, Any] = {k: get(k) for k in ("name", "type", "incorporated_in") if get(k)}
    if get("purpose"):
        prof["purpose"] = norm(get("purpose"))
    staff = []
    for item in split_list(get("staff").replace(",", ";")):
        nat, _, res = item.partition("/")
        staff.append({"nationality": nat.strip(), **({"residence": res.strip()} if res.strip() else {})})
    prof["staff"] = staff
    funders = []
    for item in split_list(get("funders")):
        parts = [p.strip() for p in item.split("|")]
        if len(parts) != 3:
            problems.append(Problem(file=file, line=number, field="Funders", message=f"cannot read funder {item!r}",
                                    expected="'name|country|kind', e.g. 'US Department of State|US|government'"))
            continue
        funders.append({"name": parts[0], "country": parts[1], "kind": norm(parts[2])})
    prof["funders"] = funders
    flags: dict[str, bool] = {}
    for fid in FLAG_HELP:
        text = re.sub(r"\s+", " ", get(fid)).casefold()
        if text in YES or text in NO:
            flags[fid] = text in YES
        elif text:
            problems.append(Problem(file=file, line=number, field=fid, message=f"expected yes or no, found {text!r}"))
    if flags:
        prof["flags"] = flags
    return prof
