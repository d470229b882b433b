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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..engine import Checker
from ..errors import InputError, Problem
from ..models.engagement import Activity, Counterpart, Engagement, Funder, Location, Organisation
from ..ruleset import RuleSet
from ..screening import NameMatch, Screener
from .columns import ParsedRow, RowParser, RowProblem, map_columns
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


def rule_dates(rules: RuleSet) -> set[dt.date]:
    """Every date in the law (jurisdictions, instruments, prohibitions, exemptions, vocabulary, country groups)."""
    found: set[dt.date] = set()
    for j in rules.jurisdictions.values():
        _dates([j.meta, list(j.instruments.values()), j.prohibitions, j.exemptions], found)
    _dates([list(rules.groups.values()), list(rules.activity_kinds.values()), list(rules.facts.values())], found)
    return found


class DateBuckets:
    """Days that compare the same way (<, <=, ==) with every date that can matter to a row share a bucket.

    What can matter: every date in the law, the listing dates of every designation-list entry the row's
    counterpart matched (strongly or not), of every entry of the same or a containing entity, and of every
    designated area in the row's country. A bucket is (number of those dates <= day, day is one of them).
    """

    def __init__(self, rules: RuleSet, screener: Screener) -> None:
        self.screener = screener
        self.law = rule_dates(rules)
        self.by_entity: dict[str, set[dt.date]] = {}
        self.by_country: dict[str, set[dt.date]] = {}
        for lst in rules.lists.values():
            _dates([lst.as_of], self.law)
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
        key = (row.counterpart, row.aliases, row.country)
        hit = self._boundaries.get(key)
        if hit is None:
            found = set(self.law) | self.by_country.get(row.country, set())
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
        self._cache: dict[tuple[Any, ...], tuple[dt.date, PlainAnswer]] = {}
        self.evaluations = 0

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
                          organisation=org, funders=funders, counterparts=cps, location=_location(row),
                          activities=[act])

    def answer(self, row: ParsedRow, as_of: dt.date | None) -> PlainAnswer:
        day = as_of or row.date
        bucket: Any = day if self.buckets is None else self.buckets.key(row, day)
        key = (row.profile, row.country, row.area, row.counterpart, row.aliases, row.kind, row.purpose, row.staff,
               row.funders, row.licences, row.facts, bucket)
        cached = self._cache.get(key)
        if cached is None:
            eng = self.engagement(row)
            result = self.checker.check(eng, as_of=as_of)
            self.evaluations += 1
            cached = (day, self.plainer.answer(result))
            self._cache[key] = cached
        rep_day, ans = cached
        if rep_day == day:
            return ans
        old, new = rep_day.isoformat(), day.isoformat()
        return PlainAnswer(outcome=ans.outcome, strictest=list(ans.strictest), reason=ans.reason.replace(old, new),
                           next_step=ans.next_step.replace(old, new),
                           questions=[q.replace(old, new) for q in ans.questions],
                           by_jurisdiction=dict(ans.by_jurisdiction))


def find_profiles_file(plan: Path) -> Path:
    for name in ("profiles.yaml", "profiles.yml", "profiles.json"):
        p = plan.parent / name
        if p.is_file():
            return p
    raise InputError.single(str(plan), "no organisation profile file: pass --profiles FILE or put profiles.yaml "
                            "next to the plan")


def run_plan(plan_path: Path, rules: RuleSet, *, profiles_path: Path | None = None, as_of: dt.date | None = None,
             exact: bool = False, progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None) -> PlanResult:
    """Screen every row; raise InputError when the file itself (or every row) cannot be read."""
    from .. import __version__

    raw: RawPlan = read_plan(plan_path)
    ppath = profiles_path or find_profiles_file(plan_path)
    profiles = load_profiles(ppath)
    cmap = map_columns(raw.file, raw.headers, rules)
    parser = RowParser(cmap, rules, set(profiles))
    runner = PlanRunner(rules, profiles, exact=exact)
    out: list[RowResult] = []
    rows = raw.rows if progress is None else progress(raw.rows)
    for rr in rows:
        cells = {k: parser.get(rr.cells, k) for k in ("profile", "date", "country", "area", "counterpart", "kind",
                                                      "purpose", "description", "staff")}
        ref = parser.ref(rr.cells)
        try:
            parsed = parser.parse(rr.cells)
            cells["profile"] = parsed.profile
            cells["kind_label"] = runner.plainer.labels[parsed.kind]
            ans = runner.answer(parsed, as_of)
        except RowProblem as exc:
            out.append(RowResult(number=rr.number, ref=ref, cells=cells, outcome="error", error_column=exc.column,
                                 error=exc.message, reason=f"Column {exc.column}: {exc.message}.",
                                 next_step="Fix this row and run the plan again."))
            continue
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(x) for x in err.get("loc", ()))
            msg = f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid"))
            out.append(RowResult(number=rr.number, ref=ref, cells=cells, outcome="error", error=msg,
                                 reason=f"This row does not make a valid activity: {msg}.",
                                 next_step="Fix this row and run the plan again."))
            continue
        out.append(RowResult(number=rr.number, ref=ref, cells=cells, outcome=ans.outcome, strictest=ans.strictest,
                             reason=ans.reason, next_step=ans.next_step, questions=ans.questions,
                             by_jurisdiction=ans.by_jurisdiction))
    if not out:
        raise InputError.single(raw.file, "the plan has no activity rows (only a header)")
    if all(r.outcome == "error" for r in out):
        raise InputError([Problem(file=raw.file, line=r.number, field=r.error_column,
                                  message=(r.error or "cannot be read") + " (no row of the plan could be read)")
                          for r in out[:50]])
    return PlanResult(file=raw.file, profiles_file=str(ppath), rows=out,
                      jurisdictions=[(j.meta.code, j.meta.name) for j in rules.ordered_jurisdictions()],
                      rules_sha256=rules.sha256, tool_version=__version__, as_of=as_of,
                      evaluations=runner.evaluations)
