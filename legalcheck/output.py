"""Writing outputs: only regular files, never an input, all checks first, atomically, never a partial file.

* ``-`` (or no ``-o``) means standard output.
* A target that exists must be a regular file (a symlink is followed and its target must be one): device nodes,
  named pipes, sockets and folders are refused, so ``-o /dev/null`` can never replace the system's. A symlink to
  a regular file is written through (the file it names is replaced, the link stays); ``/dev/stdout`` means
  standard output.
* A target may not be one of the command's inputs, nor another output of the same command.
* Every target is checked before the first byte is written; then each is written through a temporary file in its
  own folder and renamed into place. Temporary files left by a killed run (``.legalcheck-<pid>-*``) are removed
  on the next write into that folder once their process is gone.
* Text bound for a terminal goes through :func:`terminal_safe`.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import InputError

STDOUT = "-"
TMP_PREFIX = ".legalcheck-"
_STALE = re.compile(r"^\.legalcheck-(\d+)-")
# C0 controls except tab and newline, DEL, C1 controls, and the bidi embedding/override/isolate controls
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    r"""Escape control characters (ESC, BEL, OSC, C1, bidi overrides) as ``\u001b`` so no input can drive a
    terminal. The escape is also a valid JSON string escape, so JSON output keeps its meaning."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# Names of standard output itself: written to the stream, never replaced by a file (when standard output is
# redirected to a file, /dev/stdout is a symbolic link to that file, and renaming over it would replace the link).
_STDOUT_NAMES = frozenset({STDOUT, "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})


def is_stdout(path: Path | None) -> bool:
    return path is None or str(path) in _STDOUT_NAMES


def _real(path: Path) -> Path:
    """The file a symbolic link finally names: outputs are written there, so the link itself is never replaced."""
    try:
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    except OSError:  # a name too long, a loop: check_target reports it
        return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def check_target(path: Path, inputs: Iterable[Path] = ()) -> None:
    """Refuse (``InputError``, exit 2) an output path that cannot or must not be written."""
    file = str(path)
    target = _real(Path(path))
    name_max = 255
    if len(target.name.encode("utf-8", "surrogateescape")) > name_max:
        raise InputError.single(file, "output file name too long", expected=f"at most {name_max} bytes",
                                found=f"{len(target.name.encode('utf-8', 'surrogateescape'))} bytes")
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent_is_dir = parent.is_dir()
    except OSError as exc:  # a folder name over the system's limit, a path too long
        raise InputError.single(file, f"cannot use output path: {exc.strerror or exc}") from None
    if not parent_is_dir:
        raise InputError.single(file, "output folder does not exist", found=str(parent))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError.single(file, "output folder is not writable", found=str(parent))
    try:
        st = target.stat()  # follows symlinks: /dev/stdout -> a character device
    except FileNotFoundError:
        if Path(path).is_symlink():
            raise InputError.single(file, "output path is a dangling symbolic link; refusing to replace it") from None
        st = None
    except OSError as exc:
        raise InputError.single(file, f"cannot use output path: {exc.strerror or exc}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InputError.single(file, "output path is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise InputError.single(file, "output path is not a regular file (a device, pipe or socket); refusing to "
                                "replace it (use -o - for standard output)")
    for src in inputs:
        if src is not None and not is_stdout(src) and _same_file(target, Path(src)):
            raise InputError.single(file, "output would overwrite an input file", found=str(src))


def check_targets(targets: Sequence[Path | None], inputs: Iterable[Path] = ()) -> None:
    """Check every output of one command before any work that writes: distinct files, none an input."""
    inputs = [Path(p) for p in inputs if p is not None]
    seen: list[Path] = []
    for t in targets:
        if is_stdout(t):
            continue
        assert t is not None
        check_target(t, inputs)
        if any(_same_file(t, s) for s in seen):
            raise InputError.single(str(t), "the same file is given for two outputs")
        seen.append(t)


def clean_stale(folder: Path) -> None:
    """Remove temporary files left in ``folder`` by a legalcheck process that no longer runs."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        m = _STALE.match(entry.name)
        if m is None or not entry.is_file(follow_symlinks=False) or _alive(int(m.group(1))):
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():  # this process's own files are in use
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def _write_tmp(target: Path, payload: bytes) -> str:
    parent = target.parent if str(target.parent) else Path(".")
    clean_stale(parent)
    import tempfile  # (imported when writing only)

    fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _keep_mode(target: Path, tmp: str) -> None:
    """A replaced file keeps its permission bits (new files get the private 0600 of ``mkstemp``)."""
    try:
        os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
    except FileNotFoundError:
        pass


def _as_bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def write_outputs(outputs: Sequence[tuple[Path, bytes | str]], inputs: Iterable[Path] = ()) -> None:
    """Write several outputs all or nothing: every target checked, every temporary file written, then renamed."""
    check_targets([p for p, _ in outputs], inputs)
    tmps: list[tuple[str, Path]] = []
    current = Path(outputs[0][0]) if outputs else Path(".")
    try:
        for path, data in outputs:
            current = _real(Path(path))
            tmp = _write_tmp(current, _as_bytes(data))
            tmps.append((tmp, current))
            _keep_mode(current, tmp)
        for tmp, real in tmps:
            current = real
            os.replace(tmp, real)
    except OSError as exc:
        raise _os_problem(exc, current) from None
    finally:
        for tmp, _ in tmps:
            Path(tmp).unlink(missing_ok=True)


def _os_problem(exc: OSError, target: Path) -> InputError:
    if exc.errno == errno.ENOSPC:
        return InputError.single(str(target), "no space left on the device; nothing was written")
    return InputError.single(str(target), f"cannot write output into folder {target.parent}: {exc.strerror or exc}")


def write_atomic(path: Path, data: bytes | str, inputs: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and an atomic rename."""
    write_outputs([(Path(path), data)], inputs)


def emit(data: str | bytes, output: Path | None, inputs: Iterable[Path] = ()) -> None:
    """Write to ``output``, or to standard output for ``None`` or ``-`` (text made terminal-safe)."""
    if not is_stdout(output):
        assert output is not None
        write_atomic(output, data, inputs)
    elif isinstance(data, bytes):
        if sys.stdout.isatty():
            raise InputError.single("<standard output>", "binary output (Word, Excel) is not shown on a terminal; "
                                    "give -o FILE or redirect standard output")
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(terminal_safe(data))
