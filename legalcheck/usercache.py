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
    """The user cache folder, or None when ``LEGALCHECK_NO_CACHE`` is set or there is no home (none known, or a
    home folder that does not exist: a service account's ``/nonexistent`` is never created)."""
    if os.environ.get(ENV_NO_CACHE, "") not in ("", "0"):
        return None
    env = os.environ.get(ENV_CACHE)
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "legalcheck"
    try:
        home = Path.home()
    except RuntimeError:  # no home directory
        return None
    return home / ".cache" / "legalcheck" if home.is_dir() else None


def _trusted(path: Path, owners: tuple[int, ...]) -> bool:
    """Not a link, owned by one of ``owners`` and writable by no one else (always true where the OS has no owners)."""
    st = path.lstat()
    if stat.S_ISLNK(st.st_mode):
        return False
    if not hasattr(os, "getuid"):
        return True
    return st.st_uid in owners and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def own() -> tuple[int, ...]:
    """The owners a user cache file may have: the user running legalcheck."""
    return (getattr(os, "getuid", lambda: -1)(),)


def read_private(path: Path) -> bytes | None:
    """The bytes of a user cache file that passes the trust checks (its folder too), else None."""
    try:
        if not path.is_file() or not (_trusted(path.parent, own()) and _trusted(path, own())):
            return None
        return path.read_bytes()
    except OSError:
        return None


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
