"""The persistent index of the imported (full official) lists, kept in a cache directory.

The index is an SQLite file a query reads only part of (:mod:`.compact`); it is named after a SHA-256 of the
imported list files and the index format, so it is rebuilt automatically when a list is re-imported, and a stale
index is never used. The cache directory is, in order: the ``cache_dir`` argument (``--cache-dir``),
``$LEGALCHECK_CACHE``, ``$LEGALCHECK_CACHE_DIR`` (the rule snapshot's cache folder),
``$XDG_CACHE_HOME/legalcheck`` (an absolute ``XDG_CACHE_HOME`` only), ``~/.cache/legalcheck``. Nothing is written
into the checkout.

A cached index decides what screening finds, so it is used only from a folder the user can trust, as the rule
snapshot is (:mod:`legalcheck.usercache`): the folder, the index and its entries file must not be links, must be
the user's own and writable by no one else. Otherwise (a cache folder made by root, shared, world-writable or a
link) nothing in it is read, written or removed: the index is built in memory for the run.
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
from .index import INDEX_FORMAT, NameIndex, _entries_path

if TYPE_CHECKING:
    from ..models.designations import DesignationList


def default_cache_dir(explicit: Path | None = None) -> Path:
    from ..usercache import ENV_CACHE, user_cache_home

    if explicit is not None:
        return explicit
    env = os.environ.get("LEGALCHECK_CACHE") or os.environ.get(ENV_CACHE)
    if env:
        return Path(env)
    home = user_cache_home()
    if home is None:
        raise InputError.single("<environment>", "no home directory for the index cache",
                                expected="--cache-dir, LEGALCHECK_CACHE_DIR or XDG_CACHE_HOME")
    return home


def default_imported_dir() -> Path:
    from ..paths import imported_dir

    return imported_dir()


@dataclass
class IndexInfo:
    path: Path | None  # None: built in memory (the cache folder cannot be trusted)
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


def _own_files(path: Path) -> bool:
    """Whether the index and its entries file are the user's own regular files, writable by no one else."""
    from ..usercache import _trusted, own

    try:
        return all(p.is_file() and _trusted(p, own()) for p in (path, _entries_path(path)))
    except OSError:
        return False


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
    from ..usercache import private_folder

    cache = default_cache_dir(cache_dir)
    path = cache / f"index-{_fingerprint(files)}.sqlite"
    start = time.perf_counter()
    trusted = private_folder(cache)
    if trusted and path.exists() and not rebuild and _own_files(path):
        try:
            index = compact.load(path)
            return index, IndexInfo(path, False, time.perf_counter() - start, len(index.lists),
                                    len(index.entries), len(index.name_text))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # corrupt or foreign file: rebuild below
    from ..importers.common import load_imported

    index = build_index([load_imported(f) for f in files])
    if not trusted:  # built for this run only: nothing is read from, written to or removed in that folder
        return index, IndexInfo(None, True, time.perf_counter() - start, len(index.lists), len(index.entries),
                                len(index.name_text))
    compact.save_index(index, path)
    index = compact.load(path)  # the same view a later run gets
    for old in cache.glob("index-*"):
        if old.name not in (path.name, path.name + ".entries"):
            old.unlink(missing_ok=True)
    return index, IndexInfo(path, True, time.perf_counter() - start, len(index.lists), len(index.entries),
                            len(index.name_text))
