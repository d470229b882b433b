"""Screen every row of a plan: one activity per row, rows that cannot be read reported and skipped.

Performance: one RuleSet, one Checker and one (caching) Screener for the whole plan. Rows whose facts are
identical share one evaluation as long as their dates compare the same way with every date that evaluation
compared (the engine records them: :class:`legalcheck.engine.Evaluation`); the texts quote the day through a slot
that each row fills with its own date. ``exact=True`` evaluates every distinct date separately (tests compare both).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..engine import Checker
from ..engine.situation import DAY_SLOT, Dates
from ..errors import InputError, Problem
from ..historic_dates import check_as_of
from ..models.engagement import Activity, Counterpart, Engagement, Funder, Location, Organisation
from ..ruleset import RuleSet
from ..screening import NameMatch, Screener
from .columns import HistoricDate, ParsedRow, RowParser, RowProblem, map_columns
from .plain import PlainAnswer, Plainer
from .profiles import OrganisationProfile, load_profiles
from .reader import RawPlan, read_plan


@dataclass
class RowResult:
    number: int
    ref: str
    cells: dict[str, str]
    outcome: str
    strictest: list[str] = field(default_factory=list)
    reason: str = ""
    next_step: str = ""
    questions: list[str] = field(default_factory=list)
    by_jurisdiction: dict[str, str] = field(default_factory=dict)
    error_column: str | None = None
    error: str | None = None


@dataclass
class PlanResult:
    file: str
    profiles_file: str
    rows: list[RowResult]
    jurisdictions: list[tuple[str, str]]
    rules_sha256: str
    tool_version: str
    as_of: dt.date | None
    evaluations: int = 0

    @property
    def errors(self) -> list[RowResult]:
        return [r for r in self.rows if r.outcome == "error"]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.rows:
            out[r.outcome] = out.get(r.outcome, 0) + 1
        return out


class CachingScreener(Screener):
    """A Screener that remembers each name's matches: a plan names the same groups on many rows."""

    def __init__(self, inner: Screener) -> None:
        self.__dict__.update(inner.__dict__)
        self._cache: dict[tuple[str, tuple[str, ...], tuple[str, ...] | None], list[NameMatch]] = {}

    def screen(self, name: str, aliases: Sequence[str] = (), *, lists: Any = None) -> list[NameMatch]:
        key = (name, tuple(aliases), None if lists is None else tuple(sorted(lists)))
        hit = self._cache.get(key)
        if hit is None:
            hit = super().screen(name, aliases, lists=lists)
            self._cache[key] = hit
        return list(hit)


def _location(row: ParsedRow) -> Location:
    return Location(country=row.country, area=row.area)


class PlanRunner:
    def __init__(self, rules: RuleSet, profiles: dict[str, tuple[OrganisationProfile, Organisation]],
                 checker: Checker | None = None, exact: bool = False) -> None:
        self.rules = rules
        self.profiles = profiles
        base = checker or Checker(rules)
        self.checker = Checker(rules, CachingScreener(base.screener))
        self.plainer = Plainer(rules)
        self.exact = exact

    def key(self, row: ParsedRow) -> tuple[Any, ...]:
        """Rows with the same key may share evaluations: everything the engine reads except the day."""
        return (row.profile, row.country, row.area, row.counterpart, row.aliases, row.kind, row.purpose, row.staff,
                row.funders, row.licences, row.facts)

    def engagement(self, row: ParsedRow) -> Engagement:
        prof, org = self.profiles[row.profile]
        purpose = row.purpose or (prof.purpose.value if prof.purpose else None)
        if purpose is None:
            raise RowProblem("Purpose", f"empty, and profile {row.profile!r} gives no default purpose "
                             "(expected humanitarian, peacebuilding, political dialogue, development or human rights)")
        funders = list(prof.funders) + [Funder(name=n, country=c, kind=k) for n, c, k in row.funders]  # type: ignore[arg-type]
        cps = [Counterpart(id="group", name=row.counterpart, aliases=list(row.aliases))] if row.counterpart else []
        act = Activity(id="activity", kind=row.kind, performed_by=list(row.staff) if row.staff else None,
                       counterpart="group" if cps else None, licences=list(row.licences), facts=dict(row.facts))
        return Engagement(title=f"Plan activity ({row.kind})", date=row.date, purpose=purpose,  # type: ignore[arg-type]
                          organisation=org, funders=funders, counterparts=cps, location=Location(
                              country=row.country, area=row.area), activities=[act])

    def evaluate(self, eng: Engagement, as_of: dt.date | None) -> Shared:
        ev = self.checker.evaluate(eng, as_of=as_of, day_slot=not self.exact)  # exact: the day itself, no slot
        day = as_of or eng.date
        if self.exact:
            return Shared(self.plainer.answer(ev.result), day, day + dt.timedelta(days=1))
        return Shared(self.plainer.answer(ev.result), *_span(ev.dates, day))


@dataclass(frozen=True)
class Shared:
    """An answer whose texts quote the day as a slot, valid for every day in [start, end)."""

    answer: PlainAnswer
    start: dt.date
    end: dt.date

    def covers(self, day: dt.date) -> bool:
        return self.start <= day < self.end

    def for_day(self, day: dt.date) -> PlainAnswer:
        """The answer for ``day``: the slot the engine wrote where its texts quote the day, filled in."""
        a, iso = self.answer, day.isoformat()
        return PlainAnswer(outcome=a.outcome, strictest=list(a.strictest), reason=a.reason.replace(DAY_SLOT, iso),
                           next_step=a.next_step.replace(DAY_SLOT, iso),
                           questions=[q.replace(DAY_SLOT, iso) for q in a.questions],
                           by_jurisdiction=dict(a.by_jurisdiction))


def _span(dates: Dates, day: dt.date) -> tuple[dt.date, dt.date]:
    """The days that compare with every date in ``dates`` as ``day`` does. The engine only asks whether a day is
    on or after a date of the data (``from <= day``, ``day < to``), so that is [last date <= day, next date)."""
    return (max((d for d in dates if d <= day), default=dt.date.min),
            min((d for d in dates if d > day), default=dt.date.max))


# --------------------------------------------------------------------------- parallel evaluation (fork, Linux)
_WORK: tuple[PlanRunner, list[Engagement], dt.date | None] | None = None


def _work(indexes: list[int]) -> list[tuple[int, Shared]]:
    assert _WORK is not None
    runner, engs, as_of = _WORK
    return [(i, runner.evaluate(engs[i], as_of)) for i in indexes]


def default_jobs() -> int:
    try:
        n = len(os.sched_getaffinity(0))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(n, 8))


def evaluate_all(runner: PlanRunner, engs: list[Engagement], as_of: dt.date | None, jobs: int,
                 progress: Callable[[int], None] | None) -> list[Shared]:
    """Evaluate every engagement; in ``jobs`` forked worker processes when there are enough of them (Linux)."""
    global _WORK
    out: list[Shared | None] = [None] * len(engs)
    if jobs > 1 and len(engs) >= 100 and sys.platform == "linux":
        import multiprocessing

        _WORK = (runner, engs, as_of)
        try:
            ctx = multiprocessing.get_context("fork")
            chunk = max(8, min(64, len(engs) // (jobs * 8) or 1))
            batches = [list(range(i, min(i + chunk, len(engs)))) for i in range(0, len(engs), chunk)]
            with ctx.Pool(jobs) as pool:
                for batch in pool.imap_unordered(_work, batches):
                    for i, ans in batch:
                        out[i] = ans
                    if progress:
                        progress(len(batch))
        finally:
            _WORK = None
    else:
        for i, eng in enumerate(engs):
            out[i] = runner.evaluate(eng, as_of)
            if progress:
                progress(1)
    assert all(a is not None for a in out)
    return out  # type: ignore[return-value]


def find_profiles_file(plan: Path) -> Path:
    for name in ("profiles.yaml", "profiles.yml", "profiles.json"):
        p = plan.parent / name
        if p.is_file():
            return p
    raise InputError.single(str(plan), "no organisation profile file: pass --profiles FILE or put profiles.yaml "
                            "next to the plan")


def run_plan(plan_path: Path, rules: RuleSet, *, profiles_path: Path | None = None, as_of: dt.date | None = None,
             exact: bool = False, jobs: int | None = None,
             progress: Callable[[int], Callable[[int], None]] | None = None,
             allow_historic: bool = False) -> PlanResult:
    """Screen every row; raise InputError when the file itself (or every row) cannot be read, or when a row's date
    (or ``as_of``) is before 1990 and not ``allow_historic`` (:mod:`legalcheck.historic_dates`).

    ``progress(total)`` is called once with the number of rows to evaluate and returns a callback that is
    given the number answered after each round of evaluations.
    """
    from .. import __version__

    raw: RawPlan = read_plan(plan_path, lambda file, headers: map_columns(file, headers, rules))
    ppath = profiles_path or find_profiles_file(plan_path)
    profiles = load_profiles(ppath)
    cmap = map_columns(raw.file, raw.headers, rules)
    parser = RowParser(cmap, rules, set(profiles), allow_historic=allow_historic)
    historic = check_as_of(as_of, allow_historic)
    runner = PlanRunner(rules, profiles, exact=exact)

    # 1. read every row; one engagement per distinct key
    out: list[RowResult] = []
    pending: list[tuple[RowResult, int, dt.date]] = []
    index: dict[tuple[Any, ...], int | RowResult] = {}
    engs: list[Engagement] = []
    for rr in raw.rows:
        cells = {k: parser.get(rr.cells, k) for k in ("profile", "date", "country", "area", "counterpart", "kind",
                                                      "purpose", "description", "staff")}
        row = RowResult(number=rr.number, ref=parser.ref(rr.cells), cells=cells, outcome="error")
        out.append(row)
        try:
            parsed = parser.parse(rr.cells)
        except RowProblem as exc:
            _fail(row, exc.column, exc.message)
            if isinstance(exc, HistoricDate):
                historic.append(Problem(file=raw.file, line=rr.number, field=exc.column, message=exc.message))
            continue
        cells["profile"] = parsed.profile
        cells["kind_label"] = runner.plainer.labels[parsed.kind]
        key = runner.key(parsed)
        slot = index.get(key)
        if slot is None:
            slot = index[key] = _engagement(runner, parsed, engs)
        if isinstance(slot, RowResult):
            _fail(row, slot.error_column, slot.error or "")
            continue
        pending.append((row, slot, as_of or parsed.date))
    if historic:
        raise InputError(historic)
    if not out:
        raise InputError.single(raw.file, "the plan has no activity rows (only a header)")
    if not pending:
        raise InputError([Problem(file=raw.file, line=r.number, field=r.error_column,
                                  message=(r.error or "cannot be read") + " (no row of the plan could be read)")
                          for r in out[:50]])

    # 2. evaluate each distinct engagement as often as the dates it compared require; answer every row
    step = progress(len(pending)) if progress else None
    evaluations = answer_rows(runner, engs, pending, as_of, default_jobs() if jobs is None else jobs, step)
    return PlanResult(file=raw.file, profiles_file=str(ppath), rows=out,
                      jurisdictions=[(j.meta.code, j.meta.name) for j in rules.ordered_jurisdictions()],
                      rules_sha256=rules.sha256, tool_version=__version__, as_of=as_of, evaluations=evaluations)


def answer_rows(runner: PlanRunner, engs: list[Engagement], pending: list[tuple[RowResult, int, dt.date]],
                as_of: dt.date | None, jobs: int, progress: Callable[[int], None] | None) -> int:
    """Give every pending row (row, engagement index, day) its answer; return the number of evaluations.

    In rounds: each engagement is evaluated on the earliest day of its rows that no evaluation covers yet, and
    every row whose day falls in the span of days that evaluation holds for gets its answer.
    """
    spans: dict[int, list[Shared]] = {}
    todo = sorted(pending, key=lambda x: x[2])
    evaluations = 0
    while todo:
        wanted: dict[int, dt.date] = {}
        for _, i, day in todo:
            wanted.setdefault(i, day)
        batch = [engs[i].model_copy(update={"date": day}) for i, day in wanted.items()]
        for i, shared in zip(wanted, evaluate_all(runner, batch, as_of, jobs, None), strict=True):
            spans.setdefault(i, []).append(shared)
        evaluations += len(batch)
        left = []
        for row, i, day in todo:
            hit = next((s for s in spans[i] if s.covers(day)), None)
            if hit is None:
                left.append((row, i, day))
                continue
            ans = hit.for_day(day)
            row.outcome, row.strictest, row.reason, row.next_step = ans.outcome, ans.strictest, ans.reason, \
                ans.next_step
            row.questions, row.by_jurisdiction = ans.questions, ans.by_jurisdiction
        if progress:
            progress(len(todo) - len(left))
        todo = left
    return evaluations


def _engagement(runner: PlanRunner, parsed: ParsedRow, engs: list[Engagement]) -> int | RowResult:
    """The index of the row's new engagement in ``engs``, or the error that stops every row with its facts."""
    try:
        engs.append(runner.engagement(parsed))
        return len(engs) - 1
    except RowProblem as exc:
        return _fail(RowResult(0, "", {}, "error"), exc.column, exc.message)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err.get("loc", ()))
        msg = f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid"))
        return _fail(RowResult(0, "", {}, "error"), None, f"not a valid activity: {msg}")


def _fail(row: RowResult, column: str | None, message: str) -> RowResult:
    row.outcome, row.error_column, row.error = "error", column, message
    row.reason = (f"Column {column}: {message}." if column else f"This row cannot be read: {message}.")
    row.next_step = "Fix this row and run the plan again."
    return row
