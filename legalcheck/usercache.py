"""The user cache folder (compiled rule snapshots, compiled templates, the parsed vocabulary) and its trust checks.

Kept apart from :mod:`legalcheck.snapshot` so that :mod:`legalcheck.vocabulary`, which every model imports, can
use it without importing the models. See :mod:`legalcheck.snapshot` for the folder's place and trust model.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

ENV_CACHE = "LEGALCHECK_CACHE_DIR"
ENV_NO_CACHE = "LEGALCHECK_NO_CACHE"


def cache_dir() -> Path | None:
    """The user cache folder, or None when ``LEGALCHECK_NO_CACHE`` is set or there is no home.

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
    (None without a home directory)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    try:
        return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "legalcheck"
    except RuntimeError:  # no home directory
        return None


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


def read_private(path: Path, owners: tuple[int, ...] | None = None) -> bytes | None:
    """The bytes of a user cache file that passes the trust checks (its folder too), else None: neither may be a
    link, belong to anyone but ``owners`` (default: the user running legalcheck) or be writable by anyone else.

    Where the OS allows, the folder is opened without following a link and checked by its descriptor, and the file
    is opened through it, without following a link, and checked by its own descriptor before it is read."""
    owners = owners or own()
    try:
        if not PINNED:
            if not path.is_file() or not (_trusted(path.parent, owners) and _trusted(path, owners)):
                return None
            return path.read_bytes()
        return _read_pinned(path, owners)
    except OSError:
        return None


def _read_pinned(path: Path, owners: tuple[int, ...]) -> bytes | None:
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        if not _trusted_stat(os.fstat(folder), owners):
            return None
        fd = os.open(path.name, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0), dir_fd=folder)
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or not _trusted_stat(st, owners):
                return None
            return fh.read()
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
