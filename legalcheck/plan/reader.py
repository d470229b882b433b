"""Read a plan spreadsheet (CSV or XLSX): header names, then raw rows one at a time, with spreadsheet row numbers.

:func:`open_plan` reads the headings and returns a :class:`PlanSource` whose ``rows`` are produced as they are
read (a plan is never held whole in memory, apart from the CSV file's own text, at most ``MAX_PLAN_BYTES``)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

MAX_PLAN_BYTES = 50 * 1024 * 1024
# Measured (docs/reliability.md, docs/benchmarks.md): openpyxl reads about 20,000-40,000 cells a second here, empty
# ones included, so a workbook keeps the lower row limit; a streamed CSV plan of 100,000 rows takes a few seconds.
MAX_XLSX_UNCOMPRESSED = 16 * 1024 * 1024
MAX_ROWS = 100_000  # CSV rows (counted before any row is screened)
# Rows that differ in more than their date each need their own evaluation (a few milliseconds): a CSV plan may have
# 100,000 rows of at most this many different activities (counted before any row is screened, as the rows are).
MAX_DISTINCT = 10_000
MAX_XLSX_ROWS = 10_000
MAX_SHEET_ROWS = MAX_XLSX_ROWS + 1_000  # row positions scanned, empty ones included (a sheet padded to row 1,048,576)
MAX_COLUMNS = 200
MAX_CELL = 20_000


@dataclass
class RawRow:
    number: int  # spreadsheet row number (the header is row 1)
    cells: list[str]


@dataclass
class PlanSource:
    """A plan being read: its headings, then its non-empty rows as an iterator (read once)."""

    file: str
    headers: list[str]
    rows: Iterator[RawRow]
    sheet: str | None = None
    close: Callable[[], None] = lambda: None
    count: int | None = None  # rows (CSV: exact; XLSX: the sheet's own dimension, when it gives one)


@dataclass
class RawPlan:
    file: str
    headers: list[str]
    rows: list[RawRow]
    sheet: str | None = None


HeaderCheck = Callable[[str, list[str]], object]


def read_plan(path: Path, on_headers: HeaderCheck | None = None) -> RawPlan:
    """The whole plan at once (small plans and tests); :func:`open_plan` streams it."""
    src = open_plan(path, on_headers)
    try:
        return RawPlan(src.file, src.headers, list(src.rows), src.sheet)
    finally:
        src.close()


def open_plan(path: Path, on_headers: HeaderCheck | None = None) -> PlanSource:
    """Open ``path`` (``.csv`` or ``.xlsx``); every cell becomes a stripped string ('' when empty).

    ``on_headers(file, headers)`` is called as soon as the header row is read, so that a plan with the wrong
    columns is refused before its rows are read; when it returns a list of column indexes, those columns define
    which rows are different activities (a CSV plan may have at most ``MAX_DISTINCT``)."""
    from ..yamlio import check_readable

    file = str(path)
    check_readable(path, MAX_PLAN_BYTES)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _open_csv(path, on_headers)
    if suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(path, on_headers)
    raise InputError.single(file, "unknown plan format", expected="a .csv or .xlsx file", found=path.suffix or "(none)")


def _csv_text(path: Path) -> str:
    file = str(path)
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise InputError.single(file, "binary data (NUL bytes): is this really a CSV file?")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(file, f"not UTF-8 text (byte {exc.start}); save the CSV as 'CSV UTF-8'") from None


def _open_csv(path: Path, on_headers: HeaderCheck | None) -> PlanSource:
    file = str(path)
    text = _csv_text(path)
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    # Spreadsheet programs in some locales write ';'-separated CSV: pick the separator that splits the header most.
    delimiter = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))

    def records() -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(_lines(text), delimiter=delimiter)
        try:
            yield from enumerate(reader, start=1)
        except csv.Error as exc:
            raise InputError.single(file, f"CSV syntax error: {exc}", line=reader.line_num) from None

    it = records()
    head = next(it, None)
    if head is None:
        raise InputError.single(file, "empty file: expected a header row (Organisation profile, Date, Country, ...)")
    headers = [c.strip() for c in head[1]]
    checked = _check_headers(file, headers, on_headers)
    key_columns = checked if isinstance(checked, list) else None  # the columns that make activities differ
    count = 0  # rows and different activities counted (and the CSV syntax checked) before any row is screened
    seen: set[int] = set()
    for number, record in it:
        if any(c.strip() for c in record):
            count += 1
            if count > MAX_ROWS:
                raise InputError.single(file, "too many rows", expected=f"at most {MAX_ROWS}", line=number)
            if key_columns is not None:
                seen.add(hash(tuple(record[i].strip() if i < len(record) else "" for i in key_columns)))
                if len(seen) > MAX_DISTINCT:
                    raise InputError.single(file, "too many different activities (rows that differ in more than "
                                            "their date, reference or description)", line=number,
                                            expected=f"at most {MAX_DISTINCT} (split the plan)")
    it = records()
    next(it)
    return PlanSource(file, headers, _csv_rows(it), count=count)


def _csv_rows(records: Iterator[tuple[int, list[str]]]) -> Iterator[RawRow]:
    """The non-empty rows, each cell stripped and cut to ``MAX_CELL`` characters."""
    for number, record in records:
        cells = [c.strip() for c in record]
        if any(cells):
            yield RawRow(number, [c if len(c) <= MAX_CELL else c[:MAX_CELL] for c in cells])


# A line as ``io.StringIO(text, newline="")`` gives it (ended by \n, \r or \r\n, the ending kept), without that
# copy of the whole text (four bytes a character: 70 MB for a 100,000-row plan).
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` for :func:`csv.reader`, one at a time."""
    return (m.group() for m in _LINE.finditer(text))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()[:MAX_CELL]


def _open_xlsx(path: Path, on_headers: HeaderCheck | None) -> PlanSource:
    import openpyxl

    from ..limits import check_zip_expansion

    file = str(path)
    check_zip_expansion(path, MAX_XLSX_UNCOMPRESSED)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many exception types for a damaged file
        raise InputError.single(file, f"cannot open workbook: {type(exc).__name__}: {exc}") from None
    try:
        names = wb.sheetnames
        sheet = "Plan" if "Plan" in names else names[0]
        it = enumerate(wb[sheet].iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), start=1)
        headers = _xlsx_headers(file, it)
        if headers is None:
            raise InputError.single(file, f"sheet {sheet!r} is empty: expected a header row")
        _check_headers(f"{file} (sheet {sheet})", headers, on_headers)
        count = max(1, min(MAX_XLSX_ROWS, (wb[sheet].max_row or 2) - 1))
    except BaseException:
        wb.close()
        raise
    return PlanSource(file, headers, _xlsx_rows(file, it), sheet, wb.close, count)


def _xlsx_headers(file: str, it: Iterator[tuple[int, tuple[object, ...]]]) -> list[str] | None:
    for number, values in it:
        if number > MAX_SHEET_ROWS:
            raise InputError.single(file, "sheet extends too far down", line=number,
                                    expected=f"rows within the first {MAX_SHEET_ROWS}")
        cells = [_cell(v) for v in values]
        if any(cells):
            while cells and not cells[-1]:
                cells.pop()
            return cells
    return None


def _xlsx_rows(file: str, it: Iterator[tuple[int, tuple[object, ...]]]) -> Iterator[RawRow]:
    count = 0
    for number, values in it:
        if number > MAX_SHEET_ROWS:
            raise InputError.single(file, "sheet extends too far down", line=number,
                                    expected=f"rows within the first {MAX_SHEET_ROWS}")
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue
        count += 1
        if count > MAX_XLSX_ROWS:
            raise InputError.single(file, "too many rows in a workbook", line=number,
                                    expected=f"at most {MAX_XLSX_ROWS} (save larger plans as CSV: up to "
                                    f"{MAX_ROWS} rows)")
        yield RawRow(number, cells)


def _check_headers(file: str, headers: list[str], on_headers: HeaderCheck | None) -> object:
    if len(headers) > MAX_COLUMNS:
        raise InputError.single(file, "too many columns", expected=f"at most {MAX_COLUMNS}", found=str(len(headers)))
    return on_headers(file.split(" (sheet ")[0], headers) if on_headers is not None else None
