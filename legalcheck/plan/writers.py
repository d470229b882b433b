"""Write plan results as they are answered: a terminal table, CSV, XLSX, JSON or Markdown. Same input, same bytes.

Each format is a sink: ``row(r)`` for every row in plan order, then ``finish(stats)``. Rows go straight to the
output file (JSON and Markdown put a summary first, so their rows wait in a temporary file until the counts are
known; XLSX streams through openpyxl's write-only mode). Every cell of free text is made safe: formulas neutralised
in CSV and XLSX, and control characters, which XLSX cannot hold and terminals would obey, shown as ``\\u001b``.
"""

from __future__ import annotations

import functools
import io
import json
import re
import shutil
import tempfile
import textwrap
import zipfile
from typing import IO, Any

from ..output import terminal_safe
from .plain import OUTCOME_ORDER, PLAIN_OUTCOME
from .run import PlanInfo, PlanResult, PlanStats, RowResult

FORMATS = ("table", "csv", "xlsx", "json", "md")

RESULT_HEADERS = ["Outcome", "Strictest jurisdiction", "Reason", "Next step", "Questions for legal", "Legal basis",
                  "Outcome code"]
# Answers whose cells are kept made up (cleared when full). An answer whose texts quote the day is a new object for
# every row and never seen again: each kept one holds about 12 KB, so 10,000 of them were 100 MB of a large plan.
SHARED_CELLS = 1_000
NOTICE = "Pre-screening only, not legal advice. Anything other than 'Allowed' goes to the legal team."


def output_headers(info: PlanInfo) -> list[str]:
    """Row, the plan's own columns as the user wrote them (Description and any of their own included), the results."""
    return ["Row", *info.headers, *RESULT_HEADERS]


def row_values(r: RowResult) -> list[Any]:
    return [r.number, *r.user, *result_values(r)]


def result_values(r: RowResult) -> list[str]:
    return [PLAIN_OUTCOME[r.outcome], ", ".join(r.strictest), r.reason, r.next_step, " | ".join(r.questions),
            r.legal_basis, r.outcome]


class SafeResults:
    """The result cells of a row, made safe once for every row that shares the answer (its strings are the same
    objects, so the lookup hashes nothing new). The questions are told apart by identity: the cache keeps the list
    it was made from, so that a list freed since cannot lend its ``id`` to another row's questions (that gave rows
    another day's questions)."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str, str, str, int], tuple[list[str], list[Any]]] = {}

    def __call__(self, r: RowResult) -> list[Any]:
        k = (r.outcome, r.reason, r.next_step, r.legal_basis, id(r.questions))
        hit = self.cache.get(k)
        if hit is None or hit[0] is not r.questions or r.outcome == "error":
            if len(self.cache) >= SHARED_CELLS:
                self.cache.clear()
            hit = self.cache[k] = (r.questions, _safe_row(result_values(r)))
        return hit[1]


def _where(r: RowResult) -> str:
    c = r.cells
    return c.get("country", "") + (f" ({c['area']})" if c.get("area") else "")


def _activity(r: RowResult) -> str:
    return r.cells.get("kind_label") or r.cells.get("kind", "")


# What makes a spreadsheet read a cell as a formula: the ASCII signs, their full-width forms (which Excel in East
# Asian locales also reads as a formula in a CSV file), and any of them after leading blanks or invisible marks.
_FORMULA_SIGNS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
_LEADING_BLANKS = " \u00a0\u3000\u200b\u200c\u200d\u2060\ufeff"


def _formula_like(value: str) -> bool:
    return value[:1] in _FORMULA_SIGNS or value.lstrip(_LEADING_BLANKS)[:1] in _FORMULA_SIGNS


def _safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (CSV injection) and escape control characters (which XLSX
    cannot hold and terminals would obey)."""
    if isinstance(value, str):
        if value and _formula_like(value):
            value = "'" + value
        return terminal_safe(value)
    return value


def _safe_row(values: list[Any]) -> list[Any]:
    """:func:`_safe_cell` for a row, with one control-character check for the whole row."""
    out = ["'" + v if isinstance(v, str) and v and _formula_like(v) else v for v in values]
    joined = "\n".join(v for v in out if isinstance(v, str))
    if terminal_safe(joined) == joined:
        return out
    return [terminal_safe(v) if isinstance(v, str) else v for v in out]


def _ordered(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: OUTCOME_ORDER.index(kv[0]))


class Sink:
    """Writes rows to ``out`` (a binary file) as they come."""

    def __init__(self, out: IO[bytes], info: PlanInfo) -> None:
        self.out, self.info = out, info

    def row(self, r: RowResult) -> None:
        raise NotImplementedError

    def finish(self, stats: PlanStats) -> None:
        pass

    def text(self, s: str) -> None:
        self.out.write(terminal_safe(s).encode("utf-8"))


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def _csv_field(v: Any) -> str:
    """One CSV field as the csv module writes it (minimal quoting, comma-separated)."""
    v = str(v)
    return '"' + v.replace('"', '""') + '"' if _NEEDS_QUOTES.search(v) else v


class CsvSink(Sink):
    """CSV rows; the result cells of an answer shared by many rows are formatted once."""

    def __init__(self, out: IO[bytes], info: PlanInfo) -> None:
        super().__init__(out, info)
        self.results = SafeResults()
        self.fragments: dict[int, tuple[list[Any], str]] = {}
        self.fields: dict[str, str] = {}  # a plan cell as its safe CSV field (most cells repeat down a plan)
        self.buf: list[str] = []
        self._line(_safe_row(output_headers(info)))

    def field(self, cell: str) -> str:
        """``cell`` (a cell of the plan's own) made safe and written as a CSV field, as ``_safe_row`` and
        ``_csv_field`` make it: both work cell by cell."""
        hit = self.fields.get(cell)
        if hit is None:
            if len(self.fields) >= 50_000:
                self.fields.clear()
            hit = self.fields[cell] = _csv_field(_safe_cell(cell))
        return hit

    def _line(self, fields: list[Any]) -> None:
        self.buf.append(",".join(_csv_field(v) for v in fields) + "\n")
        if len(self.buf) >= 1000:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.buf).encode("utf-8"))
        self.buf.clear()

    def line(self, r: RowResult) -> str:
        res = self.results(r)
        frag = self.fragments.get(id(res))
        if frag is None or frag[0] is not res:
            if len(self.fragments) >= SHARED_CELLS:
                self.fragments.clear()
            frag = self.fragments[id(res)] = (res, ",".join(_csv_field(v) for v in res))
        get = self.fields.get
        user = ",".join([f if (f := get(c)) is not None else self.field(c) for c in r.user])
        return f"{r.number},{user},{frag[1]}\n" if r.user else f"{r.number},{frag[1]}\n"

    def row(self, r: RowResult) -> None:
        self.buf.append(self.line(r))
        if len(self.buf) >= 1000:
            self.flush()

    def encode(self, rows: list[RowResult]) -> bytes:
        return "".join(self.line(r) for r in rows).encode("utf-8")

    def put(self, encoded: bytes) -> None:
        self.flush()
        self.out.write(encoded)

    def finish(self, stats: PlanStats) -> None:
        self.flush()


class TableSink(Sink):
    width = 110

    def __init__(self, out: IO[bytes], info: PlanInfo) -> None:
        super().__init__(out, info)
        head = f"{'Row':>5}  {'Ref':<10} {'Date':<10}  {'Place':<16} {'Activity':<34} {'Outcome':<26} Strictest"
        self.text(head + "\n" + "-" * min(self.width, len(head) + 6) + "\n")

    def line(self, r: RowResult) -> str:
        head = (f"{r.number:>5}  {_cut(r.ref, 10):<10} {_cut(r.cells.get('date', ''), 10):<10}  "
                f"{_cut(_where(r), 16):<16} {_cut(_activity(r), 34):<34} {PLAIN_OUTCOME[r.outcome]:<26} "
                f"{', '.join(r.strictest)}\n")
        return head + self._why(r.reason, r.next_step)

    def row(self, r: RowResult) -> None:
        self.text(self.line(r))

    def encode(self, rows: list[RowResult]) -> bytes:
        return terminal_safe("".join(self.line(r) for r in rows)).encode("utf-8")

    def put(self, encoded: bytes) -> None:
        self.out.write(encoded)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one sink a run; rows sharing an answer share its text
    def _why(self, reason: str, next_step: str) -> str:
        out: list[str] = []
        for label, text in (("Why:  ", reason), ("Next: ", next_step)):
            wrapped = textwrap.wrap(text, width=max(40, self.width - 13)) or [""]
            out.append(f"       {label}{wrapped[0]}")
            out += [f"             {w}" for w in wrapped[1:]]
        return "\n".join(out) + "\n"


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


class SpooledSink(Sink):
    """Rows to a temporary file first: the format puts the counts before them."""

    joiner = ""  # between two rows' text

    def __init__(self, out: IO[bytes], info: PlanInfo) -> None:
        super().__init__(out, info)
        # in memory when the whole output is (the web app: nothing a user uploads is written to disk)
        self.spool: IO[bytes] = io.BytesIO() if isinstance(out, io.BytesIO) else tempfile.TemporaryFile()
        self.first = True

    def line(self, r: RowResult) -> str:
        raise NotImplementedError

    def row(self, r: RowResult) -> None:
        self.put(self.encode([r]))

    def encode(self, rows: list[RowResult]) -> bytes:
        return terminal_safe(self.joiner.join(self.line(r) for r in rows)).encode("utf-8")

    def put(self, encoded: bytes) -> None:
        if encoded:
            self.spool.write(encoded if self.first else self.joiner.encode("utf-8") + encoded)
            self.first = False

    def copy_rows(self) -> None:
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.out)
        self.spool.close()


class JsonSink(SpooledSink):
    """One JSON object a row; the result keys of an answer shared by many rows are encoded once."""

    def __init__(self, out: IO[bytes], info: PlanInfo) -> None:
        super().__init__(out, info)
        self.fragments: dict[tuple[int, int], tuple[RowResult, str]] = {}

    joiner = ",\n"

    def line(self, r: RowResult) -> str:
        own = {
            "row": r.number, "ref": r.ref or None, "profile": r.cells.get("profile") or None,
            "date": r.cells.get("date") or None, "country": r.cells.get("country") or None,
            "area": r.cells.get("area") or None, "counterpart": r.cells.get("counterpart") or None,
            "activity": _activity(r) or None, "description": r.cells.get("description") or None,
            "columns": {h: v for h, v in zip(self.info.headers, r.user, strict=True) if h},
        }
        return "    " + json.dumps(own, ensure_ascii=False)[:-1] + ", " + self._results(r)[1:]  # one row a line

    def _results(self, r: RowResult) -> str:
        k = (id(r.reason), id(r.questions))
        hit = self.fragments.get(k)
        if hit is not None and hit[0].reason is r.reason and hit[0].questions is r.questions \
                and r.outcome != "error":
            return hit[1]
        item: dict[str, Any] = {
            "outcome": r.outcome, "outcome_plain": PLAIN_OUTCOME[r.outcome],
            "strictest_jurisdictions": r.strictest, "reason": r.reason, "next_step": r.next_step,
            "questions": r.questions, "legal_basis": r.legal_basis, "jurisdictions": r.by_jurisdiction,
        }
        if r.outcome == "error":
            item["error"] = {"column": r.error_column, "message": r.error}
            item["errors"] = [{"column": c, "message": m} for c, m in r.errors]
        text = json.dumps(item, ensure_ascii=False)
        if len(self.fragments) >= SHARED_CELLS:
            self.fragments.clear()
        self.fragments[k] = (r, text)
        return text

    def finish(self, stats: PlanStats) -> None:
        i = self.info
        head = {"format": 1, "plan": i.file, "profiles": i.profiles_file,
                "as_of": i.as_of.isoformat() if i.as_of else None,
                "provenance": {"tool_version": i.tool_version, "rules_sha256": i.rules_sha256},
                "summary": dict(_ordered(stats.counts))}
        text = json.dumps(head, indent=2, ensure_ascii=False)
        self.text(text[:-2] + ',\n  "rows": [\n')
        self.copy_rows()
        notice = json.dumps("Pre-screening only, not legal advice: anything other than 'Allowed' goes to the legal "
                            "team; run `legalcheck check` on an engagement file for the full memo.")
        self.text(("\n" if not self.first else "") + f'  ],\n  "notice": {notice}\n}}\n')


class MdSink(SpooledSink):
    def line(self, r: RowResult) -> str:
        from ..memo.text import md_escape

        cells = [str(r.number), r.ref, r.cells.get("date", ""), _where(r), r.cells.get("counterpart", ""),
                 _activity(r)]
        return ("| " + " | ".join(md_escape(c) for c in cells) + " | "
                + _md_results(r.outcome, ", ".join(r.strictest), r.reason, r.next_step, r.legal_basis) + " |\n")

    def finish(self, stats: PlanStats) -> None:
        from ..memo.text import md_escape

        lines = [f"# Plan pre-screening: {md_escape(self.info.file)}", "",
                 f"> {NOTICE.replace('Allowed', '*Allowed*')}", "", "| Outcome | Rows |", "| --- | ---: |"]
        lines += [f"| {PLAIN_OUTCOME[k]} | {v} |" for k, v in _ordered(stats.counts)]
        lines += ["", "| Row | Ref | Date | Place | Counterpart | Activity | Outcome | Strictest | Reason | Next step "
                  "| Legal basis |", "| ---: | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |", ""]
        self.text("\n".join(lines))
        self.copy_rows()
        self.text(f"\nRules: `{self.info.rules_sha256[:16]}`, legalcheck {self.info.tool_version}.\n")


@functools.lru_cache(maxsize=4096)
def _md_results(*cells: str) -> str:
    from ..memo.text import md_escape

    return " | ".join(md_escape(c) for c in (PLAIN_OUTCOME[cells[0]], *cells[1:]))


def make_sink(fmt: str, out: IO[bytes], info: PlanInfo) -> Sink:
    if fmt == "xlsx":
        from .xlsx import XlsxSink

        return XlsxSink(out, info)
    sinks: dict[str, type[Sink]] = {"table": TableSink, "csv": CsvSink, "json": JsonSink, "md": MdSink}
    if fmt not in sinks:
        raise ValueError(fmt)
    return sinks[fmt](out, info)


def render(result: PlanResult, fmt: str) -> str | bytes:
    """A whole plan's output at once (the API and the tests)."""
    buf = io.BytesIO()
    sink = make_sink(fmt, buf, result.info)
    for r in result.rows:
        sink.row(r)
    sink.finish(PlanStats(counts=result.counts(), rows=len(result.rows), evaluations=result.evaluations))
    data = buf.getvalue()
    return data if fmt == "xlsx" else data.decode("utf-8")


def summary_table(counts: dict[str, int]) -> str:
    rows = [(PLAIN_OUTCOME[k], counts[k]) for k in OUTCOME_ORDER if k in counts]
    w = max(len(a) for a, _ in [*rows, ("Outcome", 0)])
    lines = [f"{'Outcome':<{w}}  {'Rows':>6}", f"{'-' * w}  {'-' * 6}"]
    lines += [f"{a:<{w}}  {n:>6}" for a, n in rows]
    lines.append(f"{'Total':<{w}}  {sum(counts.values()):>6}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- deterministic xlsx
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_ISO = "2000-01-01T00:00:00Z"


def deterministic_xlsx(wb: Any, out: IO[bytes] | None = None) -> bytes:
    """Save an openpyxl workbook with fixed timestamps, so the same content gives the same bytes (into ``out``
    when given, else returned)."""
    import datetime as dt

    fixed = dt.datetime(2000, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "legalcheck"
    with (io.BytesIO() if out is None or isinstance(out, io.BytesIO) else tempfile.TemporaryFile()) as raw:
        wb.save(raw)
        raw.seek(0)
        target = out if out is not None else io.BytesIO()
        _rezip(raw, target)
        return b"" if out is not None else target.getvalue()  # type: ignore[attr-defined,no-any-return]


def _rezip(raw: IO[bytes], target: IO[bytes]) -> None:
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            if info.filename == "docProps/core.xml":
                text = src.read(info.filename).decode("utf-8")
                for tag in ("created", "modified"):
                    text = re.sub(rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)", rf"\g<1>{FIXED_ISO}\g<2>", text)
                dst.writestr(zi, text.encode("utf-8"))
                continue
            with src.open(info) as fin, dst.open(zi, "w") as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)
