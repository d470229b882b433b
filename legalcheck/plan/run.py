"""Screen every row of a plan: one activity per row, rows that cannot be read reported and skipped.

Performance: one RuleSet, one Checker and one (caching) Screener for the whole plan. Rows whose facts are
identical, and whose dates fall between the same two dates that appear anywhere in the rule data, get one
evaluation: the engine compares activity dates only with dates in the data (periods in force, listing dates,
membership dates), so such rows have the same outcomes; dates quoted in the texts are replaced by the row's own.
``exact=True`` evaluates every distinct date separately (tests compare both).
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..engine import Checker
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


# Review metadata says when a maintainer checked the data, not when the law applies: never compared with a day.
REVIEW_FIELDS = frozenset({"last_reviewed", "review_by"})


def _dates(obj: Any, found: set[dt.date]) -> None:
    """Collect every date in ``obj`` (pydantic models, containers), except review metadata."""
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            if name not in REVIEW_FIELDS:
                _dates(getattr(obj, name), found)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for x in obj:
            _dates(x, found)
    elif isinstance(obj, dict):
        for x in obj.values():
            _dates(x, found)
    elif isinstance(obj, dt.date):
        found.add(obj.date() if isinstance(obj, dt.datetime) else obj)


def law_dates(rules: RuleSet) -> dict[str, set[dt.date]]:
    """Per activity kind, every date in the law that an evaluation of that kind can compare with its day.

    Following the engine's documented semantics (docs/rules-format.md): jurisdiction connections and country
    groups for every kind; the prohibitions listing the kind (with their conditions and licence routes), every
    exemption that applies to one of them, and their instruments.
    """
    common: set[dt.date] = set()
    for j in rules.jurisdictions.values():
        _dates(j.meta, common)
    _dates([list(rules.groups.values()), list(rules.activity_kinds.values()), list(rules.facts.values())], common)
    prohibitions = [p for j in rules.jurisdictions.values() for p in j.prohibitions]
    exemptions = [e for j in rules.jurisdictions.values() for e in j.exemptions]
    instruments = {i.id: i for j in rules.jurisdictions.values() for i in j.instruments.values()}
    out: dict[str, set[dt.date]] = {}
    for kind in rules.activity_kinds:
        found = set(common)
        ps = [p for p in prohibitions if kind in p.activity_kinds]
        ids = {p.id for p in ps}
        es = [e for e in exemptions if ids & set(e.applies_to)]
        _dates([ps, es, [instruments[x.instrument] for x in [*ps, *es] if x.instrument in instruments]], found)
        out[kind] = found
    return out


class DateBuckets:
    """Days that compare the same way (<, <=, ==) with every date that can matter to a row share a bucket.

    What can matter: the law's dates for the row's activity kind (:func:`law_dates`), the listing dates of every
    designation-list entry the row's counterpart matched (strongly or not), of every entry of the same or a
    containing entity, of every designated area in the row's country, and every list's as-of date. A bucket is
    (number of those dates <= day, whether day is one of them).
    """

    def __init__(self, rules: RuleSet, screener: Screener) -> None:
        self.screener = screener
        self.law = law_dates(rules)
        self.lists: set[dt.date] = set()
        self.by_entity: dict[str, set[dt.date]] = {}
        self.by_country: dict[str, set[dt.date]] = {}
        for lst in rules.lists.values():
            _dates([lst.as_of], self.lists)
            for e in lst.entries:
                d: set[dt.date] = set()
                _dates(e, d)
                for key in (e.entity, e.part_of):
                    if key:
                        self.by_entity.setdefault(key, set()).update(d)
                if e.area_country:
                    self.by_country.setdefault(e.area_country, set()).update(d)
        self._boundaries: dict[tuple[Any, ...], tuple[list[dt.date], set[dt.date]]] = {}

    def boundaries(self, row: ParsedRow) -> tuple[list[dt.date], set[dt.date]]:
        key = (row.kind, row.counterpart, row.aliases, row.country)
        hit = self._boundaries.get(key)
        if hit is None:
            found = self.law.get(row.kind, set()) | self.lists | self.by_country.get(row.country, set())
            if row.counterpart:
                for m in self.screener.screen(row.counterpart, row.aliases):
                    _dates(m.designation, found)
                    for k in (m.designation.entity, m.designation.part_of):
                        if k:
                            found |= self.by_entity.get(k, set())
            hit = (sorted(found), found)
            self._boundaries[key] = hit
        return hit

    def key(self, row: ParsedRow, day: dt.date) -> tuple[int, bool]:
        ordered, members = self.boundaries(row)
        return bisect.bisect_right(ordered, day), day in members


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
        self.buckets = None if exact else DateBuckets(rules, self.checker.screener)

    def key(self, row: ParsedRow, as_of: dt.date | None) -> tuple[Any, ...]:
        """Rows with the same key get the same evaluation (everything the engine reads, the date as a bucket)."""
        day = as_of or row.date
        bucket: Any = day if self.buckets is None else self.buckets.key(row, day)
        return (row.profile, row.country, row.area, row.counterpart, row.aliases, row.kind, row.purpose, row.staff,
                row.funders, row.licences, row.facts, bucket)

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

    def evaluate(self, eng: Engagement, as_of: dt.date | None) -> PlainAnswer:
        return self.plainer.answer(self.checker.check(eng, as_of=as_of))


def for_day(ans: PlainAnswer, rep_day: dt.date, day: dt.date) -> PlainAnswer:
    """The answer evaluated for ``rep_day``, with the dates quoted in its texts replaced by ``day``."""
    if rep_day == day:
        return ans
    old, new = rep_day.isoformat(), day.isoformat()
    return PlainAnswer(outcome=ans.outcome, strictest=list(ans.strictest), reason=ans.reason.replace(old, new),
                       next_step=ans.next_step.replace(old, new),
                       questions=[q.replace(old, new) for q in ans.questions],
                       by_jurisdiction=dict(ans.by_jurisdiction))


# --------------------------------------------------------------------------- parallel evaluation (fork, Linux)
_WORK: tuple[PlanRunner, list[Engagement], dt.date | None] | None = None


def _work(indexes: list[int]) -> list[tuple[int, PlainAnswer]]:
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
                 progress: Callable[[int], None] | None) -> list[PlainAnswer]:
    """Evaluate every engagement; in ``jobs`` forked worker processes when there are enough of them (Linux)."""
    global _WORK
    out: list[PlainAnswer | None] = [None] * len(engs)
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

    ``progress(total)`` is called once with the number of distinct evaluations and returns a callback that is
    given the number done after each step.
    """
    from .. import __version__

    raw: RawPlan = read_plan(plan_path)
    ppath = profiles_path or find_profiles_file(plan_path)
    profiles = load_profiles(ppath)
    cmap = map_columns(raw.file, raw.headers, rules)
    parser = RowParser(cmap, rules, set(profiles), allow_historic=allow_historic)
    historic = check_as_of(as_of, allow_historic)
    runner = PlanRunner(rules, profiles, exact=exact)

    # 1. read every row; one engagement per distinct key
    out: list[RowResult] = []
    pending: list[tuple[RowResult, tuple[Any, ...], dt.date]] = []
    index: dict[tuple[Any, ...], int | RowResult] = {}
    engs: list[Engagement] = []
    rep_days: list[dt.date] = []
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
        key = runner.key(parsed, as_of)
        slot = index.get(key)
        if slot is None:
            try:
                engs.append(runner.engagement(parsed))
                rep_days.append(as_of or parsed.date)
                slot = index[key] = len(engs) - 1
            except RowProblem as exc:
                slot = index[key] = _fail(RowResult(0, "", {}, "error"), exc.column, exc.message)
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(x) for x in err.get("loc", ()))
                msg = f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid"))
                slot = index[key] = _fail(RowResult(0, "", {}, "error"), None, f"not a valid activity: {msg}")
        if isinstance(slot, RowResult):
            _fail(row, slot.error_column, slot.error or "")
            continue
        pending.append((row, key, as_of or parsed.date))
    if historic:
        raise InputError(historic)
    if not out:
        raise InputError.single(raw.file, "the plan has no activity rows (only a header)")
    if not pending:
        raise InputError([Problem(file=raw.file, line=r.number, field=r.error_column,
                                  message=(r.error or "cannot be read") + " (no row of the plan could be read)")
                          for r in out[:50]])

    # 2. evaluate each distinct engagement once
    step = progress(len(engs)) if progress else None
    answers = evaluate_all(runner, engs, as_of, default_jobs() if jobs is None else jobs, step)

    # 3. every row gets its engagement's answer, with its own date in the texts
    for row, key, day in pending:
        i = index[key]
        assert isinstance(i, int)
        ans = for_day(answers[i], rep_days[i], day)
        row.outcome, row.strictest, row.reason, row.next_step = ans.outcome, ans.strictest, ans.reason, ans.next_step
        row.questions, row.by_jurisdiction = ans.questions, ans.by_jurisdiction
    return PlanResult(file=raw.file, profiles_file=str(ppath), rows=out,
                      jurisdictions=[(j.meta.code, j.meta.name) for j in rules.ordered_jurisdictions()],
                      rules_sha256=rules.sha256, tool_version=__version__, as_of=as_of, evaluations=len(engs))


def _fail(row: RowResult, column: str | None, message: str) -> RowResult:
    row.outcome, row.error_column, row.error = "error", column, message
    row.reason = (f"Column {column}: {message}." if column else f"This row cannot be read: {message}.")
    row.next_step = "Fix this row and run the plan again."
    return row
