"""The persistent index of the imported lists as an SQLite file a query reads only part of.

``screen --index`` used to load the whole index (about 15 MB of JSON for the full official lists) to answer one
query. Here the same structures (see :mod:`.index`) are tables keyed for look-up: a query reads the vocabulary
entries its words expand to, the posting lists of those entries and the rows of the candidate names, nothing else.
:class:`NameIndex` works on them unchanged through the read-only, caching views below; scoring and outputs are
those of the in-memory index (``tests/test_screening.py`` compares them).

The file is written once, through a temporary file and an atomic rename, next to the entries file (one JSON line
per list entry, read only when an entry is reported).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from array import array
from collections.abc import Callable, Iterator, Mapping
from itertools import accumulate
from pathlib import Path
from typing import Any

from .index import INDEX_FORMAT, EntryRef, NameIndex, _atomic_write, _entries_path, _entry_json, _Stored

_KEYED = ("tok_post", "joined_post", "weak_post")
_MISSING = object()


def _ids(values: list[int]) -> bytes:
    return array("i", values).tobytes()


def _unids(blob: bytes) -> list[int]:
    out = array("i")
    out.frombytes(blob)
    return out.tolist()


def save_index(index: NameIndex, path: Path) -> None:
    """Write ``index`` as ``path`` (SQLite) and ``<path>.entries`` (one JSON line per entry), each atomically."""
    lines = [(_entry_json(e.payload) + "\n").encode("utf-8") for e in index.entries]
    offsets = [0, *accumulate(len(line) for line in lines)][: len(lines)]
    _atomic_write(_entries_path(path), b"".join(lines))
    save(index, path, _entries_path(path), offsets)


def save(index: NameIndex, path: Path, entries_path: Path, offsets: list[int]) -> None:
    """Write ``index`` to ``path`` (SQLite) atomically; ``offsets`` locate each entry's line in ``entries_path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            _fill(db, index, entries_path, offsets)
            db.commit()
        finally:
            db.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _fill(db: sqlite3.Connection, index: NameIndex, entries_path: Path, offsets: list[int]) -> None:
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
    meta = {"format": INDEX_FORMAT, "lists": index.lists, "entries": len(index.entries),
            "names": len(index.name_text), "entries_file": entries_path.name,
            "entries_bytes": entries_path.stat().st_size if entries_path.is_file() else None}
    db.executemany("INSERT INTO meta VALUES (?, ?)", ((k, json.dumps(v)) for k, v in meta.items()))
    db.execute("CREATE TABLE entries (e INTEGER PRIMARY KEY, list_id TEXT, offset INTEGER)")
    db.executemany("INSERT INTO entries VALUES (?, ?, ?)",
                   ((i, e.list_id, off) for i, (e, off) in enumerate(zip(index.entries, offsets, strict=True))))
    db.execute("CREATE TABLE names (n INTEGER PRIMARY KEY, entry INTEGER, text TEXT, kind TEXT, norm TEXT, "
               "tokens TEXT, phon TEXT)")
    db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?, ?)", (
        (n, index.name_entry[n], index.name_text[n], index.name_kind[n], index.name_norm[n],
         " ".join(index._tokens(n)), " ".join(index._phon(n))) for n in range(len(index.name_text))))
    for table in _KEYED:
        db.execute(f"CREATE TABLE {table} (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID")
        db.executemany(f"INSERT INTO {table} VALUES (?, ?)",
                       ((k, _ids(v)) for k, v in getattr(index, table).items()))
    db.execute("CREATE TABLE variants (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
    db.executemany("INSERT INTO variants VALUES (?, ?)", ((k, " ".join(v)) for k, v in index.variants.items()))


class _Keyed(Mapping[str, Any]):
    """A read-only ``key -> value`` table, each value read (and decoded) once when first asked for."""

    def __init__(self, db: sqlite3.Connection, table: str, decode: Callable[[Any], Any]) -> None:
        self.db, self.table, self.decode = db, table, decode
        self.seen: dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        v = self.seen.get(key, _MISSING)
        if v is _MISSING:
            row = self.db.execute(f"SELECT v FROM {self.table} WHERE k = ?", (key,)).fetchone()
            v = self.seen[key] = None if row is None else self.decode(row[0])
        return default if v is None else v

    def __getitem__(self, key: str) -> Any:
        v = self.get(key)
        if v is None:
            raise KeyError(key)
        return v

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return (k for (k,) in self.db.execute(f"SELECT k FROM {self.table}"))

    def __len__(self) -> int:
        return int(self.db.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0])


class _Rows:
    """The rows of the ``names`` or ``entries`` table, each read once when first asked for."""

    def __init__(self, db: sqlite3.Connection, sql: str, count: int) -> None:
        self.db, self.sql, self.count = db, sql, count
        self.rows: dict[int, tuple[Any, ...]] = {}

    def row(self, n: int) -> tuple[Any, ...]:
        r = self.rows.get(n)
        if r is None:
            if not 0 <= n < self.count:
                raise IndexError(n)
            r = self.rows[n] = self.db.execute(self.sql, (n,)).fetchone()
        return r


class _Column:
    """One column of :class:`_Rows` as a list-like (a value set by the index, e.g. split tokens, is kept)."""

    def __init__(self, rows: _Rows, col: int, convert: Callable[[Any], Any] = lambda v: v) -> None:
        self.rows, self.col, self.convert = rows, col, convert
        self.set: dict[int, Any] = {}

    def __getitem__(self, n: int) -> Any:
        v = self.set.get(n, _MISSING)
        return self.convert(self.rows.row(n)[self.col]) if v is _MISSING else v

    def __setitem__(self, n: int, value: Any) -> None:
        self.set[n] = value

    def __len__(self) -> int:
        return self.rows.count

    def __iter__(self) -> Iterator[Any]:
        return (self[n] for n in range(len(self)))


def load(path: Path) -> NameIndex:
    """Open the index at ``path`` read-only; nothing but its small ``meta`` table is read until a query needs it."""
    if not path.is_file():
        raise ValueError(f"{path} missing")
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    try:
        meta = {k: json.loads(v) for k, v in db.execute("SELECT k, v FROM meta")}
    except sqlite3.DatabaseError as exc:
        db.close()
        raise ValueError(f"{path}: {exc}") from exc
    if meta.get("format") != INDEX_FORMAT:
        db.close()
        raise ValueError(f"index format {meta.get('format')!r}, expected {INDEX_FORMAT}")
    epath = path.with_name(meta["entries_file"])
    if not epath.is_file() or epath.stat().st_size != meta.get("entries_bytes"):
        db.close()  # missing, cut short or changed since the index was built (a killed write, a full disk): rebuild
        raise ValueError(f"{epath} missing or not the size the index was built with")
    names = _Rows(db, "SELECT entry, text, kind, norm, tokens, phon FROM names WHERE n = ?", int(meta["names"]))
    entry_rows = _Rows(db, "SELECT list_id, offset FROM entries WHERE e = ?", int(meta["entries"]))
    index = NameIndex(lists=dict(meta["lists"]))
    index.entries = _Entries(entry_rows, epath)  # type: ignore[assignment]
    for i, attr in enumerate(("name_entry", "name_text", "name_kind", "name_norm", "name_tokens", "name_phon")):
        setattr(index, attr, _Column(names, i))
    for table in _KEYED:
        setattr(index, table, _Keyed(db, table, _unids))
    index.variants = _Keyed(db, "variants", lambda v: v.split(" "))  # type: ignore[assignment]
    return index


class _Entries(_Column):
    """The list entries: an :class:`EntryRef` per row, its JSON line read only when the entry is reported."""

    def __init__(self, rows: _Rows, entries_path: Path) -> None:
        super().__init__(rows, 0)
        self.path = entries_path

    def __getitem__(self, n: int) -> EntryRef:
        ref = self.set.get(n)
        if ref is None:
            list_id, offset = self.rows.row(n)
            ref = self.set[n] = EntryRef(list_id, _Stored(self.path, offset))
        return ref
