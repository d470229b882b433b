"""``python -m legalcheck`` and the ``legalcheck`` command: the CLI, with the garbage collector paused while it
starts (see :mod:`legalcheck.gcpause`; the CLI turns it back on for long commands)."""

from __future__ import annotations


def run() -> None:
    from . import gcpause

    gcpause.pause()
    import sys

    from .quickcheck import run_quick

    if run_quick(sys.argv[1:]):  # a plain `check FILE [--format ...]`: no click (see legalcheck.quickcheck)
        gcpause.resume()
        return
    from .cli import main

    main()


if __name__ == "__main__":
    run()
