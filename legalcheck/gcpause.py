"""Garbage collection paused while a short command starts and runs.

Start-up makes many long-lived objects (modules, model classes, the unpickled rule snapshot) and almost no garbage
cycles, yet the collector rescans them again and again while they are made: pausing it saves about a tenth of
the CPU time of a ``check``. Reference counting still frees everything that is not a cycle. The CLI pauses the
collector for the commands in :data:`SHORT_COMMANDS` and restores it when the command ends; every other command
(plans, imports, scenario runs) runs with the collector on.
"""

from __future__ import annotations

import gc

SHORT_COMMANDS = frozenset({"check", "screen", "facts", "coverage", "verify-record", "validate", "activities"})
_paused = False


def pause() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    global _paused
    if _paused:
        _paused = False
        gc.enable()
