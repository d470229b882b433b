"""The opt-in rule-set cache (``LEGALCHECK_CACHE_DIR``): a validated rule set kept as a pickle, loaded with checks.

Trust model. A pickle runs code when it is loaded, so a cache file is only as trustworthy as the folder it sits in;
the folder is the user's own choice (``LEGALCHECK_CACHE_DIR``), and nothing is written unless it is set. Before a
file is unpickled, legalcheck checks that:

- the folder and the file belong to the user running legalcheck and no one else can write to them (no group or
  world write bit; on systems without owners, such as Windows, this check is skipped);
- the file name carries the key: the SHA-256 of every rule and list file, the tool version, the Python version and
  the SHA-256 of legalcheck's own source (so an edited checkout never reads a rule set pickled by other code);
- the file starts with the SHA-256 of the pickled bytes that follow (a truncated or damaged file is refused);
- the unpickled object is a :class:`RuleSet` whose ``sha256`` is the rules hash.

A file that fails any check is ignored (and replaced on the next write). Files are written with mode 0600 in a
folder created with mode 0700, through a temporary file and an atomic rename. These checks stop accidents and other
users; they cannot stop code running as the same user, which could as well edit the installed package.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from functools import cache
from pathlib import Path

from .models.ruleset import RuleSet

ENV_CACHE = "LEGALCHECK_CACHE_DIR"
_PACKAGE = Path(__file__).resolve().parent


@cache
def code_digest() -> str:
    """SHA-256 over legalcheck's own Python source (file names and bytes), computed once per process."""
    digest = hashlib.sha256()
    for f in sorted(_PACKAGE.rglob("*.py")):
        digest.update(str(f.relative_to(_PACKAGE)).encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()


def cache_file(folder: Path, rules_sha256: str) -> Path:
    from . import __version__

    key = hashlib.sha256(f"{rules_sha256}\0{__version__}\0{sys.version}\0{code_digest()}".encode()).hexdigest()
    return folder / f"ruleset-{__version__}-py{sys.version_info[0]}{sys.version_info[1]}-{key[:40]}.pickle"


def _private(path: Path) -> bool:
    """Owned by this user and writable by no one else (always true where the OS has no owners)."""
    if not hasattr(os, "getuid"):
        return True
    st = path.stat()
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def load(path: Path, rules_sha256: str) -> RuleSet | None:
    """The cached rule set at ``path``, or None when there is none or it fails a check (see the module docstring)."""
    try:
        if not path.is_file() or path.is_symlink() or not (_private(path.parent) and _private(path)):
            return None
        blob = path.read_bytes()
        if hashlib.sha256(blob[32:]).digest() != blob[:32]:
            return None
        rs = pickle.loads(blob[32:])
    except Exception:  # a damaged or foreign file is ignored and rebuilt
        return None
    return rs if isinstance(rs, RuleSet) and rs.sha256 == rules_sha256 else None


def save(path: Path, rs: RuleSet) -> None:
    """Write ``rs`` to ``path`` atomically, mode 0600, in a folder created with mode 0700; failures are ignored."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        payload = pickle.dumps(rs, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".ruleset-", suffix=".tmp")  # mkstemp: mode 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass
