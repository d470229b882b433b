"""Exemptions and general licences: which are considered for a prohibition, and whether each applies."""

from __future__ import annotations

import datetime as dt

from ..models.enums import Outcome
from ..models.runtime import Exemption, ExemptionConsidered, Prohibition
from ..predicates import evaluate
from ..questions import Question, stated_fact
from .build import trusted
from .ruleindex import ExemptionData, rule_index
from .situation import Situation


def exemptions_for(sit: Situation, p: Prohibition) -> list[Exemption]:
    """Exemptions naming ``p`` in ``applies_to``: the jurisdiction's own first, then any other's (found once per
    rule set, jurisdiction and prohibition: they depend on the rule data only)."""
    memo = sit.rules.__dict__.setdefault("_exemptions_for", {})
    key = (sit.jurisdiction.meta.code, p.id)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _exemptions_for(sit, p)
    return list(found)


def _exemptions_for(sit: Situation, p: Prohibition) -> list[Exemption]:
    jur = sit.jurisdiction
    own = [e for e in jur.exemptions if p.id in e.applies_to]
    others = [
        e for j in sit.rules.jurisdictions.values() if j is not jur for e in j.exemptions if p.id in e.applies_to
    ]
    return own + others


def consider(sit: Situation, e: Exemption) -> ExemptionConsidered:
    """Whether ``e`` applies to the situation (tri-state: applies, does not, unknown), and why."""
    return consider_keyed(sit, e)[0]


def consider_keyed(sit: Situation, e: Exemption) -> tuple[ExemptionConsidered, tuple[Question, ...]]:
    """:func:`consider`, with the keyed questions whose answers would settle whether ``e`` applies.

    Once per check for each exemption and what it reads of the activity: whether the day is in the exemption's
    period (and the day's wording when it is not), the facts its qualifier tests, its purpose where the qualifier
    tests it, and its kind where the exemption's kinds leave it out or the qualifier tests it (else only which of
    the exemption's ``unsettled`` entries name it); that key found once per activity (``Situation.once``)."""
    return sit.once(("consider", id(e)), lambda: _keyed(sit, e))


def _keyed(sit: Situation, e: Exemption) -> tuple[ExemptionConsidered, tuple[Question, ...]]:
    act, data = sit.activity, rule_index(sit.rules).exemption(e)
    in_force = e.in_force.contains(sit.day)
    facts = tuple(repr(stated_fact(sit.engagement, act, n)) for n in data.fact_names)
    if data.reads_kind or (e.activity_kinds is not None and act.kind not in e.activity_kinds):
        kind: tuple[object, ...] = ("kind", act.kind)
    else:
        kind = ("unsettled", *(act.kind in u.kinds for u in e.unsettled))
    key = ("consider", id(e), kind, sit.purpose if data.reads_purpose else None, in_force,
           None if in_force else sit.day_text, facts)
    return sit.once_per_check(key, lambda: _consider(sit, e, data))


def _consider(sit: Situation, e: Exemption, data: ExemptionData) -> tuple[ExemptionConsidered, tuple[Question, ...]]:
    common = dict(id=e.id, title=e.title, provisions=list(e.provisions), url=data.url, kind=e.kind,
                  verified=e.verified, conditions=list(e.conditions), questions=[])  # every field but three
    act, day = sit.activity, sit.day
    lapse = _scheduled_lapse(e, day)
    if lapse is not None:  # after a lapse only scheduled when the data were reviewed: renewal is possible
        if evaluate(data.qualifier, sit.engagement, act, sit.purpose, sit.rules.facts, sit.shared).value is not False:
            return trusted(ExemptionConsidered, **common, result="unknown", outcome=Outcome.needs_review,
                           reason=lapse), ()
    if not e.in_force.contains(day):
        return trusted(
            ExemptionConsidered, **common, result="not_in_force", outcome=None,
            reason=f"not in force on {sit.day_text} ({e.in_force.label()})",
        ), ()
    if e.activity_kinds is not None and act.kind not in e.activity_kinds:
        return trusted(
            ExemptionConsidered, **common, result="not_for_this_activity", outcome=None,
            reason=f"does not cover '{sit.rules.activity_kinds[act.kind].label}' "
            f"(covers: {', '.join(e.activity_kinds)})",
        ), ()
    v = evaluate(data.qualifier, sit.engagement, act, sit.purpose, sit.rules.facts, sit.shared)
    if v.value is False:
        return trusted(
            ExemptionConsidered, **common, result="does_not_apply", outcome=None,
            reason=f"requires {data.text}; here: " + "; ".join(v.reasons),
        ), ()
    if v.value is None:
        texts = [q.text for q in v.questions]
        common["questions"] = texts
        return trusted(
            ExemptionConsidered, **common, result="unknown", outcome=Outcome.needs_review,
            reason=f"may apply if {data.text}; missing: " + "; ".join(texts),
        ), tuple(v.questions)
    return trusted(ExemptionConsidered, **common, result="applies",
                   **_caveats(sit, e, "applies: " + "; ".join(v.reasons))), ()


def _scheduled_lapse(e: Exemption, day: dt.date) -> str | None:
    """Why the exemption's lapse is not settled on ``day`` (None when it is): the day falls after an end it was only
    scheduled to reach when its data were last reviewed (``lapsed`` with ``in_force.to`` later than
    ``last_reviewed``); it may have been renewed or extended since (e.g. the EU terrorist-list exemption)."""
    end = e.in_force.to
    if e.lapsed is None or end is None or day < end or e.last_reviewed >= end:
        return None
    return (f"due to lapse on {end.isoformat()} ({e.lapsed.reason.rstrip('.')}), after the data were last reviewed "
            f"({e.last_reviewed.isoformat()}): whether it was renewed or extended must be checked")


def _caveats(sit: Situation, e: Exemption, reason: str) -> dict[str, object]:
    """The outcome of an exemption that applies: its effect, or ``needs_review`` when it is unsettled for the
    activity kind or not verified."""
    outcome = Outcome(e.effect)
    notes = []
    for u in e.unsettled:
        if sit.activity.kind in u.kinds:
            outcome = Outcome.needs_review
            notes.append(f"unsettled for this activity: {u.reason}")
    if not e.verified:
        outcome = Outcome.needs_review
        notes.append(
            "exemption not verified against the primary text"
            + (": " + "; ".join(e.unverified_points) if e.unverified_points else "")
        )
    return {"outcome": outcome, "reason": reason + (". " + " ".join(notes) if notes else "")}
