"""The engagement checker: every activity × every jurisdiction, each a short loop over the steps.

No legal conclusion is written here: every outcome comes from a prohibition, an exemption, a designation or a
stated uncertainty in the data.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .. import __version__
from ..designation_status import CounterpartScreen
from ..engagement_io import unknown_facts
from ..models.enums import Outcome
from ..models.runtime import (
    Activity,
    ActivityOut,
    Counterpart,
    Engagement,
    Finding,
    JurisdictionOut,
    ListProvenance,
    Provenance,
    Result,
)
from ..predicates import FLAG_LABELS
from ..ruleset import RuleSet
from ..screening import Screener
from ..screening.namewords import bracket_demoted, generic_demoted, named_within
from .counterparts import counterpart_out, with_parents
from .finding import connections, evaluate_finding
from .memo import Memos, activity_key
from .ruleindex import rule_index
from .situation import DAY_SLOT, Dates, Situation
from .step import strictest

NOTICE = (
    "This memo was produced by legalcheck from encoded rules and designation lists. It is not legal advice. "
    "It may be incomplete or out of date; a qualified lawyer must review it before anyone relies on it."
)


@dataclass(frozen=True)
class Evaluation:
    """A result and every date of the data that the evaluation compared its days with: any other day that
    compares the same way with each of them gets the same evaluation (only the day quoted in texts differs)."""

    result: Result
    dates: Dates


@dataclass
class _Tally:
    """Per jurisdiction: the connections (deduplicated) and the activities it reaches; and what the situations of
    the check share."""

    connections: dict[str, list[str]]
    activities: dict[str, list[str]]
    seen: dict[str, set[str]]
    shared: dict[object, object]
    """What the situations of this check share (``Situation.once``), remembered for the engagement's content
    (:mod:`.memo`) when ``remembered``."""
    remembered: bool


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for one evaluation: the engine builds no reference cycles (what it
    allocates is freed by reference counting), and a collection started by its allocations would walk the whole
    loaded rule set. Whatever the caller set is restored (a collection it owes runs at its next allocation)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class Checker:
    """Evaluates one engagement against a rule set."""

    def __init__(self, rules: RuleSet, screener: Screener | None = None) -> None:
        self.rules = rules
        self.screener = screener or rules.screener()
        self._screens: dict[tuple[object, ...], CounterpartScreen] = {}
        self._data, self._own_screener = (rules.sha256, id(rules)), screener is None
        self._memos = Memos()
        rule_index(rules)  # what the engine derives from the rule data alone, kept with the rule set

    def _rebind(self) -> None:
        """Forget every screen and status of other rule data when ``rules`` was replaced (a server reloading its data
        into a kept checker) or holds other data (its SHA-256); screen with the new data's screener, unless given."""
        data = (self.rules.sha256, id(self.rules))
        if data != self._data:
            self._data, self._screens = data, {}
            self.screener = self.rules.screener() if self._own_screener else self.screener

    def _screen(self, c: Counterpart) -> CounterpartScreen:
        """The screen of ``c``, once per name, aliases and thresholds for this checker: its matches never change
        and the list statuses it remembers are keyed by list, day and wording, so a warm checker neither screens a
        counterpart again nor recomputes its statuses."""
        s = self.screener
        key = (c.id, c.name, tuple(c.aliases), s.threshold, s.review_threshold)
        hit = self._screens.get(key)
        if hit is None:
            if len(self._screens) > 10_000:
                self._screens.clear()
            found = bracket_demoted(generic_demoted(s.screen(c.name, c.aliases)), [c.name, *c.aliases], s.screen)
            within = [] if found else named_within(s.screen, c.name)
            hit = self._screens[key] = CounterpartScreen(c.id, c.name, found, within=within)
        elif len(hit.statuses) > 20_000:  # one per list, day and wording: bounded for a long plan of many days
            hit.statuses.clear()
        return hit

    def check(self, eng: Engagement, as_of: dt.date | None = None, input_sha256: str | None = None) -> Result:
        return self.evaluate(eng, as_of, input_sha256).result

    def evaluate(self, eng: Engagement, as_of: dt.date | None = None, input_sha256: str | None = None,
                 day_slot: bool = False) -> Evaluation:
        """The result, and the dates compared; with ``day_slot`` the findings' texts quote each activity's day
        as :data:`DAY_SLOT`, so that one evaluation serves every day that compares the same way."""
        with _gc_paused():
            return self._evaluate(eng, as_of, input_sha256, day_slot)

    def _evaluate(self, eng: Engagement, as_of: dt.date | None, input_sha256: str | None,
                  day_slot: bool) -> Evaluation:
        base_day = as_of or eng.date
        self._rebind()
        screens = {c.id: self._screen(c) for c in eng.counterparts}
        remembered = self._memos.shared(eng, (self.rules.sha256, id(self.rules), self.screener.threshold,
                                              self.screener.review_threshold))
        tally = _Tally({}, {}, {}, {} if remembered is None else remembered, remembered is not None)
        findings: list[Finding] = []
        activities: list[ActivityOut] = []
        dates: set[dt.date] = set()
        for act in eng.activities:
            out, act_findings, act_dates = self._activity(eng, act, as_of, screens, tally, day_slot)
            activities.append(out)
            findings.extend(act_findings)
            dates |= act_dates
        counterparts = []
        for c in eng.counterparts:
            cp, cp_dates = counterpart_out(screens[c.id], base_day)
            counterparts.append(cp)
            dates |= cp_dates
        counterparts = with_parents(eng, counterparts)
        result = Result(
            title=eng.title, as_of=base_day, provenance=self._provenance(base_day, as_of, input_sha256),
            assumptions=self.assumptions(eng, as_of), counterparts=counterparts,
            jurisdictions=[
                JurisdictionOut(code=j.meta.code, name=j.meta.name, applies=bool(tally.connections.get(j.meta.code)),
                                connections=tally.connections.get(j.meta.code, []),
                                activities=tally.activities.get(j.meta.code, []))
                for j in self.rules.ordered_jurisdictions()
            ],
            activities=activities, findings=findings,
            # rule-data warnings (review dates, list age) depend on the clock: `legalcheck validate` reports them;
            # a result depends only on its inputs
            warnings=unknown_facts(eng, self.rules), notice=NOTICE,
        )
        return Evaluation(result, frozenset(dates))

    def _activity(self, eng: Engagement, act: Activity, as_of: dt.date | None,
                  screens: dict[str, CounterpartScreen], tally: _Tally,
                  day_slot: bool) -> tuple[ActivityOut, list[Finding], Dates]:
        """Every jurisdiction's finding for one activity, and the activity's summary row."""
        day = as_of or act.date or eng.date
        purpose = (act.purpose or eng.purpose).value
        findings: list[Finding] = []
        dates: set[dt.date] = set()
        sit = None
        key = activity_key(tally.shared, act) if tally.remembered else None
        for jur in self.rules.ordered_jurisdictions():
            sit = Situation(eng, act, jur, day, purpose, screens, self.rules,
                            DAY_SLOT if day_slot else "", tally.shared, key, tally.remembered)
            conns, conn_dates = connections(sit)
            ev = evaluate_finding(sit, conns)
            dates |= conn_dates | ev.dates
            code = jur.meta.code
            if ev.finding.outcome != Outcome.not_applicable or ev.finding.components:
                tally.activities.setdefault(code, []).append(act.id)
            seen = tally.seen.setdefault(code, set())
            for c in conns:
                label = f"{c.description} (activity {act.id})"
                if label not in seen:
                    seen.add(label)
                    tally.connections.setdefault(code, []).append(label)
            findings.append(ev.finding)
        worst = strictest([f.outcome for f in findings], Outcome.not_applicable)
        performers = sit.performer_nationalities() if sit else []
        counterparts = [c.id for c in sit.counterparts()] if sit else []
        out = ActivityOut(id=act.id, kind=act.kind, label=self.rules.activity_kinds[act.kind].label,
                          description=act.description, date=day, purpose=purpose, performed_by=performers,
                          counterparts=counterparts, outcome=worst,
                          strictest_jurisdictions=[f.jurisdiction for f in findings if f.outcome == worst])
        return out, findings, frozenset(dates)

    def _provenance(self, base_day: dt.date, as_of: dt.date | None, input_sha256: str | None) -> Provenance:
        return Provenance(
            tool_version=__version__, rules_sha256=self.rules.sha256, input_sha256=input_sha256, as_of=base_day,
            as_of_overridden=as_of is not None, screening_threshold=self.screener.threshold,
            screening_review_threshold=self.screener.review_threshold,
            lists=[ListProvenance(id=lst.id, title=lst.title, as_of=lst.as_of, entries=len(lst.entries))
                   for lst in sorted(self.rules.lists.values(), key=lambda x: x.id)],
        )

    @staticmethod
    def assumptions(eng: Engagement, as_of: dt.date | None) -> list[str]:
        """What the memo assumes about the facts (stated in every result)."""
        out = [
            "The facts are as stated in the engagement file; legalcheck has not verified them.",
            "Each activity is performed by the staff nationalities listed in its 'performed_by' or, where none are "
            "given, by every staff nationality listed for the organisation.",
            "The funders listed are all the funders of this engagement.",
        ]
        if as_of is not None:
            out.append(f"All activities are assessed as of {as_of.isoformat()} (--as-of), not their own dates.")
        for flag, label in FLAG_LABELS.items():  # every organisation flag a qualifier can read
            if getattr(eng.organisation, flag, False) is None:
                out.append(f"Not stated whether the organisation {label}; exemptions that depend on it are "
                           "treated as uncertain.")
        if not eng.counterparts:
            out.append("No counterpart group is named; activities that deal with a group cannot be screened.")
        return out
