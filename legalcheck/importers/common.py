"""Shared helpers for the importers: list construction, dates, diffs and atomic, shrink-guarded writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, Problem
from ..models.designations import DATE_NOT_PUBLISHED, Designation, DesignationList

NOT_PUBLISHED_NOTE = "listing date not published in the imported file (listed_from is a placeholder)"

MAX_SHRINK = 0.20  # refuse a new list with more than 20% fewer entries, names or aliases than the previous one
MAX_INPUT_BYTES = 64 * 1024 * 1024
MAX_UNCOMPRESSED = 64 * 1024 * 1024  # the real OFSI ConList.xlsx expands to 17 MB (16 s to import); at most this

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError.single(str(path), f"cannot read file: {exc.strerror or exc}") from None
    if size > MAX_INPUT_BYTES:
        raise InputError.single(str(path), "file too large", expected=f"at most {MAX_INPUT_BYTES} bytes",
                                found=f"{size} bytes")


def csv_text(path: Path) -> str:
    """The text of an official CSV file: UTF-8 (a byte-order mark is dropped), no NUL byte. A file saved in another
    encoding (Latin-1, Windows-1252) was read with replacement characters, so listed names lost letters silently
    and no longer matched; now it is refused with the line, as are NUL bytes (a damaged or binary file)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError.single(str(path), f"not UTF-8 text (byte {exc.start}): save the file as UTF-8, or download "
                                "it again", line=line) from None
    if "\x00" in text:
        raise InputError.single(str(path), "binary data (NUL bytes): is this the official CSV file?",
                                line=text[: text.index("\x00")].count("\n") + 1)
    return text


def csv_rows(path: Path, text: str) -> Iterator[list[str]]:
    """The rows of ``text`` (read from ``path``), through :func:`csv_guard`."""
    return csv_guard(path, csv.reader(io.StringIO(text, newline="")))


def csv_guard(path: Path, reader: Any) -> Iterator[Any]:
    """The rows of a ``csv.reader`` or ``csv.DictReader``; a CSV syntax error, such as a field over the csv
    module's limit (131,072 characters: an unclosed quote swallows the rest of the file), is bad input with the
    line (it was an internal error)."""
    try:
        yield from reader
    except csv.Error as exc:
        line = getattr(reader, "reader", reader).line_num  # a DictReader counts only the rows it returned
        raise InputError.single(str(path), f"CSV syntax error: {exc}", line=line) from None


def check_zip(path: Path, limit: int = MAX_UNCOMPRESSED) -> None:
    """Refuse a zip container (XLSX) that is not one, or that declares more than ``limit`` bytes uncompressed."""
    from ..limits import check_zip_expansion

    check_zip_expansion(path, limit)


def publication_date(found: dt.date | None, given: dt.date | None, fmt: str, file: str) -> dt.date:
    """The list's date: the file's own, else ``--as-of``; never today by default (staleness checks need it)."""
    day = found or given
    if day is None:
        raise InputError.single(file, f"{fmt}: the file carries no publication date; give --as-of YYYY-MM-DD (the "
                                "date the list was published or downloaded)")
    if day > dt.date.today():
        raise InputError.single(file, "publication date is in the future", field="as_of", found=day.isoformat())
    return day


def parse_date(text: str | None) -> dt.date | None:
    """Dates as official lists print them: ``2004-10-18``, ``18/10/2004``, ``6.10.2001``, ``12 April 2010``."""
    if not text:
        return None
    s = str(text).strip()
    if isinstance(text, dt.datetime):
        return text.date()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*|[+-]\d{2}:?\d{2}|Z)?", s):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", s):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    elif m := re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", s):
        mon = _MONTHS.get(m[2][:3].lower())
        if mon is None:
            return None
        d, mo, y = int(m[1]), mon, int(m[3])
    else:
        return None
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def slug(text: str, max_len: int = 60) -> str:
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t[:max_len].strip("-") or "x"


def clean(text: Any) -> str:
    """Collapse whitespace; ``None`` and OFAC's ``-0-`` become the empty string."""
    if text is None:
        return ""
    s = re.sub(r"\s+", " ", str(text)).strip()
    return "" if s == "-0-" else s


def dedupe(names: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    seen = {n.casefold() for n in exclude}
    out: list[str] = []
    for n in names:
        n = clean(n)
        if n and n.casefold() not in seen:
            seen.add(n.casefold())
            out.append(n[:2000])
    return out


def build_list(meta: dict[str, Any], entries: list[dict[str, Any]], file: str) -> DesignationList:
    """Validate the imported list; problems name the source file and the entry. An imported file is a snapshot
    of the entries in force on its date, without earlier delistings: it answers from that date (``covers_from``)."""
    try:
        return DesignationList.model_validate({"covers_from": meta["as_of"], **meta, "complete": True,
                                               "entries": entries})
    except ValidationError as exc:
        problems = []
        for err in exc.errors()[:20]:
            loc = tuple(err.get("loc", ()))
            where = ".".join(str(x) for x in loc)
            if len(loc) >= 2 and loc[0] == "entries" and isinstance(loc[1], int):
                where += f" (entry {entries[loc[1]].get('id')!r})"
            problems.append(Problem(file=file, field=where or None, message=err.get("msg", "invalid")))
        raise InputError(problems) from None


def designation(**kw: Any) -> dict[str, Any]:
    """An entry dict with empty optional fields dropped."""
    return {k: v for k, v in kw.items() if v not in (None, [], "")}


@dataclass
class ImportReport:
    list_id: str
    path: Path
    total: int
    previous: int | None
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    written: bool = True

    def summary(self) -> str:
        prev = "new list" if self.previous is None else f"previously {self.previous}"
        return (f"{self.list_id}: {self.total} entries ({prev}); {len(self.added)} added, "
                f"{len(self.removed)} removed, {len(self.changed)} changed -> {self.path}")


def _dump(lst: DesignationList) -> dict[str, Any]:
    return lst.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)


def write_list(lst: DesignationList, out_dir: Path, *, force: bool = False, dry_run: bool = False,
               allow_older: bool = False) -> ImportReport:
    """Write ``<out_dir>/<list id>.json`` atomically, reporting the difference to the previous file.

    Refuses (``InputError``) a list that is empty or has more than 20% fewer entries, names or aliases than the
    previous file (a truncated download, a missing alias file), unless ``force``; and a list dated before the
    previous file, unless ``allow_older``.
    """
    path = out_dir / f"{lst.id}.json"
    data = _dump(lst)
    old: dict[str, dict[str, Any]] | None = None
    old_as_of: dt.date | None = None
    if path.exists():
        try:
            prev = json.loads(path.read_text(encoding="utf-8"))
            old = {e["id"]: e for e in prev.get("entries", [])}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            old = prev = None
        try:
            old_as_of = dt.date.fromisoformat(prev["as_of"]) if prev else None
        except (KeyError, TypeError, ValueError):
            old_as_of = None
    new = {e["id"]: e for e in data["entries"]}
    report = ImportReport(lst.id, path, len(new), None if old is None else len(old))
    if old is not None:
        report.added = sorted(set(new) - set(old))
        report.removed = sorted(set(old) - set(new))
        report.changed = sorted(k for k in set(new) & set(old) if new[k] != old[k])
    if not force:
        if not new:
            raise InputError.single(str(path), "the imported list has no entries; refusing to write (use --force)")
        if old:
            _refuse_shrink(str(path), old, new)
    if old_as_of is not None and lst.as_of < old_as_of and not allow_older:
        raise InputError.single(str(path), "the imported list is older than the one it would replace; refusing to "
                                "write (use --allow-older)", field="as_of", expected=f"on or after {old_as_of}",
                                found=lst.as_of.isoformat())
    if dry_run:
        report.written = False
        return report
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_json(path, data)
    return report


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Atomic write through ``.legalcheck-<pid>-*.tmp``; a killed import's temporary file goes on the next run."""
    from ..output import clean_stale

    clean_stale(path.parent)
    for stale in path.parent.glob(".*-*.tmp"):  # the temporary names of earlier versions (no process id)
        try:
            if not stale.name.startswith(".legalcheck-") and time.time() - stale.stat().st_mtime > 3600:
                stale.unlink()
        except OSError:
            pass
    fd, tmp = tempfile.mkstemp(prefix=f".legalcheck-{os.getpid()}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def name_counts(entries: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Entries, names and aliases (strong and weak) of a list as written to JSON."""
    return {
        "entries": len(entries),
        "names": sum(1 for e in entries.values() if e.get("name")),
        "aliases": sum(len(e.get("aliases") or []) + len(e.get("weak_aliases") or []) for e in entries.values()),
    }


def _refuse_shrink(file: str, old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> None:
    before, after = name_counts(old), name_counts(new)
    for what in ("entries", "names", "aliases"):
        floor = int((1 - MAX_SHRINK) * before[what])
        if after[what] < floor:
            raise InputError.single(
                file,
                f"the new list has implausibly fewer {what} than the previous one (truncated download, or a file "
                "such as OFAC's alt.csv missing?); refusing to write (use --force)",
                expected=f"at least {floor} {what}", found=f"{after[what]}",
            )


def load_imported(path: Path) -> DesignationList:
    """Read a list written by :func:`write_list`."""
    try:
        return DesignationList.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError) as exc:
        raise InputError.single(str(path), f"not a valid imported list: {str(exc).splitlines()[0]}") from None


__all__ = [
    "DATE_NOT_PUBLISHED", "NOT_PUBLISHED_NOTE", "Designation", "ImportReport", "build_list", "check_size", "check_zip",
    "clean", "dedupe", "designation", "load_imported", "name_counts", "parse_date", "publication_date", "slug",
    "write_list",
]  # fmt: skip
