"""UK OFSI Consolidated List of Financial Sanctions Targets (``ConList.xlsx`` or ``ConList.csv``, 2022 format).

Row 1 is ``Last Updated``, row 2 the header, then one row per name variant; rows of one target share a
``Group ID``. ``Name 6`` is the surname (or the entity name), ``Name 1``-``Name 5`` the other names.
The first ``Primary name`` row gives the entry name, the other rows strong aliases, except
``Alias Quality = Low quality``, which are weak aliases (exact match only). ``Name Non-Latin Script``
is kept as a strong alias. XLSX is read with openpyxl in read-only mode.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..models.designations import DesignationList
from .common import (
    DATE_NOT_PUBLISHED,
    NOT_PUBLISHED_NOTE,
    build_list,
    check_size,
    check_zip,
    clean,
    csv_rows,
    csv_text,
    dedupe,
    designation,
    parse_date,
    publication_date,
)

LIST_ID = "uk-ofsi"
URL = "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.xlsx"
REQUIRED = ("Name 6", "Group Type", "Alias Type", "Regime", "Listed On", "Group ID")


def _xlsx_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    import openpyxl

    check_zip(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise InputError.single(str(path), f"not a readable XLSX workbook: {exc}") from None
    try:
        yield from wb.worksheets[0].iter_rows(values_only=True)
    finally:
        wb.close()


def _csv_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    for row in csv_rows(path, csv_text(path)):
        yield tuple(row)


Row = tuple[Any, ...]
Getter = Callable[[Row, str], str]


def read_uk(path: Path, as_of: dt.date | None = None) -> DesignationList:
    check_size(path)
    rows = _xlsx_rows(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _csv_rows(path)
    first = next(rows, None)
    header = next(rows, None)
    if not first or not header or clean(first[0]) != "Last Updated":
        raise InputError.single(str(path), "not an OFSI ConList", expected="'Last Updated' in cell A1", line=1)
    cols = {clean(h): i for i, h in enumerate(header) if h}
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise InputError.single(str(path), "missing columns", line=2, expected=", ".join(missing))
    updated = first[1] if isinstance(first[1], dt.datetime) else parse_date(clean(first[1]))
    if isinstance(updated, dt.datetime):
        updated = updated.date()

    def get(row: Row, col: str) -> str:
        i = cols.get(col)
        if i is None or i >= len(row) or row[i] is None:
            return ""
        v = row[i]
        return v.strftime("%d/%m/%Y") if isinstance(v, dt.datetime) else clean(v)

    groups = _groups(rows, get, str(path))
    entries = [_entry(gid, g, str(path)) for gid, g in groups.items()]
    meta = {
        "id": LIST_ID,
        "title": "UK OFSI Consolidated List of Financial Sanctions Targets",
        "jurisdiction": "UK",
        "kind": "sanctions",
        "authority": "HM Treasury, Office of Financial Sanctions Implementation (OFSI)",
        "legal_basis": "Sanctions and Anti-Money Laundering Act 2018 and regulations per regime "
        "(e.g. Counter-Terrorism (Sanctions) (EU Exit) Regulations 2019)",
        "url": URL,
        "as_of": publication_date(updated, as_of, "uk-ofsi", str(path)).isoformat(),
        "description": "Every target (Group ID) of the imported ConList, with name variants as aliases; the "
        "regime(s) are in each entry's scope_note. Not the Terrorism Act 2000 proscription list.",
    }
    return build_list(meta, entries, str(path))


def _groups(rows: Iterator[Row], get: Getter, file: str) -> dict[str, dict[str, Any]]:
    """The rows of each target (``Group ID``) gathered: primary name, strong and weak aliases, regimes, dates."""
    groups: dict[str, dict[str, Any]] = {}
    for line, row in enumerate(rows, start=3):
        if not row or not any(row):
            continue
        gid = get(row, "Group ID")
        if not gid:
            raise InputError.single(file, "row without Group ID", line=line)
        names = [get(row, f"Name {i}") for i in (1, 2, 3, 4, 5)]
        full = " ".join(n for n in [*names, get(row, "Name 6")] if n)
        g = groups.setdefault(gid, {"name": "", "strong": [], "weak": [], "regimes": [], "listed": [],
                                    "type": get(row, "Group Type"), "line": line})
        alias_type = get(row, "Alias Type")
        if alias_type == "Primary name" and not g["name"]:
            g["name"] = full
        elif get(row, "Alias Quality").lower().startswith("low"):
            g["weak"].append(full)
        else:
            g["strong"].append(full)
        if get(row, "Name Non-Latin Script"):
            g["strong"].append(get(row, "Name Non-Latin Script"))
        if get(row, "Regime") and get(row, "Regime") not in g["regimes"]:
            g["regimes"].append(get(row, "Regime"))
        for col in ("Listed On", "UK Sanctions List Date Designated"):
            d = parse_date(get(row, col))
            if d:
                g["listed"].append(d)
    return groups


def _entry(gid: str, g: dict[str, Any], file: str) -> dict[str, Any]:
    """One target as a designation entry."""
    name = g["name"] or (g["strong"][0] if g["strong"] else "")
    if not name:
        raise InputError.single(file, f"Group ID {gid} has no name", line=g["line"])
    aliases = dedupe(g["strong"], exclude=[name])
    listed = min(g["listed"]) if g["listed"] else None
    history = [f"UK regime: {r}" for r in g["regimes"]]
    if g["type"] == "Ship":
        history.append("UK group type: Ship")
    if listed is None:
        history.append(NOT_PUBLISHED_NOTE)
    return designation(
        id=f"uk-{gid}", name=name, aliases=aliases, weak_aliases=dedupe(g["weak"], exclude=[name, *aliases]),
        type="person" if g["type"] == "Individual" else "organisation", reference=f"Group ID {gid}",
        listed_from=(listed or DATE_NOT_PUBLISHED).isoformat(), scope_note="; ".join(g["regimes"]) or None,
        history=history, sources=[{"title": "OFSI Consolidated List of Financial Sanctions Targets", "url": URL}],
    )  # fmt: skip
