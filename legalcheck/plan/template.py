"""``legalcheck plan-template``: an empty plan workbook with drop-downs and an instructions sheet."""

from __future__ import annotations

from ..countries import ISO_ALPHA2
from ..models.common import Purpose
from ..ruleset import RuleSet
from .columns import COLUMNS
from .writers import deterministic_xlsx

TEMPLATE_ROWS = 2000


def build_template(rules: RuleSet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    plan = wb.active
    plan.title = "Plan"
    facts = sorted(rules.facts.values(), key=lambda f: f.id)
    headers = [c.header for c in COLUMNS] + [f.id for f in facts]
    plan.append(headers)
    for i, cell in enumerate(plan[1]):
        cell.font = Font(bold=True)
        text = COLUMNS[i].help if i < len(COLUMNS) else f"Optional. {facts[i - len(COLUMNS)].question}"
        cell.comment = Comment(text, "legalcheck")
        plan.column_dimensions[get_column_letter(i + 1)].width = 24 if i < len(COLUMNS) else 16
    plan.freeze_panes = "A2"

    lists = wb.create_sheet("Lists")
    kinds = list(rules.activity_kinds.values())
    countries = sorted(ISO_ALPHA2)
    purposes = [p.value.replace("_", " ") for p in Purpose]
    lists.append(["Activity kinds", "Countries", "Purposes", "Yes/no"])
    for i in range(max(len(kinds), len(countries))):
        lists.append([kinds[i].label if i < len(kinds) else None, countries[i] if i < len(countries) else None,
                      purposes[i] if i < len(purposes) else None, ("yes", "no")[i] if i < 2 else None])
    lists.sheet_state = "hidden"

    def col_of(key: str) -> str:
        return get_column_letter(next(i for i, c in enumerate(COLUMNS) if c.key == key) + 1)

    def validate(formula: str, column: str, prompt: str) -> None:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                            errorTitle="Not in the list", error=prompt, promptTitle="Choose", prompt=prompt)
        dv.add(f"{column}2:{column}{TEMPLATE_ROWS + 1}")
        plan.add_data_validation(dv)

    validate(f"Lists!$A$2:$A${len(kinds) + 1}", col_of("kind"), "Choose an activity kind (see Instructions).")
    validate(f"Lists!$B$2:$B${len(countries) + 1}", col_of("country"), "Two-letter ISO country code.")
    validate(f"Lists!$C$2:$C${len(purposes) + 1}", col_of("purpose"), "Choose the purpose.")
    for i, f in enumerate(facts):
        if f.type == "bool":
            validate("Lists!$D$2:$D$3", get_column_letter(len(COLUMNS) + i + 1), f.question[:250])
    dates = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                           error="Enter a date (YYYY-MM-DD).", showErrorMessage=True)
    dates.add(f"{col_of('date')}2:{col_of('date')}{TEMPLATE_ROWS + 1}")
    plan.add_data_validation(dates)

    ins = wb.create_sheet("Instructions")
    wrap = Alignment(wrap_text=True, vertical="top")
    ins.column_dimensions["A"].width = 34
    ins.column_dimensions["B"].width = 100
    rows: list[tuple[str, str]] = [
        ("legalcheck plan", "One row per activity. Fill in the Plan sheet, then run: legalcheck plan PLAN.xlsx "
         "--profiles profiles.yaml. Each row gets an outcome, the strictest jurisdiction, a one-sentence reason "
         "and the next step. This is a pre-screen, not legal advice: anything other than 'Allowed' goes to "
         "the legal team."),
        ("Organisation profiles", "The fixed facts about the organisation (where it is incorporated, staff "
         "nationalities, funders, UN-plan participation...) live in a separate YAML file of profiles; the "
         "'Organisation profile' column names one by its id. See docs/plans.md."),
        ("", ""),
        ("Columns", ""),
    ]
    rows += [(c.header + (" (required)" if c.required else ""), c.help) for c in COLUMNS]
    rows += [("", ""), ("Activity kinds", "Use the plain name (as in the drop-down) or the id.")]
    rows += [(f"{k.label}", f"{k.definition} (id: {k.id}; e.g. {k.examples[0]})") for k in kinds]
    rows += [("", ""), ("Optional fact columns", "Leave empty when you do not know: the answer will then say "
                        "which fact legal needs. Yes/no facts take 'yes' or 'no'.")]
    rows += [(f.id, f"{f.question} ({f.type})") for f in facts]
    for a, b in rows:
        ins.append([a, b])
        ins.cell(row=ins.max_row, column=2).alignment = wrap
        if (a and not b) or a in ("Columns", "Activity kinds", "Optional fact columns", "legalcheck plan"):
            ins.cell(row=ins.max_row, column=1).font = Font(bold=True)
    wb.move_sheet("Instructions", offset=-(len(wb.sheetnames) - 1))
    wb.active = wb.sheetnames.index("Plan")
    return deterministic_xlsx(wb)
