"""Read a plan spreadsheet (CSV or XLSX) into header names and raw rows, with spreadsheet row numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

MAX_PLAN_BYTES = 50 * 1024 * 1024
# Measured (docs/reliability.md): openpyxl reads about 20,000-40,000 cells a second here, empty ones included, and
# a plan row costs about 2 ms to evaluate; these limits keep the worst plan within about half a minute.
MAX_XLSX_UNCOMPRESSED = 16 * 1024 * 1024
MAX_ROWS = 10_000
MAX_SHEET_ROWS = MAX_ROWS + 1_000  # row positions scanned, empty ones included (a sheet padded to row 1,048,576)
MAX_COLUMNS = 200
MAX_CELL = 20_000


@dataclass
class RawRow:
    number: int  # spreadsheet row number (the header is row 1)
    cells: list[str]


@dataclass
class RawPlan:
    file: str
    headers: list[str]
    rows: list[RawRow]
    sheet: str | None = None


HeaderCheck = Callable[[str, list[str]], object]


def read_plan(path: Path, on_headers: HeaderCheck | None = None) -> RawPlan:
    """Read ``path`` (``.csv`` or ``.xlsx``); every cell becomes a stripped string ('' when empty).

    ``on_headers(file, headers)`` is called as soon as the header row is read, so that a plan with the wrong
    columns is refused before its rows are read."""
    from ..yamlio import check_readable

    file = str(path)
    check_readable(path, MAX_PLAN_BYTES)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, on_headers)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, on_headers)
    raise InputError.single(file, "unknown plan format", expected="a .csv or .xlsx file", found=path.suffix or "(none)")


def _read_csv(path: Path, on_headers: HeaderCheck | None) -> RawPlan:
    file = str(path)
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise InputError.single(file, "binary data (NUL bytes): is this really a CSV file?")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(file, f"not UTF-8 text (byte {exc.start}); save the CSV as 'CSV UTF-8'") from None
    first = text.split("\n", 1)[0]
    # Spreadsheet programs in some locales write ';'-separated CSV: pick the separator that splits the header most.
    delimiter = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[RawRow] = []
    try:
        for number, record in enumerate(reader, start=1):
            if headers is None:
                headers = [c.strip() for c in record]
                _check_headers(file, headers, on_headers)
                continue
            if not any(c.strip() for c in record):
                continue
            if len(rows) >= MAX_ROWS:
                raise InputError.single(file, "too many rows", expected=f"at most {MAX_ROWS}", line=number)
            rows.append(RawRow(number, [c.strip()[:MAX_CELL] for c in record]))
    except csv.Error as exc:
        raise InputError.single(file, f"CSV syntax error: {exc}", line=reader.line_num) from None
    if headers is None:
        raise InputError.single(file, "empty file: expected a header row (Organisation profile, Date, Country, ...)")
    return RawPlan(file, headers, rows)


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


def _read_xlsx(path: Path, on_headers: HeaderCheck | None) -> RawPlan:
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
        ws = wb[sheet]
        headers: list[str] | None = None
        rows: list[RawRow] = []
        for number, values in enumerate(ws.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), start=1):
            if number > MAX_SHEET_ROWS:
                raise InputError.single(file, "sheet extends too far down", line=number,
                                        expected=f"rows within the first {MAX_SHEET_ROWS}")
            cells = [_cell(v) for v in values]
            if headers is None:
                if not any(cells):
                    continue
                while cells and not cells[-1]:
                    cells.pop()
                headers = cells
                _check_headers(f"{file} (sheet {sheet})", headers, on_headers)
                continue
            if not any(cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise InputError.single(file, "too many rows", expected=f"at most {MAX_ROWS}", line=number)
            rows.append(RawRow(number, cells))
    finally:
        wb.close()
    if headers is None:
        raise InputError.single(file, f"sheet {sheet!r} is empty: expected a header row")
    return RawPlan(file, headers, rows, sheet)


def _check_headers(file: str, headers: list[str], on_headers: HeaderCheck | None) -> None:
    if len(headers) > MAX_COLUMNS:
        raise InputError.single(file, "too many columns", expected=f"at most {MAX_COLUMNS}", found=str(len(headers)))
    if on_headers is not None:
        on_headers(file.split(" (sheet ")[0], headers)
