"""``legalcheck plan-template``: an empty plan workbook with drop-downs and an instructions sheet."""

from __future__ import annotations

from typing import Any

from ..countries import ISO_ALPHA2
from ..models.common import OrgType, Purpose
from ..ruleset import RuleSet
from .columns import COLUMNS
from .profile_sheet import FIELDS, FLAG_HELP, profile_headers
from .writers import deterministic_xlsx

TEMPLATE_ROWS = 2000
PROFILE_ROWS = 50


def build_template(rules: RuleSet) -> bytes:
    """The plan workbook: Instructions, Plan (headings with comments, drop-downs), Profiles (the organisation
    profiles, so that no YAML file is needed) and a hidden Lists sheet feeding the drop-downs."""
    from openpyxl import Workbook

    wb = Workbook()
    facts = sorted(rules.facts.values(), key=lambda f: f.id)
    _plan_sheet(wb, facts)
    kinds = _lists_sheet(wb, rules)
    _plan_validations(wb, kinds, facts)
    _profiles_sheet(wb)
    _instructions_sheet(wb, kinds, facts)
    wb.move_sheet("Instructions", offset=-(len(wb.sheetnames) - 1))
    wb.active = wb.sheetnames.index("Plan")
    return deterministic_xlsx(wb)


def _plan_sheet(wb: Any, facts: list[Any]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    plan = wb.active
    plan.title = "Plan"
    plan.append([c.header for c in COLUMNS] + [f.id for f in facts])
    for i, cell in enumerate(plan[1]):
        cell.font = Font(bold=True)
        text = COLUMNS[i].help if i < len(COLUMNS) else f"Optional. {facts[i - len(COLUMNS)].question}"
        cell.comment = Comment(text, "legalcheck")
        plan.column_dimensions[get_column_letter(i + 1)].width = 24 if i < len(COLUMNS) else 16
    plan.freeze_panes = "A2"


def _lists_sheet(wb: Any, rules: RuleSet) -> list[Any]:
    lists = wb.create_sheet("Lists")
    kinds = list(rules.activity_kinds.values())
    countries = sorted(ISO_ALPHA2)
    purposes = [p.value.replace("_", " ") for p in Purpose]
    types = [t.value for t in OrgType]
    columns = [[k.label for k in kinds], countries, purposes, ["yes", "no"], types]
    lists.append(["Activity kinds", "Countries", "Purposes", "Yes/no", "Organisation types"])
    for i in range(max(len(c) for c in columns)):
        lists.append([c[i] if i < len(c) else None for c in columns])
    lists.sheet_state = "hidden"
    return kinds


def _validate(ws: Any, formula: str, column: str, prompt: str, rows: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                        errorTitle="Not in the list", error=prompt, promptTitle="Choose", prompt=prompt)
    dv.add(f"{column}2:{column}{rows + 1}")
    ws.add_data_validation(dv)


def _plan_validations(wb: Any, kinds: list[Any], facts: list[Any]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    plan = wb["Plan"]

    def col_of(key: str) -> str:
        return get_column_letter(next(i for i, c in enumerate(COLUMNS) if c.key == key) + 1)

    _validate(plan, f"Lists!$A$2:$A${len(kinds) + 1}", col_of("kind"), "Choose an activity kind (see Instructions).",
              TEMPLATE_ROWS)
    _validate(plan, f"Lists!$B$2:$B${len(ISO_ALPHA2) + 1}", col_of("country"), "Two-letter ISO country code.",
              TEMPLATE_ROWS)
    _validate(plan, f"Lists!$C$2:$C${len(Purpose) + 1}", col_of("purpose"), "Choose the purpose.", TEMPLATE_ROWS)
    for i, f in enumerate(facts):
        if f.type == "bool":
            _validate(plan, "Lists!$D$2:$D$3", get_column_letter(len(COLUMNS) + i + 1), f.question[:250],
                      TEMPLATE_ROWS)
    dates = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                           error="Enter a date (YYYY-MM-DD).", showErrorMessage=True)
    dates.add(f"{col_of('date')}2:{col_of('date')}{TEMPLATE_ROWS + 1}")
    plan.add_data_validation(dates)


def _profiles_sheet(wb: Any) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet("Profiles")
    headers = profile_headers()
    ws.append(headers)
    helps = [h for _, _, h in FIELDS] + [f"Optional, yes or no. {q}" for q in FLAG_HELP.values()]
    for i, (cell, text) in enumerate(zip(ws[1], helps, strict=True)):
        cell.font = Font(bold=True)
        cell.comment = Comment(text, "legalcheck")
        ws.column_dimensions[get_column_letter(i + 1)].width = 22
    ws.freeze_panes = "A2"
    keys = [k for k, _, _ in FIELDS]
    letter = {k: get_column_letter(keys.index(k) + 1) for k in ("type", "incorporated_in", "purpose")}
    _validate(ws, f"Lists!$E$2:$E${len(OrgType) + 1}", letter["type"], "Choose the organisation type.", PROFILE_ROWS)
    _validate(ws, f"Lists!$B$2:$B${len(ISO_ALPHA2) + 1}", letter["incorporated_in"], "Two-letter ISO country code.",
              PROFILE_ROWS)
    _validate(ws, f"Lists!$C$2:$C${len(Purpose) + 1}", letter["purpose"], "Choose the purpose.", PROFILE_ROWS)
    for i in range(len(FIELDS), len(headers)):
        _validate(ws, "Lists!$D$2:$D$3", get_column_letter(i + 1), "yes or no (empty: not known)", PROFILE_ROWS)


def _instructions_sheet(wb: Any, kinds: list[Any], facts: list[Any]) -> None:
    from openpyxl.styles import Alignment, Font

    ins = wb.create_sheet("Instructions")
    wrap = Alignment(wrap_text=True, vertical="top")
    ins.column_dimensions["A"].width = 34
    ins.column_dimensions["B"].width = 100
    rows: list[tuple[str, str]] = [
        ("legalcheck plan", "One row per activity. Describe your organisation on the Profiles sheet, fill in the "
         "Plan sheet, then run: legalcheck plan PLAN.xlsx -o results.xlsx. Each row gets an outcome, the strictest "
         "jurisdiction, a one-sentence reason, the next step and the legal basis. This is a pre-screen, not legal "
         "advice: anything other than 'Allowed' goes to the legal team."),
        ("Organisation profiles", "The fixed facts about the organisation (where it is incorporated, staff "
         "nationalities, funders, UN-plan participation...) go on the Profiles sheet, one profile per row; the "
         "Plan sheet's 'Organisation profile' column names one by its id (it may stay empty when there is one "
         "profile). A YAML profile file given with --profiles is used instead. See docs/plans.md."),
        ("", ""),
        ("Columns", ""),
    ]
    rows += [(c.header + (" (required)" if c.required else ""), c.help) for c in COLUMNS]
    rows += [("Your own columns", "Any other column (budget, manager...) is kept in the results as it is, unless "
              "its heading resembles one of the columns above: then it is an error, so that a misspelled column is "
              "never ignored.")]
    rows += [("", ""), ("Profiles sheet", "")]
    rows += [(h, text) for _, h, text in FIELDS] + [(fid, f"yes or no. {q}") for fid, q in FLAG_HELP.items()]
    rows += [("", ""), ("Activity kinds", "Use the plain name (as in the drop-down) or the id.")]
    rows += [(f"{k.label}", f"{k.definition} (id: {k.id}; e.g. {k.examples[0]})") for k in kinds]
    rows += [("", ""), ("Optional fact columns", "Leave empty when you do not know: the answer will then say "
                        "which fact legal needs, and in which column, when a rule that reaches the activity reads "
                        "it. Yes/no facts take 'yes' or 'no'.")]
    rows += [(f.id, f"{f.question} ({f.type})") for f in facts]
    for n, (a, b) in enumerate(rows, start=1):
        ins.append([a, b])
        ins.cell(row=n, column=2).alignment = wrap
        if (a and not b) or a in ("Columns", "Activity kinds", "Optional fact columns", "legalcheck plan"):
            ins.cell(row=n, column=1).font = Font(bold=True)
