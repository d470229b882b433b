"""OFAC SDN legacy CSV: ``sdn.csv`` (primary records) plus ``alt.csv`` (alternate names).

``sdn.csv`` has no header; columns are ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks. Nulls are ``-0-``, lines end in CRLF and the
file ends with a 0x1A (SUB) byte. ``alt.csv`` has ent_num, alt_num, alt_type (aka/fka/nka), alt_name,
alt_remarks and joins on ent_num. Programs are bracketed tags (``SDGT] [SYRIA`` in the column,
``[SDGT]`` in print); they are kept in each entry's ``history`` and ``scope_note``.

The legacy CSV publishes no designation dates: entries carry the ``DATE_NOT_PUBLISHED`` placeholder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
from ..models.designations import DesignationList
from .common import (
    DATE_NOT_PUBLISHED,
    NOT_PUBLISHED_NOTE,
    build_list,
    check_size,
    clean,
    csv_rows,
    csv_text,
    dedupe,
    designation,
    publication_date,
)

LIST_ID = "ofac-sdn"
URL = "https://www.treasury.gov/ofac/downloads/sdn.csv"
TERRORISM_PROGRAMS = frozenset({"SDGT", "SDT", "FTO"})


def _rows(path: Path) -> list[list[str]]:
    check_size(path)
    text = csv_text(path).replace("\x1a", "")
    return [row for row in csv_rows(path, text) if row and any(c.strip() for c in row)]


def programs(column: str) -> list[str]:
    """``"SDGT] [SYRIA"`` -> ``["SDGT", "SYRIA"]``."""
    return [p.strip(" []") for p in clean(column).split("] [") if p.strip(" []")]


def read_ofac(files: Sequence[Path], as_of: dt.date | None = None) -> DesignationList:
    """Read ``sdn.csv`` and optionally ``alt.csv`` (recognised by column count, in any order)."""
    sdn: list[list[str]] | None = None
    sdn_file = ""
    alts: dict[str, list[str]] = {}
    for path in files:
        rows = _rows(path)
        width = len(rows[0]) if rows else 0
        if width == 12:
            sdn, sdn_file = rows, str(path)
        elif width == 5:
            for r in rows:
                if len(r) == 5 and clean(r[3]):
                    alts.setdefault(clean(r[0]), []).append(clean(r[3]))
        else:
            raise InputError.single(str(path), "not an OFAC sdn.csv (12 columns) or alt.csv (5 columns)",
                                    found=f"{width} columns")
    if sdn is None:
        raise InputError.single(", ".join(map(str, files)), "no sdn.csv among the files")
    entries = []
    for line, r in enumerate(sdn, start=1):
        if len(r) != 12:
            raise InputError.single(sdn_file, "expected 12 columns", line=line, found=f"{len(r)}")
        ent, name, typ, prog, title, remarks = clean(r[0]), clean(r[1]), clean(r[2]), r[3], clean(r[4]), clean(r[11])
        if not ent.isdigit() or not name:
            raise InputError.single(sdn_file, "bad ent_num or empty name", line=line, found=repr(r[0]))
        progs = programs(prog)
        history = [f"OFAC programs: {', '.join(f'[{p}]' for p in progs)}"] if progs else []
        if typ in ("vessel", "aircraft"):
            history.append(f"SDN type: {typ}")
        if title:
            history.append(f"title: {title[:1000]}")
        history.append(NOT_PUBLISHED_NOTE)
        entries.append(designation(
            id=f"ofac-{ent}",
            name=name,
            aliases=dedupe(alts.get(ent, []), exclude=[name]),
            type="person" if typ == "individual" else "organisation",
            reference=f"ent_num {ent}",
            listed_from=DATE_NOT_PUBLISHED,
            scope_note=" ".join(f"[{p}]" for p in progs) or None,
            history=history,
            sources=[{"title": "OFAC SDN list (legacy CSV)", "url": URL,
                      **({"quote": remarks[:2000]} if remarks else {})}],
        ))  # fmt: skip
    meta = {
        "id": LIST_ID,
        "title": "OFAC Specially Designated Nationals and Blocked Persons List (SDN)",
        "jurisdiction": "US",
        "kind": "sanctions",
        "authority": "U.S. Department of the Treasury, Office of Foreign Assets Control",
        "legal_basis": "IEEPA and program authorities per entry (e.g. E.O. 13224 [SDGT], INA s. 219 [FTO])",
        "url": URL,
        "as_of": publication_date(None, as_of, "ofac-csv", str(files[0])).isoformat(),
        "description": "Every SDN record of the imported sdn.csv, with alternate names from alt.csv. Program "
        "tags are in each entry's scope_note and history; the legacy CSV has no designation dates.",
    }
    return build_list(meta, entries, sdn_file)
