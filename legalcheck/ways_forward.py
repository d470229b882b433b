"""Ways forward: alternatives the organisation controls, re-run through the engine, kept when they improve.

For each activity whose outcome is PROHIBITED or NEEDS REVIEW, the engine is run again on variants of the activity
that the organisation could choose: performed by staff of another nationality on its staff list; without one of its
funders; delivered another way (an alternative kind, or with nothing of value passing to the group, where the
activity kind's ``alternatives`` in the vocabulary data name one); in a role the vocabulary's organisation flags
name as a ``way_forward`` (the implementing partner of a UN agency or other UNSCR 2664 actor); under a specific
licence (one per licence route of a rule that bites, where the route's ``match`` words let a declared licence be
recognised); and on a later date of the data (a licence or exemption
taking effect, a delisting). A variant is kept only when no jurisdiction gets worse and at least one gets better.

Nothing here decides an outcome: every outcome is the engine's, on the changed facts. The real result is never
changed: these are options for counsel to consider, each with the rules that make the difference.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .engine import Checker
from .models.runtime import Activity, Engagement, Finding, LicenceRoute, Result
from .ruleset import RuleSet
from .vocabulary import VOCABULARY

BITES = ("prohibited", "needs_review")


@dataclass(frozen=True)
class Variant:
    kind: str  # staff | funder | delivery | licence | later, or a role's kind from the vocabulary (un_partner)
    description: str
    engagement: Engagement
    apply: tuple[str, str, str, str] | None = None  # licence route: title, authority, how, url
    route: str | None = None  # the licence route's id (a licence variant counts only when that route decides)


@dataclass(frozen=True)
class WayForward:
    activity: str
    kind: str
    description: str
    before: str  # the activity's outcome
    after: str
    outcomes: list[tuple[str, str, str]]  # jurisdiction, outcome before, outcome after (changed ones only)
    differences: list[str]  # the rules (and exemptions) that make the difference
    apply: tuple[str, str, str, str] | None


def _with(eng: Engagement, act: Activity, **update: object) -> Engagement:
    return eng.model_copy(update={"activities": [act.model_copy(update=update)]})


def _staff(eng: Engagement, act: Activity, doing: list[str]) -> Iterator[Variant]:
    for nat in dict.fromkeys(s.nationality for s in eng.organisation.staff):
        if nat not in doing:
            yield Variant("staff", f"performed by staff of nationality {nat} instead of {', '.join(doing)}",
                          _with(eng, act, performed_by=[nat]))


def _funders(eng: Engagement, act: Activity) -> Iterator[Variant]:
    one = eng.model_copy(update={"activities": [act]})
    for i, f in enumerate(eng.funders):
        rest = [x for j, x in enumerate(eng.funders) if j != i]
        yield Variant("funder", f"without funding from {f.name} ({f.country}) for this activity",
                      one.model_copy(update={"funders": rest}))


def _delivery(eng: Engagement, act: Activity, rules: RuleSet) -> Iterator[Variant]:
    kind = rules.activity_kinds.get(act.kind)
    for alt in getattr(kind, "alternatives", None) or []:
        update: dict[str, object] = {}
        if alt.kind:
            update["kind"] = alt.kind
        if alt.value_passes is not None:
            update["value_passes"] = alt.value_passes
        yield Variant("delivery", alt.how, _with(eng, act, **update))


def _roles(eng: Engagement, act: Activity) -> Iterator[Variant]:
    """The activity with the organisation in each role the vocabulary names as a way forward (an organisation flag's
    ``way_forward``, e.g. implementing partner of a UNSCR 2664 actor), where the file does not already state it."""
    for flag in VOCABULARY.organisation_flags:
        way = flag.way_forward
        if way is not None and getattr(eng.organisation, flag.id, None) is not way.value:
            org = eng.organisation.model_copy(update={flag.id: way.value})
            yield Variant(way.kind, way.how, _with(eng, act).model_copy(update={"organisation": org}))


def _licences(eng: Engagement, act: Activity, findings: list[Finding], routes: dict[str, LicenceRoute]
              ) -> Iterator[Variant]:
    """One variant per licence route of a rule that bites, when its ``match`` words let a declared licence be
    recognised as that route."""
    seen: set[str] = set()
    for c in (c for f in findings for c in f.components if c.outcome.value in BITES):
        for lr in c.licence_routes:
            route = routes.get(lr.id)
            if lr.id in seen or route is None or not route.match:
                continue
            seen.add(lr.id)
            yield Variant("licence", f"with {lr.title}, from {lr.authority}",
                          _with(eng, act, licences=[*act.licences, route.match[0]]),
                          (lr.title, lr.authority, lr.how, lr.url), lr.id)


def _later(eng: Engagement, act: Activity, day: dt.date, dates: frozenset[dt.date], until: dt.date | None
           ) -> Iterator[Variant]:
    """The activity on each later date of the data, up to the day the lists stop answering (after it every outcome
    is NEEDS REVIEW, never a decided improvement)."""
    for d in sorted(x for x in dates if x > day and (until is None or x < until)):
        yield Variant("later", f"on or after {d} (a date in the rule or list data)", _with(eng, act, date=d))


def _variants(eng: Engagement, act: Activity, findings: list[Finding], doing: list[str], rules: RuleSet,
              routes: dict[str, LicenceRoute]) -> Iterator[Variant]:
    yield from _staff(eng, act, doing)
    yield from _funders(eng, act)
    yield from _delivery(eng, act, rules)
    yield from _roles(eng, act)
    yield from _licences(eng, act, findings, routes)


def _compare(before: list[Finding], after: list[Finding]) -> tuple[bool, list[tuple[str, str, str]], list[str]]:
    """Whether ``after`` improves on ``before`` (no jurisdiction worse, one that prohibited or needed review now
    less restrictive), the changed outcomes and the rules whose outcome changed."""
    was = {f.jurisdiction: f for f in before}
    changed, diffs, better = [], [], False
    for f in after:
        old = was[f.jurisdiction]
        delta = VOCABULARY.severity(old.outcome.value) - VOCABULARY.severity(f.outcome.value)
        if delta < 0:
            return False, [], []
        if delta > 0 and old.outcome.value in BITES:
            better = True
            changed.append((f.jurisdiction, old.outcome.value, f.outcome.value))
            diffs += _rule_changes(old, f)
    return better, changed, diffs


def _decided_by_route(after: list[Finding], changed: list[tuple[str, str, str]], route: str) -> bool:
    """Whether a jurisdiction improved because a rule is now licensed or exempt under the licence route (a declared
    licence that only raises doubt under another law is no way forward)."""
    improved = {j for j, _, _ in changed}
    return any(f.jurisdiction in improved and c.outcome.value in ("licensed", "exempt")
               and any(lr.id == route for lr in c.licence_routes) for f in after for c in f.components)


def _label(outcome: str) -> str:
    return VOCABULARY.outcome(outcome).label


def _rule_changes(old: Finding, new: Finding) -> list[str]:
    """The rules whose outcome changed, each with the exemption or licence that now applies, if any."""
    prev = {c.rule: c for c in old.components}
    out = []
    for c in new.components:
        p = prev.pop(c.rule, None)
        if p is None or p.outcome == c.outcome:
            continue
        now = [e.title for e in c.exemptions_considered if e.result == "applies"]
        out.append(f"{c.rule} ({c.title}): {_label(p.outcome.value)} → {_label(c.outcome.value)}"
                   + (f", as {'; '.join(now)} applies" if now else "")
                   + (f" ({'; '.join(c.reasons)})" if c.reasons and c.outcome.value == "licensed" else ""))
    gone = [c for c in prev.values() if c.outcome.value in BITES]
    if gone and not new.components:
        out.append(f"{old.jurisdiction} law no longer reaches the activity (no connection holds): "
                   + ", ".join(c.rule for c in gone) + " not reached")
    else:
        out += [f"{c.rule} ({c.title}): {_label(c.outcome.value)} → not reached" for c in gone]
    return out


def _way(act_id: str, v: Variant, before: str, after: list[Finding], changed: list[tuple[str, str, str]],
         diffs: list[str]) -> WayForward:
    worst = max((f.outcome.value for f in after), key=VOCABULARY.severity, default="not_applicable")
    return WayForward(act_id, v.kind, v.description, before, worst, changed, diffs, v.apply)


def _lists_answer_until(result: Result, rules: RuleSet) -> dt.date | None:
    """The first day on which a list a counterpart matched no longer answers (its check date plus review days)."""
    days = [lst.answers_until for c in result.counterparts for m in c.matches
            if (lst := rules.lists.get(m.list)) is not None]
    return min(days, default=None)


class _ScreenOnce:
    """The rule set's screener, each name screened once: every variant names the same counterparts."""

    def __init__(self, screener: Any) -> None:
        self.screener = screener
        self.threshold = screener.threshold
        self.review_threshold = screener.review_threshold
        self._seen: dict[tuple[str, tuple[str, ...]], Any] = {}

    def screen(self, name: str, aliases: list[str] | tuple[str, ...] = ()) -> Any:
        key = (name, tuple(aliases))
        if key not in self._seen:
            self._seen[key] = self.screener.screen(name, aliases)
        return self._seen[key]


class WaysForward:
    """Computes the ways forward of a result, sharing one checker (the loaded rules, a screener that screens each
    name once) and the ways of identical activities (an activity repeated under other ids is computed once)."""

    def __init__(self, rules: RuleSet, checker: Checker | None = None) -> None:
        self.rules = rules
        self.checker = checker or Checker(rules, _ScreenOnce(rules.screener()))
        self.routes = {r.id: r for j in rules.jurisdictions.values() for p in j.prohibitions
                       for r in p.licence_routes}
        self._done: dict[str, list[WayForward]] = {}

    def _run(self, eng: Engagement, as_of: dt.date | None) -> tuple[list[Finding], frozenset[dt.date]]:
        ev = self.checker.evaluate(eng, as_of)
        return ev.result.findings, ev.dates

    def activity(self, result: Result, eng: Engagement, act: Activity) -> list[WayForward]:
        """The improving alternatives for one activity (none unless it is prohibited or needs review)."""
        out_act = next(a for a in result.activities if a.id == act.id)
        if out_act.outcome.value not in BITES:
            return []
        as_of = result.as_of if result.provenance.as_of_overridden else None
        before, dates = self._run(eng.model_copy(update={"activities": [act]}), as_of)
        ways = []
        for v in _variants(eng, act, before, out_act.performed_by, self.rules, self.routes):
            after, _ = self._run(v.engagement, as_of)
            better, changed, diffs = _compare(before, after)
            if better and (v.route is None or _decided_by_route(after, changed, v.route)):
                ways.append(_way(act.id, v, out_act.outcome.value, after, changed, diffs))
        if as_of is None:
            ways += self._later(eng, act, out_act.date, before, dates, _lists_answer_until(result, self.rules))
        return ways

    def _later(self, eng: Engagement, act: Activity, day: dt.date, before: list[Finding],
               dates: frozenset[dt.date], until: dt.date | None) -> list[WayForward]:
        """The earliest later date of the data on which the outcome improves to a decided outcome (not merely to
        NEEDS REVIEW, which a date past the lists' check dates or the encoded horizon always gives), if any."""
        for v in _later(eng, act, day, dates, until):
            after, _ = self._run(v.engagement, None)
            better, changed, diffs = _compare(before, after)
            if better and all(a != "needs_review" for _, _, a in changed):
                worst = max((f.outcome.value for f in before), key=VOCABULARY.severity)
                return [_way(act.id, v, worst, after, changed, diffs)]
        return []

    def result(self, result: Result, eng: Engagement) -> list[WayForward]:
        out = []
        for act in eng.activities:
            key = act.model_copy(update={"id": "_", "description": None}).model_dump_json()
            if key not in self._done:
                self._done[key] = self.activity(result, eng, act)
            out += [dataclasses.replace(w, activity=act.id) for w in self._done[key]]
        return out


def ways_forward(result: Result, eng: Engagement, rules: RuleSet) -> list[WayForward]:
    """Every improving alternative of every prohibited or needs-review activity of ``result``."""
    return WaysForward(rules).result(result, eng)
