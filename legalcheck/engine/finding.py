"""One activity under one jurisdiction: the connection gate, the rules in force, and their combination."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..models.enums import Outcome
from ..models.runtime import Component, ConnectionOut, Exposure, Finding
from ..models.runtime_base import coerce_outcome
from ..questions import Question
from .build import trusted
from .component import evaluate_rule, open_questions
from .coverage import uncovered
from .horizon import before_horizon
from .reach import reached
from .ruleindex import rule_index
from .situation import Dates, Situation
from .step import strictest
from .unencoded import unencoded_listing

# Plain defaults; a jurisdiction's data words its own (``holds``, ``holds_possibly``), e.g. the UN overlay's.
CONNECTION_TEXT = {
    "incorporation": "organisation incorporated in {subject}",
    "nationality": "staff nationality {subject}",
    "residence": "staff resident in {subject}",
    "territory": "activity takes place in {subject}",
    "government_funding": "funded by {subject} ({detail})",
    "business_in_union": "business done in whole or in part in the Union: {subject} ({detail})",
    "counterpart_listed": "counterpart {subject} is on a list this jurisdiction names",
}
POSSIBLY_LISTED = "counterpart {subject} may be on a list this jurisdiction names (not identified with certainty)"


@dataclass(frozen=True)
class FindingEvaluation:
    finding: Finding
    dates: Dates


def connections(sit: Situation) -> tuple[list[ConnectionOut], Dates]:
    """How the jurisdiction is connected to the activity at all (its ``connections``), and the dates compared
    (worded once per activity and jurisdiction: ``Situation.once_here``)."""
    held, dates = sit.once_here(("connections",), lambda: _connections(sit))
    return [ConnectionOut(basis=b, strength=s, description=d) for b, s, d in held], dates


def _connections(sit: Situation) -> tuple[tuple[tuple[str, str, str], ...], Dates]:
    out: list[tuple[str, str, str]] = []
    dates: set[dt.date] = set()
    for c in sit.jurisdiction.meta.connections:
        r = reached(c.basis, c.countries, sit, c.lists)
        dates |= r.dates
        for h in r.hits:
            text = c.holds or CONNECTION_TEXT[h.basis]
            if h.strength == "possible" and h.basis == "counterpart_listed":
                text = c.holds_possibly or POSSIBLY_LISTED
            out.append((c.basis, h.strength, text.format(subject=h.subject, detail=h.detail)))
    return tuple(out), frozenset(dates)


def evaluate_finding(sit: Situation, conns: list[ConnectionOut]) -> FindingEvaluation:
    """The finding: ``not_applicable`` without a connection; when no rule in force covers the kind, what the
    jurisdiction's coverage decision says (``needs_review`` without one); else the most restrictive component."""
    jur, act, day = sit.jurisdiction, sit.activity, sit.day

    def bare(outcome: Outcome, summary: str, dates: Dates, assumed: list[str] | None = None,
             fact_q: Question | None = None) -> FindingEvaluation:
        asks = [fact_q.shown if fact_q else counsel_question(sit, summary)] if outcome == Outcome.needs_review else []
        return FindingEvaluation(trusted(Finding, activity=act.id, activity_kind=act.kind, date=day,
                                         jurisdiction=jur.meta.code, outcome=coerce_outcome(outcome), layers={},
                                         components=[], summary=summary, exposure=None, questions=asks,
                                         assumptions=list(assumed or []),
                                         open_questions=open_questions(sit, [fact_q] if fact_q else []),
                                         what_would_change=[]), dates)

    unencoded, unencoded_dates = unencoded_listing(sit, connected=bool(conns))
    if unencoded:
        return bare(Outcome.needs_review, unencoded, unencoded_dates)
    if not conns:
        assumed = unlisted_assumptions(sit)
        return bare(Outcome.not_applicable, unconnected(sit) + "".join(f" Assumed: {a}." for a in assumed),
                    unencoded_dates, assumed)
    outside, horizon = before_horizon(sit)
    if outside:
        return bare(Outcome.needs_review, outside, horizon)
    kinds, kind_dates = rule_index(sit.rules).covering(jur, act.kind)
    dates = kind_dates | horizon | unencoded_dates
    rules = [p for p in kinds if p.in_force.contains(day)]
    if not rules:
        outcome, summary, fact_q = uncovered(sit, engaged_elsewhere=bool(kinds))
        return bare(outcome, summary, dates, fact_q=fact_q)
    evals = [evaluate_rule(sit, p) for p in rules]
    comps = [e.component for e in evals]
    outcome = strictest([c.outcome for c in comps], Outcome.permitted)
    finding = trusted(Finding, activity=act.id, activity_kind=act.kind, date=day, jurisdiction=jur.meta.code,
                      outcome=outcome,
                      layers=_layers(comps), summary=_summary(comps, outcome), components=comps,
                      exposure=_exposure(comps), questions=_unique(q for c in comps for q in c.questions),
                      open_questions=list({(q.key, q.text): q for c in comps for q in c.open_questions}.values()),
                      what_would_change=_what_would_change(comps), assumptions=[])
    return FindingEvaluation(finding, dates.union(*(e.dates for e in evals)))


COUNSEL = ("the point is one of law or of legalcheck's data (what is not encoded), not a fact of the engagement: "
           "counsel review")


def counsel_question(sit: Situation, summary: str) -> str:
    """The question a finding settled before any rule asks (not encoded, outside the horizon, a listing under a
    regime not encoded): no fact of the file settles it, and it says so."""
    q = Question(f"What does {sit.jurisdiction.meta.name} law say about this activity on {sit.day_text}? "
                 f"({summary.split(':')[0]})", no_fact=COUNSEL)
    return q.shown


def unconnected(sit: Situation) -> str:
    """Why the jurisdiction does not reach the activity, in the words of its ``connections`` in the data."""
    ways = "; ".join((c.description or c.basis.replace("_", " ")).strip().rstrip(".")
                     for c in sit.jurisdiction.meta.connections)
    return f"{sit.jurisdiction.meta.name} law does not reach this activity: none of its connections holds ({ways})."


def unlisted_assumptions(sit: Situation) -> list[str]:
    """The assumptions on which a ``counterpart_listed`` connection does not hold (a counterpart taken as not on a
    list whose data does not reach back to the day)."""
    return [a for c in sit.jurisdiction.meta.connections if c.basis == "counterpart_listed"
            for a in reached(c.basis, c.countries, sit, c.lists).assumptions]


def _layers(comps: list[Component]) -> dict[str, Outcome]:
    layers: dict[str, Outcome] = {}
    for c in comps:
        cur = layers.get(c.layer)
        layers[c.layer] = c.outcome if cur is None else strictest([cur, c.outcome], c.outcome)
    return layers


def _summary(comps: list[Component], outcome: Outcome) -> str:
    summary = "; ".join(f"{c.layer} ({c.rule}): {c.outcome.value}" for c in comps)
    return f"{outcome.value} — " + summary if any(c.outcome == outcome for c in comps) else summary


def _exposure(comps: list[Component]) -> Exposure | None:
    """Who is exposed, and to which penalties, under the components that prohibit or need review."""
    exposed = [c.exposure for c in comps if c.outcome in (Outcome.prohibited, Outcome.needs_review) and c.exposure]
    if not exposed:
        return None
    penalties = _unique(f"{c.citation.citation} {', '.join(c.provisions)}: {c.exposure.max_penalty}"
                        for c in comps if c.outcome in (Outcome.prohibited, Outcome.needs_review) and c.exposure)
    return Exposure(who=_unique(w for e in exposed for w in e.who), max_penalty=exposed[0].max_penalty,
                    penalties=penalties, notes=_unique(n for e in exposed for n in e.notes))


def _what_would_change(comps: list[Component]) -> list[str]:
    """Exemptions that would apply if a fact were otherwise, and licence routes, for rules that bite."""
    out: list[str] = []
    for c in comps:
        if c.outcome not in (Outcome.prohibited, Outcome.needs_review):
            continue
        out += [f"{c.rule}: {e.title} ({', '.join(e.provisions)}) would apply if: {e.reason}"
                for e in c.exemptions_considered if e.result in ("does_not_apply", "unknown")]
        out += [f"{c.rule}: {lr.title} — {lr.authority}: {lr.how}" for lr in c.licence_routes]
    return _unique(out)


def _unique(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for x in items:
        if x not in out:
            out.append(x)
    return out
