"""The XLSX sink: openpyxl's write-only mode, so writing is linear in the rows (each row goes to disk as it comes).

Styled cells share style records made once (setting a style on each cell through openpyxl's descriptors costs a
lookup per cell), and nothing asks the sheet for its size inside the row loop (``ws.max_row`` scans every cell).
"""

from __future__ import annotations

from copy import copy
from typing import IO, Any

from ..vocabulary import VOCABULARY
from .plain import PLAIN_OUTCOME
from .run import PlanInfo, PlanStats, RowResult
from .writers import (
    NOTICE,
    RESULT_HEADERS,
    SafeResults,
    Sink,
    _ordered,
    _safe_row,
    deterministic_xlsx,
    output_headers,
)

WRAPPED = ("Reason", "Next step", "Questions for legal", "Legal basis")
WIDTHS = {"Row": 6, "Outcome": 24, "Strictest jurisdiction": 12, "Reason": 70, "Next step": 50,
          "Questions for legal": 50, "Legal basis": 50, "Outcome code": 14}


class XlsxSink(Sink):
    def __init__(self, out: IO[bytes], info: PlanInfo) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        super().__init__(out, info)
        self.wb = Workbook(write_only=True)
        self.ws = self.wb.create_sheet("Results")
        headers = output_headers(info)
        self.headers = headers
        for i, h in enumerate(headers, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(h, 16)
        self.ws.freeze_panes = "A2"
        base = 1 + len(info.headers)  # where the result columns start (no plan column may share their names)
        self.outcome_col = base + RESULT_HEADERS.index("Outcome")
        self.wrapped = {base + RESULT_HEADERS.index(h) for h in WRAPPED}
        self._cell = WriteOnlyCell

        def style(**kw: Any) -> Any:
            c = WriteOnlyCell(self.ws)
            for k, v in kw.items():
                setattr(c, k, v)
            return c._style

        self.bold = style(font=Font(bold=True))
        self.wrap = style(alignment=Alignment(wrap_text=True, vertical="top"))
        self.fills = {o.id: style(fill=PatternFill("solid", fgColor=o.colour)) for o in VOCABULARY.outcomes
                      if o.colour}
        self.ws.append([self._styled(h, self.bold) for h in headers])
        self.rows = 0
        self.results = SafeResults()

    def _styled(self, value: Any, style: Any) -> Any:
        c = self._cell(self.ws, value=value)
        c._style = copy(style)
        return c

    def row(self, r: RowResult) -> None:
        values: list[Any] = [r.number, *_safe_row(r.user), *self.results(r)]
        for i in self.wrapped:
            if values[i]:
                values[i] = self._styled(values[i], self.wrap)
        fill = self.fills.get(r.outcome)
        if fill is not None:
            values[self.outcome_col] = self._styled(values[self.outcome_col], fill)
        self.ws.append(values)
        self.rows += 1

    def finish(self, stats: PlanStats) -> None:
        from openpyxl.utils import get_column_letter

        self.ws.auto_filter.ref = f"A1:{get_column_letter(len(self.headers))}{self.rows + 1}"
        s = self.wb.create_sheet("Summary")
        s.append(["Outcome", "Rows"])
        for k, v in _ordered(stats.counts):
            s.append([PLAIN_OUTCOME[k], v])
        s.append([])
        s.append([NOTICE])
        s.append([f"Rules {self.info.rules_sha256}; legalcheck {self.info.tool_version}"])
        deterministic_xlsx(self.wb, self.out)
