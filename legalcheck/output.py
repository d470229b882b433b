"""Writing outputs: atomically, only where told, never a partial file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and an atomic rename."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise InputError.single(str(target), "output folder does not exist", found=str(parent))
    if target.is_dir():
        raise InputError.single(str(target), "output path is a directory")
    fd, tmp = tempfile.mkstemp(prefix=".legalcheck-", dir=parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
