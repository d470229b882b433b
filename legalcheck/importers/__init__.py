"""Importers for official designation-list formats (OFAC CSV, UN XML, UK OFSI XLSX/CSV, EU annex CSV)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
from ..models.designations import DesignationList
from .common import ImportReport, load_imported, write_list
from .eu_csv import read_eu
from .ofac_csv import read_ofac
from .uk_ofsi import read_uk
from .un_xml import read_un

FORMATS = ("ofac-csv", "un-xml", "uk-ofsi", "eu-csv")


def read_lists(fmt: str, files: Sequence[Path], as_of: dt.date | None = None) -> list[DesignationList]:
    """Parse official files of format ``fmt`` into lists (EU: one list per file; others: one list)."""
    if not files:
        raise InputError.single("<command line>", "no input file given")
    if fmt == "ofac-csv":
        return [read_ofac(files, as_of)]
    if fmt == "eu-csv":
        return [read_eu(f, as_of) for f in files]
    if len(files) != 1:
        raise InputError.single("<command line>", f"format {fmt} takes exactly one file", found=f"{len(files)}")
    if fmt == "un-xml":
        return [read_un(files[0], as_of)]
    if fmt == "uk-ofsi":
        return [read_uk(files[0], as_of)]
    raise InputError.single("<command line>", f"unknown format {fmt!r}", expected=", ".join(FORMATS))


__all__ = ["FORMATS", "ImportReport", "discover", "load_imported", "read_directory", "read_lists", "write_list"]


# Where each format's files sit in a folder laid out like shared/data/lists/ (see its README).
_LAYOUT: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ofac-csv", ("*/sdn.csv", "*/alt.csv")),
    ("un-xml", ("*/consolidated.xml",)),
    ("uk-ofsi", ("*/ConList.xlsx",)),
    ("eu-csv", ("eu_*/3*.csv",)),
)


def discover(root: Path) -> list[tuple[str, list[Path]]]:
    """Official files found under ``root`` (one level of sub-folders), grouped by format."""
    out: list[tuple[str, list[Path]]] = []
    for fmt, patterns in _LAYOUT:
        files = [p for pat in patterns for p in sorted(root.glob(pat))]
        if fmt == "ofac-csv" and not any(p.name == "sdn.csv" for p in files):
            continue
        if files:
            out.append((fmt, files))
    return out


def read_directory(root: Path) -> list[DesignationList]:
    """Import every official file found under ``root`` (see :func:`discover`)."""
    return [lst for fmt, files in discover(root) for lst in read_lists(fmt, files, _folder_date(files[0]))]


def _folder_date(file: Path) -> dt.date:
    """The date in a shared/data/lists/ folder name (``us_ofac_sdn_2024-05-03``), else today: for reading and
    evaluating a folder of lists only; ``designations import`` never stamps today's date."""
    m = re.search(r"(\d{4}-\d{2}-\d{2})$", file.parent.name)
    return dt.date.fromisoformat(m.group(1)) if m else dt.date.today()
