"""Write plan results: a terminal table, CSV, XLSX, JSON or Markdown. Same input, same bytes."""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
import zipfile
from typing import Any

from ..memo import md_escape
from ..vocabulary import VOCABULARY
from .plain import OUTCOME_ORDER, PLAIN_OUTCOME
from .run import PlanResult, RowResult

FORMATS = ("table", "csv", "xlsx", "json", "md")

HEADERS = ["Row", "Ref", "Organisation profile", "Date", "Country", "Area", "Counterpart group", "Activity",
           "Outcome", "Strictest jurisdiction", "Reason", "Next step", "Questions for legal", "Outcome code"]


def _where(r: RowResult) -> str:
    c = r.cells
    return c.get("country", "") + (f" ({c['area']})" if c.get("area") else "")


def _activity(r: RowResult) -> str:
    return r.cells.get("kind_label") or r.cells.get("kind", "")


def row_values(r: RowResult) -> list[Any]:
    c = r.cells
    return [r.number, r.ref, c.get("profile", ""), c.get("date", ""), c.get("country", ""), c.get("area", ""),
            c.get("counterpart", ""), _activity(r), PLAIN_OUTCOME[r.outcome], ", ".join(r.strictest), r.reason,
            r.next_step, " | ".join(r.questions), r.outcome]


def render(result: PlanResult, fmt: str) -> str | bytes:
    if fmt == "table":
        return render_table(result)
    if fmt == "csv":
        return render_csv(result)
    if fmt == "xlsx":
        return render_xlsx(result)
    if fmt == "json":
        return render_json(result)
    if fmt == "md":
        return render_md(result)
    raise ValueError(fmt)


def _safe_csv(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (CSV injection) and escape control characters (which XLSX
    cannot hold and terminals would obey)."""
    from ..output import terminal_safe

    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        value = "'" + value
    return terminal_safe(value) if isinstance(value, str) else value


def render_csv(result: PlanResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADERS)
    for r in result.rows:
        w.writerow([_safe_csv(v) for v in row_values(r)])
    return buf.getvalue()


def render_json(result: PlanResult) -> str:
    data = {
        "format": 1,
        "plan": result.file,
        "profiles": result.profiles_file,
        "as_of": result.as_of.isoformat() if result.as_of else None,
        "provenance": {"tool_version": result.tool_version, "rules_sha256": result.rules_sha256},
        "summary": {k: v for k, v in sorted(result.counts().items(), key=lambda kv: OUTCOME_ORDER.index(kv[0]))},
        "rows": [
            {
                "row": r.number, "ref": r.ref or None, "profile": r.cells.get("profile") or None,
                "date": r.cells.get("date") or None, "country": r.cells.get("country") or None,
                "area": r.cells.get("area") or None, "counterpart": r.cells.get("counterpart") or None,
                "activity": _activity(r) or None, "outcome": r.outcome, "outcome_plain": PLAIN_OUTCOME[r.outcome],
                "strictest_jurisdictions": r.strictest, "reason": r.reason, "next_step": r.next_step,
                "questions": r.questions, "jurisdictions": r.by_jurisdiction,
                **({"error": {"column": r.error_column, "message": r.error}} if r.outcome == "error" else {}),
            }
            for r in result.rows
        ],
        "notice": "Pre-screening only, not legal advice: anything other than 'Allowed' goes to the legal team; "
                  "run `legalcheck check` on an engagement file for the full memo.",
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_md(result: PlanResult) -> str:
    lines = [f"# Plan pre-screening: {md_escape(result.file)}", "",
             "> Pre-screening only, not legal advice. Anything other than *Allowed* goes to the legal team.", "",
             "| Outcome | Rows |", "| --- | ---: |"]
    for k, v in sorted(result.counts().items(), key=lambda kv: OUTCOME_ORDER.index(kv[0])):
        lines.append(f"| {PLAIN_OUTCOME[k]} | {v} |")
    lines += ["", "| Row | Ref | Date | Place | Counterpart | Activity | Outcome | Strictest | Reason | Next step |",
              "| ---: | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in result.rows:
        cells = [str(r.number), r.ref, r.cells.get("date", ""), _where(r), r.cells.get("counterpart", ""),
                 _activity(r), PLAIN_OUTCOME[r.outcome], ", ".join(r.strictest), r.reason, r.next_step]
        lines.append("| " + " | ".join(md_escape(c) for c in cells) + " |")
    lines += ["", f"Rules: `{result.rules_sha256[:16]}`, legalcheck {result.tool_version}.", ""]
    return "\n".join(lines)


def render_table(result: PlanResult, width: int = 110) -> str:
    out: list[str] = []
    head = f"{'Row':>5}  {'Ref':<10} {'Date':<10}  {'Place':<16} {'Activity':<34} {'Outcome':<26} Strictest"
    out += [head, "-" * min(width, len(head) + 6)]
    for r in result.rows:
        out.append(f"{r.number:>5}  {_cut(r.ref, 10):<10} {_cut(r.cells.get('date', ''), 10):<10}  "
                   f"{_cut(_where(r), 16):<16} {_cut(_activity(r), 34):<34} {PLAIN_OUTCOME[r.outcome]:<26} "
                   f"{', '.join(r.strictest)}")
        for label, text in (("Why:  ", r.reason), ("Next: ", r.next_step)):
            wrapped = textwrap.wrap(text, width=max(40, width - 13)) or [""]
            out.append(f"       {label}{wrapped[0]}")
            out += [f"             {w}" for w in wrapped[1:]]
    return "\n".join(out) + "\n"


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def summary_table(result: PlanResult) -> str:
    counts = result.counts()
    rows = [(PLAIN_OUTCOME[k], counts[k]) for k in OUTCOME_ORDER if k in counts]
    w = max(len(a) for a, _ in [*rows, ("Outcome", 0)])
    lines = [f"{'Outcome':<{w}}  {'Rows':>6}", f"{'-' * w}  {'-' * 6}"]
    lines += [f"{a:<{w}}  {n:>6}" for a, n in rows]
    lines.append(f"{'Total':<{w}}  {len(result.rows):>6}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- xlsx
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_ISO = "2000-01-01T00:00:00Z"


def deterministic_xlsx(wb: Any) -> bytes:
    """Save an openpyxl workbook with fixed timestamps, so the same content gives the same bytes."""
    import datetime as dt

    fixed = dt.datetime(2000, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "legalcheck"
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                for tag in ("created", "modified"):
                    text = re.sub(rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)", rf"\g<1>{FIXED_ISO}\g<2>", text)
                data = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    return out.getvalue()


def render_xlsx(result: PlanResult) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Results"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    fills = {o.id: o.colour for o in VOCABULARY.outcomes if o.colour}
    for r in result.rows:
        ws.append([_safe_csv(v) for v in row_values(r)])
        colour = fills.get(r.outcome)
        if colour:
            ws.cell(row=ws.max_row, column=9).fill = PatternFill("solid", fgColor=colour)
    for col, width in zip("ABCDEFGHIJKLMN", (6, 10, 16, 11, 8, 16, 22, 30, 24, 12, 70, 50, 50, 14), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2, min_col=11, max_col=13):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    s = wb.create_sheet("Summary")
    s.append(["Outcome", "Rows"])
    for k, v in sorted(result.counts().items(), key=lambda kv: OUTCOME_ORDER.index(kv[0])):
        s.append([PLAIN_OUTCOME[k], v])
    s.append([])
    s.append(["Pre-screening only, not legal advice. Anything other than 'Allowed' goes to the legal team."])
    s.append([f"Rules {result.rules_sha256}; legalcheck {result.tool_version}"])
    return deterministic_xlsx(wb)
