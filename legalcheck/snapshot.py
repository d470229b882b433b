"""The compiled rule snapshot: the validated rule set (rules, designation lists, screening indexes) kept as a pickle.

Validation happens once, when the data changes. ``load_ruleset`` first looks for a snapshot whose key matches, in
this order, and only parses and validates the YAML when none does:

1. the snapshot packaged with the tool (``legalcheck/_data/snapshot.bin``, written by the build hook in
   ``setup.py`` for the packaged data);
2. the user cache: ``$LEGALCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/legalcheck`` (absolute only), else
   ``~/.cache/legalcheck``
   (for a checkout's, edited or ``--rules`` data). A rule set built from the YAML is written there.

``LEGALCHECK_NO_CACHE=1`` turns the user cache off (nothing is read from or written to it). Only rule and list data
is cached, never an engagement, a plan or a result.

The key is the SHA-256 of: every rule and list file (paths and bytes), the tool version, the Python version, the
pydantic version and legalcheck's own source. It is written in the file and checked before anything is unpickled,
so a stale snapshot is never used: it is rebuilt.

Trust model. A pickle runs code when it is loaded, so a snapshot is only as trustworthy as the folder it sits in.
Before a file is unpickled, legalcheck checks that:

- the folder and the file are not symbolic links, belong to the user running legalcheck (the packaged snapshot:
  that user or root) and no one else can write to them (no group or world write bit); a cache folder another user
  can write to is refused (on systems without owners, such as Windows, this check is skipped); where the system
  allows, both are checked through the descriptors they are read by (:func:`legalcheck.usercache.read_private`);
- the file starts with a magic string, the key (above), the length of the pickled rule set and the SHA-256 of
  each of the two parts that follow (a stale, truncated or damaged file is refused): the pickled rule set, then
  the pickled name index over every list with the look-alike table. ``check`` reads, hashes and unpickles the
  rule set only, ``screen NAME`` the index only (:func:`load_index`, after the same checks);
- the unpickled object is a :class:`RuleSet` whose ``sha256`` is the rules hash and which holds runtime objects
  (:mod:`legalcheck.models.runtime`, generated from the pydantic models), so that loading it imports no pydantic.

A file that fails any check is ignored and the YAML is loaded instead (a cache file is then replaced). Files are
written with mode 0600 in a folder created with mode 0700, through a temporary file and an atomic rename; a folder
that cannot be written (read-only, full) is ignored. These checks stop accidents and other users; they cannot stop
code running as the same user, which could as well edit the installed package.
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from .models.ruleset import RuleSet
from .usercache import ENV_CACHE, ENV_NO_CACHE, _trusted, cache_dir, read_private, unpickle, write_private  # noqa: F401 (tests)

MAGIC = b"LEGALCHECK-SNAPSHOT-3\n"  # 2: the index for `screen` after the rule set; 3: a digest per part
_PACKAGE = Path(__file__).resolve().parent
PACKAGED = _PACKAGE / "_data" / "snapshot.bin"
KEEP = 8  # snapshot files kept in the user cache (the most recent ones)


@cache
def code_digest() -> str:
    """SHA-256 over legalcheck's own Python source (file names and bytes), computed once per process and remembered
    in the user cache while no source file's size, times or inode change (:func:`usercache.memo_digest`)."""
    from .usercache import hash_files, memo_digest

    root = str(_PACKAGE)
    found = [os.path.join(folder, name)[len(root) + 1 :] for folder, _, names in os.walk(root) for name in names
             if name.endswith(".py")]  # (os.walk and strings: faster than rglob and Path objects)
    files = [(rel, os.path.join(root, rel)) for rel in sorted(found, key=lambda rel: rel.split(os.sep))]
    return memo_digest("code", files, lambda: hash_files(files))


def snapshot_key(rules_sha256: str) -> bytes:
    """The 32-byte key of a snapshot of the rule files hashed to ``rules_sha256`` (see the module docstring)."""
    from . import __version__
    from .screening.confusables import confusables_data_stamp

    text = (f"{rules_sha256}\0{__version__}\0{sys.version}\0{_pydantic_stamp()}\0{code_digest()}\0"
            f"{confusables_data_stamp()}")
    return hashlib.sha256(text.encode()).digest()


@cache
def _pydantic_stamp() -> str:
    """The installed pydantic's version file, read without importing pydantic (the snapshot holds runtime objects,
    not pydantic ones, but pydantic validated them)."""
    import importlib.util

    spec = importlib.util.find_spec("pydantic")
    origin = spec.origin if spec is not None else None
    try:
        return (Path(origin).parent / "version.py").read_text(encoding="utf-8") if origin else ""
    except OSError:
        return ""


def cache_file(folder: Path, rules_sha256: str) -> Path:
    from . import __version__

    key = snapshot_key(rules_sha256).hex()
    return folder / f"ruleset-{__version__}-py{sys.version_info[0]}{sys.version_info[1]}-{key[:40]}.pickle"


HEAD = len(MAGIC) + 32 + 8 + 32 + 32  # magic, key, the rule set's length, the two parts' SHA-256


def frame(key: bytes, rules_part: bytes, index_part: bytes) -> bytes:
    """A snapshot file's bytes: the header (:data:`HEAD` bytes), the pickled rule set, the pickled index part."""
    return (MAGIC + key + len(rules_part).to_bytes(8, "big") + hashlib.sha256(rules_part).digest()
            + hashlib.sha256(index_part).digest() + rules_part + index_part)


def _part(path: Path, rules_sha256: str, packaged: bool, index: bool) -> bytes | None:
    """The checked rule-set part (``index`` false) or index part of the snapshot at ``path``; only that part is
    read and hashed (None when there is none or it fails a check)."""
    owners = (os.getuid(), 0) if packaged and hasattr(os, "getuid") else (getattr(os, "getuid", lambda: -1)(),)

    def read(fh: BinaryIO) -> bytes | None:
        head = fh.read(HEAD)
        at = len(MAGIC)
        if len(head) != HEAD or head[:at] != MAGIC or head[at : at + 32] != snapshot_key(rules_sha256):
            return None
        size = int.from_bytes(head[at + 32 : at + 40], "big")
        digest = head[at + 72 : at + 104] if index else head[at + 40 : at + 72]
        if index:
            fh.seek(HEAD + size)
        part = fh.read() if index else fh.read(size)
        return part if hashlib.sha256(part).digest() == digest else None

    return read_private(path, owners, read)  # checked by the descriptors read (folder and file), see usercache


def load(path: Path, rules_sha256: str, *, packaged: bool = False) -> RuleSet | None:
    """The snapshot at ``path``, or None when there is none or it fails a check (see the module docstring)."""
    try:
        payload = _part(path, rules_sha256, packaged, index=False)
        if payload is None:
            return None
        rs = _unpickle(payload)  # (the rule set: the index part is read only when asked for)
        if isinstance(rs, RuleSet):
            rs.__dict__["_all_lists_index_source"] = (path, rules_sha256, packaged)
    except Exception:  # a damaged or foreign file is ignored and rebuilt
        return None
    return rs if isinstance(rs, RuleSet) and rs.sha256 == rules_sha256 and _runtime(rs) else None


def load_index(path: Path, rules_sha256: str, *, packaged: bool = False) -> tuple[Any, dict[str, str]] | None:
    """Only the name index over every list (and the look-alike table) of the snapshot at ``path``, after the same
    checks as :func:`load` (for ``legalcheck screen``: the rule set is not unpickled), or None."""
    from .models.runtime_base import RuntimeModel
    from .screening.index import NameIndex

    try:
        payload = _part(path, rules_sha256, packaged, index=True)
        found = _unpickle(payload) if payload is not None else None
        index, table = found if isinstance(found, tuple) and len(found) == 2 else (None, None)
    except Exception:  # as in load
        return None
    if not isinstance(index, NameIndex) or not isinstance(table, dict) or not all(
            isinstance(e.payload, RuntimeModel) for e in index.entries):
        return None
    return index, table


def _runtime(rs: RuleSet) -> bool:
    """Whether the rule set holds runtime objects (a snapshot of pydantic objects would import pydantic)."""
    from .models.runtime_base import RuntimeModel

    return all(isinstance(lst, RuntimeModel) for lst in rs.lists.values()) and all(
        isinstance(j.meta, RuntimeModel) for j in rs.jurisdictions.values())


def _unpickle(payload: bytes) -> object:
    """Unpickle with the garbage collector paused (loading makes many objects and no cycles to collect)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return unpickle(payload)
    finally:
        if enabled:
            gc.enable()


def _latin_prototypes() -> dict[str, str]:
    from .screening.confusables import _latin_prototypes as table

    return table()


def _share_equal(root: object) -> None:
    """Make equal strings, integers and dates in ``root`` one object each (in place; they are immutable, so nothing
    can tell): the pickle then holds each once, and loading it makes fewer objects (about a tenth less time). So
    are equal sources and periods (plain values that nothing changes: 2,886 sources are 612 distinct ones)."""
    import datetime as dt
    import pickle

    from .models.runtime import Period, Source

    canon: dict[object, object] = {}
    seen: dict[int, object] = {}  # (holding each object: the id of one freed meanwhile could be reused)

    def one(v: object) -> object:
        if type(v) in (str, int, dt.date):  # (not floats: 0.0 == -0.0)
            return canon.setdefault((type(v), v), v)
        if type(v) is tuple:
            return tuple(one(x) for x in v)
        walk(v)
        if type(v) in (Source, Period):  # (its fields made canonical first: equal bytes are equal values)
            return canon.setdefault((type(v), pickle.dumps(v.__dict__, protocol=pickle.HIGHEST_PROTOCOL)), v)
        return v

    def walk(o: object) -> None:
        if id(o) in seen:
            return
        seen[id(o)] = o
        if isinstance(o, list):
            o[:] = [one(x) for x in o]
        elif isinstance(o, dict):
            items = [(one(k), one(v)) for k, v in dict.items(o)]
            o.clear()
            o.update(items)
        elif hasattr(o, "__dict__") and not isinstance(o, type):
            walk(o.__dict__)

    walk(root)


def dumps(rs: RuleSet) -> bytes:
    """The snapshot file's bytes for ``rs`` (screening indexes built first, so that they are kept too): the
    pickled rule set, then the pickled (index over every list that ``screen`` uses, look-alike table), each with
    its SHA-256 in the header (:func:`frame`): a check reads and unpickles only the rule set, ``screen`` only the
    index (:func:`load_index`)."""
    import pickle

    for screener in (rs.screener(), rs.unencoded_screener()):
        if screener is not None:
            screener.index.pack()
    state = rs.__dict__
    index = state.pop("_all_lists_index", None) or rs.all_lists_index()
    state.pop("_all_lists_index", None)
    state.pop("_all_lists_index_source", None)
    index.pack()
    _share_equal(index)
    table = _latin_prototypes()
    tail = pickle.dumps((index, table), protocol=pickle.HIGHEST_PROTOCOL)  # for `screen` only
    state["_latin_prototypes"] = table  # the TR39 look-alike table, so a check need not build it
    _share_equal(rs)
    try:
        rules_part = pickle.dumps(rs, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        del state["_latin_prototypes"]
        state["_all_lists_index"] = index
    return frame(snapshot_key(rs.sha256), rules_part, tail)


def save(path: Path, rs: RuleSet) -> None:
    """Write ``rs`` to ``path`` atomically, mode 0600, in a folder created with mode 0700; failures are ignored."""
    import pickle

    try:
        if write_private(path, dumps(rs)):
            _prune(path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        pass


def _prune(keep: Path) -> None:
    """Remove all but the :data:`KEEP` most recent snapshot files next to ``keep`` (a cache never grows forever)."""
    files = sorted(keep.parent.glob("ruleset-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        if old != keep:
            old.unlink(missing_ok=True)


def _places(rules_sha256: str) -> list[tuple[Path, bool]]:
    """Where a snapshot for ``rules_sha256`` may be, in order: (path, packaged)."""
    places = [(PACKAGED, True)] if PACKAGED.is_file() else []
    folder = cache_dir()
    if folder is not None:
        places.append((cache_file(folder, rules_sha256), False))
    return places


def cached(rules_sha256: str) -> RuleSet | None:
    """The packaged snapshot or the user cache's snapshot for ``rules_sha256``, whichever matches first."""
    rs = next((x for p, packaged in _places(rules_sha256) if (x := load(p, rules_sha256, packaged=packaged))), None)
    table = rs.__dict__.pop("_latin_prototypes", None) if rs is not None else None
    if table is not None:
        _seed(table)
    return rs


def cached_index(rules_sha256: str) -> Any:
    """The name index over every list from the first snapshot for ``rules_sha256`` that passes the checks (the
    look-alike table seeded too), or None: ``screen`` then loads the rule set."""
    for path, packaged in _places(rules_sha256):
        found = load_index(path, rules_sha256, packaged=packaged)
        if found is not None:
            _seed(found[1])
            return found[0]
    return None


def _seed(table: dict[str, str]) -> None:
    from .screening.confusables import seed_latin_prototypes

    seed_latin_prototypes(table)


def remember(rs: RuleSet) -> None:
    """Keep ``rs`` in the user cache (unless the cache is off)."""
    folder = cache_dir()
    if folder is not None:
        save(cache_file(folder, rs.sha256), rs)


def build_packaged(target: Path) -> None:
    """Write the packaged snapshot of the data folder in use (run by the build hook with the build's data folder)."""
    from .models.runtime_gen import runtime_ruleset
    from .ruleset import _load_ruleset

    rs = runtime_ruleset(_load_ruleset(None))
    target.write_bytes(dumps(rs))
    target.chmod(0o644)


if __name__ == "__main__":  # python -m legalcheck.snapshot TARGET (the build hook)
    build_packaged(Path(sys.argv[1]))
