"""``legalcheck check FILE [--format json|md|html]`` and ``screen NAME [--format text|json]``, the most common
commands, started without click (issue 15).

Importing click (and what only it imports: ``uuid``, ``platform``, ``gettext``...) costs about 10 ms of CPU, some
40% of the bare interpreter's start. The console script (:func:`legalcheck.__main__.run`) first asks
:func:`run_quick` whether the command line is exactly one of these plain forms:

    check FILE
    check FILE --format json|md|html      (or --format=json...)
    screen NAME
    screen NAME --format text|json

with FILE an existing regular file and NAME a name, neither starting with ``-``. Anything else (another command,
another option, ``--help``, a missing file) goes to the click CLI as before. A quick run that fails for any
reason (bad input, an internal error) is not reported here: the click CLI runs the same command again from the start and
reports it exactly as it always did (same messages, same exit status). Nothing is written before the memo is
complete, so running again repeats no output. The click commands share the bodies (:func:`check_output`,
:func:`legalcheck.commands.screen_core.screen_lines`).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

QUICK_FORMATS = ("json", "md", "html")


def check_output(file: Path, fmt: str, *, output: Path | None = None, record: Path | None = None,
                 memo_date: dt.date | None = None, **options: Any) -> str | bytes:
    """Check ``file``, write ``output`` and ``record`` files (all or nothing) and return the memo (made
    terminal-safe when it is text); ``options`` are :func:`legalcheck.service.check_documents`'s."""
    from .output import check_targets, is_stdout, terminal_safe, write_outputs
    from .service import check_documents

    check_targets([output, record], inputs=[file])  # every output checked before any work (nothing half-written)
    data, record_text = check_documents(file, fmt=fmt, record=record is not None,
                                        memo_date=memo_date or dt.date.today(), **options)
    if isinstance(data, str):  # no escape sequence from the input reaches a terminal, now or when the file is shown
        data = terminal_safe(data)
    record_text = terminal_safe(record_text) if record_text is not None else None
    files = [(p, d) for p, d in ((record, record_text), (output, data)) if not is_stdout(p) and d is not None]
    write_outputs(files, inputs=[file])  # all or nothing, after every check has passed
    return data


def quick_args(argv: list[str]) -> tuple[Path, str] | None:
    """The file and format of a plain ``check`` command line (see the module docstring), else None."""
    if len(argv) < 2 or argv[0] != "check" or argv[1].startswith("-"):
        return None
    rest = argv[2:]
    if len(rest) == 1 and rest[0].startswith("--format="):
        rest = ["--format", rest[0].partition("=")[2]]
    if rest and (len(rest) != 2 or rest[0] != "--format" or rest[1] not in QUICK_FORMATS):
        return None
    file = Path(argv[1])
    if not file.is_file() or not os.access(file, os.R_OK):
        return None
    return file, rest[1] if rest else "md"


def quick_screen_args(argv: list[str]) -> tuple[str, str] | None:
    """The name and format of a plain ``screen NAME [--format text|json]`` command line, else None."""
    if len(argv) not in (2, 4) or argv[0] != "screen" or argv[1].startswith("-") or not argv[1].strip():
        return None
    if len(argv) == 4 and (argv[2] != "--format" or argv[3] not in ("text", "json")):
        return None
    return argv[1], argv[3] if len(argv) == 4 else "text"


def _quick_output(argv: list[str]) -> str | None:
    """The whole output of a plain ``check`` or ``screen`` command line (None when it is not one); raises what the
    command would report."""
    parsed = quick_args(argv)
    if parsed is not None:
        data = check_output(parsed[0], parsed[1], as_of=None, rules_dir=None, redact=False, allow_historic=False,
                            memo_meta={"matter": None, "prepared_by": None, "reviewed_by": None,
                                       "confidentiality": None})
        assert isinstance(data, str)  # already terminal-safe (check_output), as output.emit would write it: once
        return data
    screen = quick_screen_args(argv)
    if screen is not None:
        from .commands.screen_core import screen_lines

        return "".join(line + "\n" for line in screen_lines((screen[0],), fmt=screen[1]))  # (as click.echo)
    return None


def run_quick(argv: list[str]) -> bool:
    """Run a plain ``check`` or ``screen`` command line without click; False when it is not one, or when it failed
    (the caller then runs the click CLI, which reports the failure)."""
    if os.environ.get("LEGALCHECK_NO_QUICK"):
        return False
    try:
        data = _quick_output(argv)
    except Exception:  # reported by the click CLI, which runs the command again
        return False
    except KeyboardInterrupt:  # as click does
        sys.stderr.write("\nAborted!\n")
        sys.exit(1)
    if data is None:
        return False
    try:
        sys.stdout.write(data)
        sys.stdout.flush()
    except KeyboardInterrupt:  # as click does
        sys.stderr.write("\nAborted!\n")
        sys.exit(1)
    except BrokenPipeError:  # as click does: the reader has gone
        sys.stdout = open(os.devnull, "w")  # replaces the closed pipe until exit
        sys.exit(1)
    return True
