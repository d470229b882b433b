"""``--jobs N`` for a large plan: whole chunks of rows read, answered and encoded in forked worker processes.

The parent reads the plan and hands out chunks of raw rows, at most two per worker ahead (memory stays bounded);
each worker has its own copy of the answerer (its caches fill as it goes) and of the sink, and returns the chunk's
encoded output with its counts; the parent writes the chunks in plan order. Only text formats encode in workers
(an XLSX workbook lives in one process). Linux only (fork).
"""

from __future__ import annotations

import collections
import multiprocessing
from collections.abc import Callable, Iterable
from typing import Any

from ..errors import Problem
from .reader import RawRow
from .run import PlanStats
from .stream import CHUNK, ERRORS_KEPT, Answerer, chunks, count

_STATE: tuple[Answerer, Any] | None = None


def run_parallel(answerer: Answerer, rows: Iterable[RawRow], sink: Any, historic: list[Problem],
                 step: Callable[[int], None] | None) -> PlanStats:
    global _STATE
    stats = PlanStats()
    jobs = answerer.jobs
    answerer.jobs = 1  # the workers' copies evaluate in their own process
    it = chunks(rows, CHUNK)
    first = next(it, None)
    if first is not None:  # the first chunk here: the workers start with its answers (no evaluation made twice)
        problems: list[Problem] = []
        _take(_encode(answerer, sink, first, problems), sink, stats, historic, step)
    _STATE = (answerer, sink)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            waiting: collections.deque[Any] = collections.deque()
            for chunk in it:
                waiting.append(pool.apply_async(_work, (chunk,)))
                if len(waiting) >= 2 * jobs:
                    _take(waiting.popleft().get(), sink, stats, historic, step)
            while waiting:
                _take(waiting.popleft().get(), sink, stats, historic, step)
    finally:
        _STATE = None
        answerer.jobs = jobs
    return stats


def _take(result: tuple[bytes, PlanStats, list[Problem]], sink: Any, stats: PlanStats, historic: list[Problem],
          step: Callable[[int], None] | None) -> None:
    encoded, part, problems = result
    sink.put(encoded)
    for k, v in part.counts.items():
        stats.counts[k] = stats.counts.get(k, 0) + v
    stats.errors += part.errors[: max(0, ERRORS_KEPT - len(stats.errors))]
    stats.error_rows += part.error_rows
    stats.rows += part.rows
    stats.evaluations += part.evaluations
    historic += problems
    if step:
        step(part.rows)


def _work(chunk: list[RawRow]) -> tuple[bytes, PlanStats, list[Problem]]:
    """In a worker: the chunk's rows answered and encoded, with their counts."""
    if _STATE is None:  # pragma: no cover - set in the parent before the fork
        raise RuntimeError("worker without a plan")
    answerer, sink = _STATE
    return _encode(answerer, sink, chunk, [])


def _encode(answerer: Answerer, sink: Any, chunk: list[RawRow], problems: list[Problem]
            ) -> tuple[bytes, PlanStats, list[Problem]]:
    before = answerer.evaluations
    done = answerer.screen(chunk, problems)
    part = PlanStats()
    count(part, done)
    part.evaluations = answerer.evaluations - before
    return sink.encode(done), part, problems
