"""A plan as a stream: rows are read, answered and handed to the writer in chunks, in order.

Memory holds one chunk of rows, the answers already made (one per distinct set of facts and span of days) and a
cache of parsed rows; never the whole plan or its output. Identical rows (every cell the rules read, the day
aside) are parsed once and share evaluations (:class:`legalcheck.plan.run.Shared`). With ``jobs`` > 1 the
evaluations of each round run in forked worker processes (Linux) that live for the whole plan.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, Problem
from ..historic_dates import check_as_of
from ..ruleset import RuleSet
from .columns import ColumnMap, HistoricDate, ParsedRow, RowParser, RowProblem, RowProblems, map_columns
from .plain import PlainAnswer
from .reader import RawRow, open_plan
from .run import PlanInfo, PlanRunner, PlanStats, RowResult, Shared, default_jobs, find_profiles

CHUNK = 2_000  # rows answered together (one round of evaluations can serve many of them)
ERRORS_KEPT = 50  # unreadable rows remembered for the message when no row at all can be read
PARSE_CACHE = 50_000  # distinct rows remembered (cleared when full)
MIN_PARALLEL = 16  # evaluations in a round before worker processes are used
PARALLEL_ROWS = 2 * CHUNK  # rows before whole chunks are screened and encoded in worker processes
OUTPUT_CELLS = ("profile", "date", "country", "area", "counterpart", "kind", "purpose", "description", "staff")

Emit = Callable[[RowResult], None]
Key = tuple[Any, ...]


def stream_plan(plan_path: Path, rules: RuleSet, open_sink: Callable[[PlanInfo], Any], *,
                profiles_path: Path | None = None, as_of: dt.date | None = None, exact: bool = False,
                jobs: int | None = None, progress: Callable[[int], Callable[[int], None]] | None = None,
                allow_historic: bool = False) -> tuple[PlanInfo, PlanStats]:
    """Screen every row, handing each to the sink ``open_sink(info)`` returns, in plan order: a function given each
    row, or a sink object (its ``row``); a sink that can also ``encode`` rows and ``put`` them has, with ``jobs`` > 1
    and a plan of at least ``PARALLEL_ROWS`` rows, whole chunks read, answered and encoded in worker processes.

    Raises InputError when the file itself cannot be read, when no row can be read, or when a row's date (or
    ``as_of``) is before 1990 and not ``allow_historic``: the caller discards what the sink received.
    ``progress(total)`` is called once with the number of rows and returns a callback given the rows answered."""
    from .. import __version__

    source = open_plan(plan_path, lambda file, headers: _activity_columns(map_columns(file, headers, rules)))
    try:
        profiles, profiles_name, _ = find_profiles(plan_path, profiles_path)
        cmap = map_columns(source.file, source.headers, rules)
        historic = check_as_of(as_of, allow_historic)
        info = PlanInfo(source.file, profiles_name, source.headers,
                        [(j.meta.code, j.meta.name) for j in rules.ordered_jurisdictions()], rules.sha256,
                        __version__, as_of)
        sink = open_sink(info)
        step = progress(source.count) if progress and source.count else None
        parser = RowParser(cmap, rules, set(profiles), allow_historic=allow_historic)
        runner = PlanRunner(rules, profiles, exact=exact)
        jobs = default_jobs() if jobs is None else jobs
        with Answerer(info.file, runner, parser, as_of, jobs) as answerer:
            if jobs > 1 and hasattr(sink, "encode") and (source.count or 0) >= PARALLEL_ROWS \
                    and sys.platform == "linux":
                from .parallel import run_parallel

                stats = run_parallel(answerer, source.rows, sink, historic, step)
            else:
                stats = answerer.run(source.rows, getattr(sink, "row", sink), historic, step)
    finally:
        source.close()
    _refuse_unusable(info.file, stats, historic)
    return info, stats


def _activity_columns(cmap: ColumnMap) -> list[int]:
    """The columns whose values make two rows different activities (the date aside)."""
    return [i for k, i in sorted(cmap.fields.items()) if k not in ("ref", "description", "date")] + \
        [i for _, i in sorted(cmap.facts.items())]


def _refuse_unusable(file: str, stats: PlanStats, historic: list[Problem]) -> None:
    if historic:
        raise InputError(historic)
    if not stats.rows:
        raise InputError.single(file, "the plan has no activity rows (only a header)")
    if stats.error_rows == stats.rows:
        raise InputError([Problem(file=file, line=r.number, field=col, message=msg + " (no row of the plan could "
                                  "be read)") for r in stats.errors for col, msg in r.errors][:ERRORS_KEPT])


@dataclass
class _Entry:
    """What every row with the same cells (but the date) shares: its parsed facts, or its problems."""

    parsed: ParsedRow | None
    problems: list[RowProblem]
    key: Key | None = None
    profile: str = ""
    label: str = ""
    errors: list[tuple[str | None, str]] | None = None  # the engagement's own errors, once checked


def count(stats: PlanStats, rows: list[RowResult]) -> None:
    for row in rows:
        stats.counts[row.outcome] = stats.counts.get(row.outcome, 0) + 1
        if row.outcome == "error":
            stats.error_rows += 1
            if len(stats.errors) < ERRORS_KEPT:
                stats.errors.append(row)
    stats.rows += len(rows)


def chunks(rows: Iterable[RawRow], n: int) -> Iterator[list[RawRow]]:
    it = iter(rows)
    while chunk := list(islice(it, n)):
        yield chunk


class Answerer:
    """Parses rows, keeps the answers made so far, and evaluates what they do not cover."""

    def __init__(self, file: str, runner: PlanRunner, parser: RowParser, as_of: dt.date | None, jobs: int) -> None:
        self.file = file
        self.runner, self.parser, self.as_of, self.jobs = runner, parser, as_of, jobs
        cmap = parser.cmap
        self.read = _activity_columns(cmap)
        self.width = len(cmap.headers)
        self.shown = [(k, cmap.fields.get(k)) for k in ("ref", *OUTPUT_CELLS)]  # "date" among them
        self.parsed: dict[tuple[str, ...], _Entry] = {}
        self.days: dict[str, tuple[dt.date, RowProblem | None]] = {}
        self.facts: dict[Key, ParsedRow | list[tuple[str | None, str]]] = {}  # per key: a row, or its errors
        self.spans: dict[Key, tuple[list[dt.date], list[Shared]]] = {}
        self.evaluations = 0
        self.pool: Any = None

    def __enter__(self) -> Answerer:
        return self

    def __exit__(self, *exc: object) -> None:
        global _WORKER
        _WORKER = None
        if self.pool is not None:
            self.pool.terminate() if exc[0] is not None else self.pool.close()
            self.pool.join()
            self.pool = None

    def run(self, rows: Iterable[RawRow], emit: Emit, historic: list[Problem],
            step: Callable[[int], None] | None) -> PlanStats:
        stats = PlanStats()
        for chunk in chunks(rows, CHUNK):
            done = self.screen(chunk, historic)
            for row in done:
                emit(row)
            count(stats, done)
            if step:
                step(len(chunk))
        stats.evaluations = self.evaluations
        return stats

    def screen(self, chunk: list[RawRow], historic: list[Problem]) -> list[RowResult]:
        """The chunk's rows, answered."""
        pending: list[tuple[RowResult, Key, dt.date]] = []
        done: list[RowResult] = []
        for rr in chunk:
            row, key, day = self.read_row(rr, historic)
            done.append(row)
            if key is not None:
                pending.append((row, key, day))
        self.answer(pending)
        return done

    # ------------------------------------------------------------------ reading
    def read_row(self, rr: RawRow, historic: list[Problem]) -> tuple[RowResult, Key | None, dt.date]:
        """The row's result (an error, or waiting for its answer), its key and its day."""
        cells = rr.cells
        n = len(cells)
        out = {k: cells[i] if i is not None and i < n else "" for k, i in self.shown}
        row = RowResult(number=rr.number, ref=out["ref"], cells=out, outcome="error",
                        user=cells[: self.width] + [""] * (self.width - n) if n < self.width else cells[: self.width])
        day, date_problem = self._day(out["date"], cells)
        entry = self._entry(cells)
        problems = entry.problems if date_problem is None else \
            sorted([date_problem, *entry.problems], key=self._position)
        if problems:
            fail(row, [(p.column, p.message) for p in problems])
            historic += [Problem(file=self.file, line=rr.number, field=p.column, message=p.message)
                         for p in problems if isinstance(p, HistoricDate)]
            return row, None, dt.date.min
        assert entry.parsed is not None and entry.key is not None
        if entry.errors is None:
            known = self.facts.get(entry.key)
            if known is None:
                known = self.facts[entry.key] = self._check(dataclasses.replace(entry.parsed, date=day))
            entry.errors = known if isinstance(known, list) else []
        if entry.errors:
            fail(row, entry.errors)
            return row, None, dt.date.min
        out["profile"], out["kind_label"] = entry.profile, entry.label
        return row, entry.key, self.as_of or day

    def _day(self, text: str, cells: list[str]) -> tuple[dt.date, RowProblem | None]:
        hit = self.days.get(text)
        if hit is None:
            if len(self.days) >= PARSE_CACHE:
                self.days.clear()
            try:
                hit = self.days[text] = (self.parser.date(cells), None)
            except RowProblem as exc:
                hit = self.days[text] = (dt.date.min, exc)
        return hit

    def _entry(self, cells: list[str]) -> _Entry:
        """The row's facts but its date, parsed once for every row with the same cells (the cells the rules do not
        read, and the date, aside)."""
        n = len(cells)
        k = tuple(cells[i] if i < n else "" for i in self.read)
        hit = self.parsed.get(k)
        if hit is None:
            if len(self.parsed) >= PARSE_CACHE:
                self.parsed.clear()
            try:
                parsed = self.parser.parse(cells, with_date=False)
                hit = _Entry(parsed, [], self.runner.key(parsed), parsed.profile,
                             self.runner.plainer.labels[parsed.kind])
            except RowProblems as exc:
                hit = _Entry(None, list(exc.problems))
            self.parsed[k] = hit
        return hit

    def _position(self, p: RowProblem) -> int:
        try:
            return self.parser.cmap.headers.index(p.column)
        except ValueError:
            return len(self.parser.cmap.headers)

    def _check(self, parsed: ParsedRow) -> ParsedRow | list[tuple[str | None, str]]:
        """The row itself when its facts make a valid engagement, else the errors every row with them gets."""
        try:
            self.runner.engagement(parsed)
            return parsed
        except RowProblem as exc:
            return [(exc.column, exc.message)]
        except ValidationError as exc:
            msgs = []
            for err in exc.errors():
                where = ".".join(str(x) for x in err.get("loc", ()))
                msgs.append((None, "not a valid activity: " + (f"{where}: " if where else "")
                             + str(err.get("msg", "invalid"))))
            return msgs

    # ------------------------------------------------------------------ answering
    def answer(self, pending: list[tuple[RowResult, Key, dt.date]]) -> None:
        """Answer every pending row, in rounds: each key is evaluated on the earliest day of its rows that no
        answer covers yet, and every row whose day falls in the span of days an answer holds for takes it."""
        todo = pending
        while todo:
            left: list[tuple[RowResult, Key, dt.date]] = []
            wanted: dict[Key, dt.date] = {}
            for row, key, day in todo:
                hit = self._lookup(key, day)
                if hit is None:
                    left.append((row, key, day))
                    if key not in wanted or day < wanted[key]:
                        wanted[key] = day
                else:
                    _fill(row, hit.for_day(day))
            if wanted:
                self._evaluate(wanted)
            todo = left

    def _lookup(self, key: Key, day: dt.date) -> Shared | None:
        entry = self.spans.get(key)
        if entry is None:
            return None
        starts, shared = entry
        i = bisect.bisect_right(starts, day) - 1
        return shared[i] if i >= 0 and shared[i].covers(day) else None

    def _evaluate(self, wanted: dict[Key, dt.date]) -> None:
        rows = []
        for key, day in wanted.items():
            base = self.facts[key]
            assert isinstance(base, ParsedRow)
            rows.append(dataclasses.replace(base, date=day))
        answers = self._parallel(rows) if self._use_pool(len(rows)) else _work_on(self.runner, self.as_of, rows)
        self.evaluations += len(rows)
        for key, shared in zip(wanted, answers, strict=True):
            starts, lst = self.spans.setdefault(key, ([], []))
            i = bisect.bisect_right(starts, shared.start)
            starts.insert(i, shared.start)
            lst.insert(i, shared)

    def _use_pool(self, n: int) -> bool:
        return self.jobs > 1 and n >= MIN_PARALLEL and sys.platform == "linux"

    def _parallel(self, rows: list[ParsedRow]) -> list[Shared]:
        global _WORKER
        if self.pool is None:
            import multiprocessing

            _WORKER = (self.runner, self.as_of)
            self.pool = multiprocessing.get_context("fork").Pool(self.jobs)  # each worker has its own copy
        size = max(4, min(64, len(rows) // (self.jobs * 4) or 1))
        batches = [rows[i:i + size] for i in range(0, len(rows), size)]
        return [s for batch in self.pool.map(_work, batches) for s in batch]


_WORKER: tuple[PlanRunner, dt.date | None] | None = None


def _work(rows: list[ParsedRow]) -> list[Shared]:
    """In a worker process: evaluate rows (its copy of the runner was made when the pool was forked)."""
    global _WORKER
    if _WORKER is None:  # pragma: no cover - set in the parent just before the fork
        raise RuntimeError("worker without a plan runner")
    return _work_on(_WORKER[0], _WORKER[1], rows)


def _work_on(runner: PlanRunner, as_of: dt.date | None, rows: list[ParsedRow]) -> list[Shared]:
    return [runner.evaluate(runner.engagement(r), as_of) for r in rows]


def _fill(row: RowResult, ans: PlainAnswer) -> None:
    row.outcome, row.strictest, row.reason, row.next_step = ans.outcome, ans.strictest, ans.reason, ans.next_step
    row.questions, row.by_jurisdiction, row.legal_basis = ans.questions, ans.by_jurisdiction, ans.legal_basis


def fail(row: RowResult, errors: list[tuple[str | None, str]]) -> RowResult:
    row.outcome, row.errors = "error", list(errors)
    row.reason = " ".join(f"Column {c}: {m}." if c else f"This row cannot be read: {m}." for c, m in errors)
    row.next_step = "Fix this row and run the plan again."
    return row
