"""The persistent index of the imported (full official) lists, kept in a cache directory.

The index is an SQLite file a query reads only part of (:mod:`.compact`); it is named after a SHA-256 of the
imported list files and the index format, so it is rebuilt automatically when a list is re-imported, and a stale
index is never used. The cache directory is, in order: the ``cache_dir`` argument (``--cache-dir``),
``$LEGALCHECK_CACHE``, ``$XDG_CACHE_HOME/legalcheck``, ``~/.cache/legalcheck``. Nothing is written into the
checkout.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from . import compact
from .index import INDEX_FORMAT, NameIndex

if TYPE_CHECKING:
    from ..models.designations import DesignationList


def default_cache_dir(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    env = os.environ.get("LEGALCHECK_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "legalcheck"


def default_imported_dir() -> Path:
    from ..paths import imported_dir

    return imported_dir()


@dataclass
class IndexInfo:
    path: Path
    built: bool
    seconds: float
    lists: int
    entries: int
    names: int


def _fingerprint(files: list[Path]) -> str:
    h = hashlib.sha256(f"legalcheck-index-{INDEX_FORMAT}".encode())
    for f in files:
        h.update(f.name.encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()[:24]


def build_index(lists: list[DesignationList]) -> NameIndex:
    index = NameIndex.build((lst.id, entry) for lst in lists for entry in lst.entries)
    for lst in lists:
        index.lists[lst.id] = {"title": lst.title, "jurisdiction": lst.jurisdiction,
                               "as_of": lst.as_of.isoformat(), "complete": lst.complete}
    return index


def open_index(imported: Path, cache_dir: Path | None = None, *, rebuild: bool = False) -> tuple[NameIndex, IndexInfo]:
    """Load the cached index of every ``*.json`` list in ``imported``, building it first if needed (the importers,
    and pydantic, are imported only then)."""
    files = sorted(imported.glob("*.json")) if imported.is_dir() else []
    if not files:
        raise InputError.single(str(imported), "no imported lists found (run 'legalcheck designations import' first)")
    cache = default_cache_dir(cache_dir)
    path = cache / f"index-{_fingerprint(files)}.sqlite"
    start = time.perf_counter()
    if path.exists() and not rebuild:
        try:
            index = compact.load(path)
            return index, IndexInfo(path, False, time.perf_counter() - start, len(index.lists),
                                    len(index.entries), len(index.name_text))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # corrupt or foreign file: rebuild below
    from ..importers.common import load_imported

    index = build_index([load_imported(f) for f in files])
    compact.save_index(index, path)
    index = compact.load(path)  # the same view a later run gets
    for old in cache.glob("index-*"):
        if old.name not in (path.name, path.name + ".entries"):
            old.unlink(missing_ok=True)
    return index, IndexInfo(path, True, time.perf_counter() - start, len(index.lists), len(index.entries),
                            len(index.name_text))
