"""The user cache folder (compiled rule snapshots, compiled templates, the parsed vocabulary) and its trust checks.

Kept apart from :mod:`legalcheck.snapshot` so that :mod:`legalcheck.vocabulary`, which every model imports, can
use it without importing the models. See :mod:`legalcheck.snapshot` for the folder's place and trust model.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

ENV_CACHE = "LEGALCHECK_CACHE_DIR"
ENV_NO_CACHE = "LEGALCHECK_NO_CACHE"


def unpickle(blob: bytes | memoryview) -> object:
    """``pickle.loads`` through the C unpickler (``_pickle``) directly: importing the ``pickle`` module, needed only
    to write a cache file, costs about a millisecond more."""
    try:
        from _pickle import loads
    except ImportError:  # an interpreter without the C accelerator
        from pickle import loads
    return loads(blob)


def cache_dir() -> Path | None:
    """The user cache folder, or None when ``LEGALCHECK_NO_CACHE`` is set or there is no home (none known, or a
    home folder that does not exist: a service account's ``/nonexistent`` is never created).

    ``$LEGALCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/legalcheck`` (an absolute ``XDG_CACHE_HOME`` only: the XDG
    specification says a relative one is to be ignored), else ``~/.cache/legalcheck``."""
    if os.environ.get(ENV_NO_CACHE, "") not in ("", "0"):
        return None
    env = os.environ.get(ENV_CACHE)
    if env:
        return Path(env)
    return user_cache_home()


def user_cache_home() -> Path | None:
    """``$XDG_CACHE_HOME/legalcheck`` when ``XDG_CACHE_HOME`` is an absolute path, else ``~/.cache/legalcheck``
    (None without a home directory, or when the home folder does not exist)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "legalcheck"
    try:
        home = Path.home()
    except RuntimeError:  # no home directory
        return None
    return home / ".cache" / "legalcheck" if home.is_dir() else None


def _trusted(path: Path, owners: tuple[int, ...]) -> bool:
    """Not a link, owned by one of ``owners`` and writable by no one else (always true where the OS has no owners)."""
    return _trusted_stat(path.lstat(), owners)


def _trusted_stat(st: os.stat_result, owners: tuple[int, ...]) -> bool:
    if stat.S_ISLNK(st.st_mode):
        return False
    if not hasattr(os, "getuid"):
        return True
    return st.st_uid in owners and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def own() -> tuple[int, ...]:
    """The owners a user cache file may have: the user running legalcheck."""
    return (getattr(os, "getuid", lambda: -1)(),)


PINNED = hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY") and os.open in os.supports_dir_fd
"""Whether a cache file can be read through its checked folder's descriptor (POSIX): the folder and the file
checked are then the ones read, even if the folder is renamed or swapped meanwhile."""


def read_private(path: Path, owners: tuple[int, ...] | None = None,
                 reader: Callable[[BinaryIO], bytes | None] | None = None) -> bytes | None:
    """The bytes of a user cache file that passes the trust checks (its folder too), else None: neither may be a
    link, belong to anyone but ``owners`` (default: the user running legalcheck) or be writable by anyone else.

    Where the OS allows, the folder is opened without following a link and checked by its descriptor, and the file
    is opened through it, without following a link, and checked by its own descriptor before it is read.
    ``reader`` (default: read it all) reads what is wanted from the open file (a snapshot reads one part)."""
    owners = owners or own()
    read = reader or _read_all
    try:
        if not PINNED:
            if not path.is_file() or not (_trusted(path.parent, owners) and _trusted(path, owners)):
                return None
            with open(path, "rb") as fh:
                return read(fh)
        return _read_pinned(path, owners, read)
    except OSError:
        return None


def _read_all(fh: BinaryIO) -> bytes:
    return fh.read()


def _read_pinned(path: Path, owners: tuple[int, ...], read: Callable[[BinaryIO], bytes | None]) -> bytes | None:
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        if not _trusted_stat(os.fstat(folder), owners):
            return None
        fd = os.open(path.name, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0), dir_fd=folder)
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or not _trusted_stat(st, owners):
                return None
            return read(fh)
    finally:
        os.close(folder)


def private_folder(folder: Path) -> bool:
    """Make ``folder`` (mode 0700) if it is missing; whether it can be trusted with cache files: not a link, the
    user's own and writable by no one else. False (use nothing in it, write nothing) otherwise or when it cannot
    be made."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return _trusted(folder, own())
    except OSError:
        return False


def write_private(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically, mode 0600, in a folder created with mode 0700 and trusted; False
    (nothing written) when the folder cannot be trusted. Raises OSError when it cannot be written."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not _trusted(path.parent, own()):
        return False  # never write into a folder another user can write to
    import tempfile  # (imported when writing only)

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")  # mkstemp: mode 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return True


MEMO_SETTLE_NS = 2_000_000_000  # a file changed this recently may change again within its clock tick: not memoised
MEMO_FORMAT = "legalcheck-digest-memo-1"  # part of the signature: a new way of hashing files never reads old memos
MEMO_KEEP = 16  # digest memo files kept per kind (the most recent ones)


def memo_digest(kind: str, files: list[tuple[str, str]], compute: Callable[[], str]) -> str:
    """``compute()`` (a SHA-256 over ``files``' names and bytes), remembered in the user cache under the files'
    *stat signature*: each file's name, path, size, modification and change times (nanoseconds), inode and device.
    Any change to any of these (an edit, a replacement, a touch, a file added or removed) gives another signature,
    so the files are hashed again. ``files`` is (name hashed, path) in hashing order. Nothing is remembered while a
    file is younger than :data:`MEMO_SETTLE_NS` (a second write within the same clock tick could keep its times),
    nor without a user cache (``LEGALCHECK_NO_CACHE``); the memo has the cache's trust checks."""
    import hashlib

    folder = cache_dir()
    if folder is None:
        return compute()
    try:
        stats = [(name, path, os.stat(path)) for name, path in files]
    except OSError:
        return compute()
    sig = MEMO_FORMAT + "".join(f"\n{n}\0{p}\0{s.st_size}\0{s.st_mtime_ns}\0{s.st_ctime_ns}\0{s.st_ino}\0{s.st_dev}"
                                for n, p, s in stats)
    path = folder / f"digest-{kind}-{hashlib.sha256(sig.encode('utf-8', 'surrogateescape')).hexdigest()[:40]}"
    found = read_private(path)
    if found is not None and len(found) == 64 and not found.strip(b"0123456789abcdef"):
        return found.decode()
    digest = compute()
    newest = max((max(s.st_mtime_ns, s.st_ctime_ns) for _, _, s in stats), default=0)
    if time.time_ns() - newest > MEMO_SETTLE_NS:
        try:
            if write_private(path, digest.encode()):
                _prune_memos(folder, kind)
        except OSError:  # a cache that cannot be written: hashed again next time
            pass
    return digest


def hash_files(files: list[tuple[str, str]]) -> str:
    """SHA-256 over each (name, path)'s name, a zero byte and the file's bytes, in order."""
    import hashlib

    digest = hashlib.sha256()
    for name, path in files:
        with open(path, "rb") as fh:
            digest.update(name.encode() + b"\0" + fh.read())
    return digest.hexdigest()


def _prune_memos(folder: Path, kind: str) -> None:
    files = sorted(folder.glob(f"digest-{kind}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[MEMO_KEEP:]:
        old.unlink(missing_ok=True)
