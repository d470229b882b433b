"""Screen every row of a plan: one activity per row, rows that cannot be read reported and skipped.

Performance: one RuleSet, one Checker and one (caching) Screener for the whole plan. Rows whose facts are
identical share one evaluation as long as their dates compare the same way with every date that evaluation
compared (the engine records them: :class:`legalcheck.engine.Evaluation`); the texts quote the day through a slot
that each row fills with its own date. ``exact=True`` evaluates every distinct date separately (tests compare both).
Rows are read, answered and written as a stream (:mod:`legalcheck.plan.stream`): memory does not grow with the plan.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import fast_input
from ..engine import Checker
from ..engine.situation import DAY_SLOT, Dates
from ..errors import InputError
from ..ruleset import RuleSet
from ..screening import NameMatch, Screener
from .columns import ParsedRow, RowProblem
from .plain import PlainAnswer, Plainer
from .profiles import OrganisationProfile, load_profiles


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
    legal_basis: str = ""
    errors: list[tuple[str | None, str]] = field(default_factory=list)  # (column, message), every one of the row
    user: list[str] = field(default_factory=list)  # the row's own cells, in the plan's column order

    @property
    def error_column(self) -> str | None:
        return self.errors[0][0] if self.errors else None

    @property
    def error(self) -> str | None:
        return self.errors[0][1] if self.errors else None


@dataclass
class PlanInfo:
    """What a plan's output says about the run, known before the first row."""

    file: str
    profiles_file: str
    headers: list[str]  # the plan's own headings (kept in the output)
    jurisdictions: list[tuple[str, str]]
    rules_sha256: str
    tool_version: str
    as_of: dt.date | None


@dataclass
class PlanStats:
    counts: dict[str, int] = field(default_factory=dict)
    rows: int = 0
    evaluations: int = 0
    errors: list[RowResult] = field(default_factory=list)  # the first ERRORS_KEPT rows that could not be read
    error_rows: int = 0


@dataclass
class PlanResult:
    """A whole plan's rows in memory (the API and the tests; the CLI streams)."""

    file: str
    profiles_file: str
    rows: list[RowResult]
    jurisdictions: list[tuple[str, str]]
    rules_sha256: str
    tool_version: str
    as_of: dt.date | None
    evaluations: int = 0
    headers: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[RowResult]:
        return [r for r in self.rows if r.outcome == "error"]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.rows:
            out[r.outcome] = out.get(r.outcome, 0) + 1
        return out

    @property
    def info(self) -> PlanInfo:
        return PlanInfo(self.file, self.profiles_file, self.headers, self.jurisdictions, self.rules_sha256,
                        self.tool_version, self.as_of)


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


if TYPE_CHECKING:
    from ..models.engagement import Engagement, Organisation

Profiles = dict[str, tuple[OrganisationProfile, "Organisation"]]


class PlanRunner:
    def __init__(self, rules: RuleSet, profiles: Profiles, checker: Checker | None = None,
                 exact: bool = False) -> None:
        self.rules = rules
        self.profiles = profiles
        base = checker or Checker(rules)
        self.checker = Checker(rules, CachingScreener(base.screener))
        self.plainer = Plainer(rules)
        self.exact = exact
        self._dumped: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}

    @staticmethod
    def key(row: ParsedRow) -> tuple[Any, ...]:
        """Rows with the same key may share evaluations: everything the engine reads except the day."""
        return (row.profile, row.country, row.area, row.counterpart, row.aliases, row.kind, row.purpose, row.staff,
                row.funders, row.licences, row.facts)

    def engagement(self, row: ParsedRow) -> Engagement:
        """The row's engagement: the runtime objects the fast reader builds (:mod:`legalcheck.fast_input`) when it
        vouches for the row's data, else the pydantic models, which give the errors (every one of the row)."""
        prof = self.profiles[row.profile][0]
        purpose = row.purpose or (prof.purpose.value if prof.purpose else None)
        if purpose is None:
            raise RowProblem("Purpose", f"empty, and profile {row.profile!r} gives no default purpose "
                             "(expected humanitarian, peacebuilding, political dialogue, development or human rights)")
        if fast_input.ENABLED:
            eng = fast_input.fast_engagement(self.engagement_data(row, purpose))
            if eng is not None:
                return eng  # type: ignore[no-any-return]
        return self._validated(row, purpose)

    def engagement_data(self, row: ParsedRow, purpose: str) -> dict[str, Any]:
        """The row as an engagement file would hold it: the data the pydantic path below builds its models from
        (the profile's organisation and funders as their validated values dump)."""
        org, funders = self._profile_data(row.profile)
        cps = [{"id": "group", "name": row.counterpart, "aliases": list(row.aliases)}] if row.counterpart else []
        act = {"id": "activity", "kind": row.kind, "performed_by": list(row.staff) if row.staff else None,
               "counterpart": "group" if cps else None, "licences": list(row.licences), "facts": dict(row.facts)}
        return {"title": f"Plan activity ({row.kind})", "date": row.date, "purpose": purpose, "organisation": org,
                "funders": [*funders, *({"name": n, "country": c, "kind": k} for n, c, k in row.funders)],
                "counterparts": cps, "location": {"country": row.country, "area": row.area}, "activities": [act]}

    def _profile_data(self, profile: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        hit = self._dumped.get(profile)
        if hit is None:
            prof, org = self.profiles[profile]
            hit = self._dumped[profile] = (org.model_dump(mode="json", by_alias=True),
                                           [f.model_dump(mode="json", by_alias=True) for f in prof.funders])
        return hit

    def _validated(self, row: ParsedRow, purpose: str) -> Engagement:
        from ..models.engagement import Activity, Counterpart, Engagement, Funder, Location

        prof, org = self.profiles[row.profile]
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
        answer = self.plainer.answer(ev.result)
        if self.exact:
            return Shared(answer, day, day + dt.timedelta(days=1) if day < dt.date.max else day, answer.has_slot)
        return Shared(answer, *_span(ev.dates, day), answer.has_slot)


@dataclass(frozen=True)
class Shared:
    """An answer whose texts quote the day as a slot, valid for every day in [start, end)."""

    answer: PlainAnswer
    start: dt.date
    end: dt.date
    slot: bool = True  # whether the texts quote the day (else every day reads the same answer)

    def covers(self, day: dt.date) -> bool:
        # the last day a date can name (9999-12-31) has no day after it: a span reaching it includes it
        return self.start <= day < self.end or day == self.end == dt.date.max

    def for_day(self, day: dt.date) -> PlainAnswer:
        """The answer for ``day``: the slot the engine wrote where its texts quote the day, filled in."""
        a = self.answer
        if not self.slot:
            return a  # shared as it is: nobody changes an answer
        iso = day.isoformat()
        return PlainAnswer(outcome=a.outcome, strictest=list(a.strictest), reason=a.reason.replace(DAY_SLOT, iso),
                           next_step=a.next_step.replace(DAY_SLOT, iso),
                           questions=[q.replace(DAY_SLOT, iso) for q in a.questions],
                           by_jurisdiction=dict(a.by_jurisdiction), legal_basis=a.legal_basis.replace(DAY_SLOT, iso))


def _span(dates: Dates, day: dt.date) -> tuple[dt.date, dt.date]:
    """The days that compare with every date in ``dates`` as ``day`` does. The engine only asks whether a day is
    on or after a date of the data (``from <= day``, ``day < to``), so that is [last date <= day, next date)."""
    return (max((d for d in dates if d <= day), default=dt.date.min),
            min((d for d in dates if d > day), default=dt.date.max))


def default_jobs() -> int:
    try:
        n = len(os.sched_getaffinity(0))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(n, 8))


def find_profiles(plan: Path, given: Path | None) -> tuple[Profiles, str, Path | None]:
    """The organisation profiles: ``--profiles``, else the plan workbook's Profiles sheet, else profiles.yaml (or
    .yml, .json) next to the plan. Returns the profiles, how to name their source, and the file read (if another)."""
    if given is not None:
        return load_profiles(given), str(given), given
    if plan.suffix.lower() in (".xlsx", ".xlsm") and plan.is_file():
        from .profile_sheet import load_profile_sheet

        sheet = load_profile_sheet(plan)
        if sheet is not None:
            return sheet, f"{plan} (sheet Profiles)", None
    for name in ("profiles.yaml", "profiles.yml", "profiles.json"):
        p = plan.parent / name
        if p.is_file():
            return load_profiles(p), str(p), p
    raise InputError.single(str(plan), "no organisation profile file: pass --profiles FILE, fill in the 'Profiles' "
                            "sheet of the plan workbook (`legalcheck plan-template`), or put profiles.yaml next to "
                            "the plan")


def run_plan(plan_path: Path, rules: RuleSet, *, profiles_path: Path | None = None, as_of: dt.date | None = None,
             exact: bool = False, jobs: int | None = None,
             progress: Callable[[int], Callable[[int], None]] | None = None,
             allow_historic: bool = False) -> PlanResult:
    """Screen every row and keep them all (see :func:`legalcheck.plan.stream.stream_plan`, which this wraps)."""
    from .stream import stream_plan

    rows: list[RowResult] = []
    info, stats = stream_plan(plan_path, rules, lambda info: rows.append, profiles_path=profiles_path, as_of=as_of,
                              exact=exact, jobs=jobs, progress=progress, allow_historic=allow_historic)
    return PlanResult(file=info.file, profiles_file=info.profiles_file, rows=rows, jurisdictions=info.jurisdictions,
                      rules_sha256=info.rules_sha256, tool_version=info.tool_version, as_of=info.as_of,
                      evaluations=stats.evaluations, headers=info.headers)
