"""One prohibition applied to one situation: run the steps, decide the outcome once, explain it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..models.enums import Outcome
from ..models.runtime import (
    Citation,
    Component,
    ExemptionConsidered,
    Exposure,
    LicenceRouteOut,
    OpenQuestion,
    Prohibition,
)
from ..questions import Question, answer_at
from .build import trusted
from .exposure import consent_notes, immune_performers, immunity_notes, immunity_questions
from .ruleindex import rule_index
from .situation import Dates, Situation
from .step import SEVERITY, Step, StepResult
from .steps import STEPS


@dataclass(frozen=True)
class RuleEvaluation:
    component: Component
    results: tuple[StepResult, ...]
    dates: Dates


def run_steps(sit: Situation, p: Prohibition, steps: tuple[Step, ...] = STEPS) -> tuple[StepResult, ...]:
    """Each step in order, until one settles the evaluation."""
    results: tuple[StepResult, ...] = ()
    for step in steps:
        r = step(sit, p, results)
        results += (r,)
        if r.outcome is not None:  # it settles
            break
    return results


def decide(results: tuple[StepResult, ...]) -> Outcome:
    """The outcome, set here only: the settling step's, else ``needs_review`` when any step doubts, else
    ``prohibited``."""
    if results and results[-1].outcome is not None:
        return results[-1].outcome
    return Outcome.needs_review if any(r.doubtful for r in results) else Outcome.prohibited


def evaluate_rule(sit: Situation, p: Prohibition, steps: tuple[Step, ...] = STEPS) -> RuleEvaluation:
    results = run_steps(sit, p, steps)
    outcome = decide(results)
    dates = rule_index(sit.rules).rule_dates(p)
    for r in results:
        if r.dates:
            dates = dates | r.dates
    return RuleEvaluation(_component(sit, p, results, outcome), results, dates)


def _base(sit: Situation, p: Prohibition, results: tuple[StepResult, ...]) -> dict[str, Any]:
    """The fields of a component that do not depend on the outcome."""
    fields, citation = rule_index(sit.rules).component_fields(sit.jurisdiction, p)
    act = sit.activity
    facts = {"activity kind": act.kind, "date": sit.day_text, "purpose": sit.purpose}
    for r in results:
        if r.facts:
            facts.update(r.facts)
    return dict(
        fields, provisions=list(fields["provisions"]), sources=list(fields["sources"]),
        citation=trusted(Citation, **citation, provisions=list(fields["provisions"])),
        licence_routes=[
            LicenceRouteOut(id=r.id, title=r.title, authority=r.authority, how=r.how, url=r.url)
            for r in p.licence_routes
            if r.in_force.contains(sit.day) and (r.kinds is None or act.kind in r.kinds)
        ] if p.licence_routes else [],
        facts_used=facts, trigger="; ".join(r.trigger for r in results if r.trigger) or None,
        assumptions=[a for r in results for a in r.assumptions if a],
    )


def _component(sit: Situation, p: Prohibition, results: tuple[StepResult, ...], outcome: Outcome) -> Component:
    base = _base(sit, p, results)
    who = [x for r in results for x in r.reached]
    arguable = [x for r in results for x in r.arguable]
    last = results[-1]
    if last.explanation is not None:  # settled before any exemption was looked at: not reached, or not engaged
        return trusted(Component, **base, outcome=outcome, reached=who + arguable, exemptions_considered=[],
                       reasons=[], questions=[], explanation=last.explanation, open_questions=[], exposure=None)
    reached = who + [f"{a} (arguable)" for a in arguable]
    reasons = [x for r in results for x in r.reasons]
    considered = [e for r in results for e in r.considered]
    exposure = None
    notes = [n for r in results for n in r.notes]
    immune = immune_performers(sit) if outcome is Outcome.prohibited else []
    if immune:  # not an all-clear: what the immunity does to the outcome is its `effect` in the data
        outcome = Outcome.needs_review
        reasons = [*reasons, "everyone who carries out the activity holds an immunity from legal process: "
                   + "; ".join(f"{i.text} ({i.title}, {i.provision})" for i in immune) + ". "
                   + "; ".join(dict.fromkeys(i.effect for i in immune))]
    if outcome in (Outcome.prohibited, Outcome.needs_review):
        held = immunity_notes(sit)
        extra = consent_notes(sit, p) + held
        exposure = Exposure(who=reached, max_penalty=p.penalty.summary, penalties=[p.penalty.summary], notes=extra)
        notes += held  # an immunity changes the exposure: say so
    return trusted(
        Component, **base, outcome=outcome, reached=reached, exemptions_considered=considered, reasons=reasons,
        questions=[q.shown for r in results for q in r.questions], exposure=exposure,
        open_questions=open_questions(sit, [q for r in results for q in r.questions] + (
            immunity_questions(sit) if exposure else [])),
        explanation=explain(p, outcome, reasons, considered, base["trigger"], notes),
    )


def open_questions(sit: Situation, questions: list[Question]) -> list[OpenQuestion]:
    """The keyed questions, once each, with where in the file each is answered (a question no fact settles is
    not open to the file: it stays in the component's ``questions`` and ``reasons``)."""
    out: dict[tuple[str, str], OpenQuestion] = {}
    for q in questions:
        if q.key is None:
            continue
        out.setdefault((q.key, q.text), OpenQuestion(key=q.key, text=q.text, scope=q.scope,
                                                     answer_at=answer_at(q, sit.activity.id)))
    return list(out.values())


def explain(p: Prohibition, outcome: Outcome, reasons: list[str], considered: list[ExemptionConsidered],
            trigger: str | None, notes: list[str] | None = None) -> str:
    """The component's explanation: summary, designation, the de facto test and immunities, which exemption decided,
    why review is needed."""
    parts = [p.summary.strip()]
    if trigger:
        parts.append(f"Designation: {trigger}.")
    parts += [n[:1].upper() + n[1:] + ("" if n.endswith(".") else ".") for n in notes or []]
    applied = [e for e in considered if e.result == "applies"]
    if outcome in (Outcome.exempt, Outcome.licensed) and applied:
        e = min(applied, key=lambda x: SEVERITY[x.outcome] if x.outcome else 9)
        parts.append(f"{outcome.value.capitalize()} under {e.title} ({', '.join(e.provisions)}).")
        if e.conditions:
            conds = (c if c.rstrip().endswith(".") else c + "." for c in e.conditions)
            parts.append("Conditions: " + " ".join(conds))
    elif outcome == Outcome.prohibited:
        parts.append(
            "No exemption or general licence applies."
            if considered
            else "No exemption or general licence is encoded for this provision."
        )
    if reasons and outcome != Outcome.prohibited:
        parts.append(
            "Needs review because: " + "; ".join(reasons) + "."
            if outcome == Outcome.needs_review
            else "Notes: " + "; ".join(reasons) + "."
        )
    return " ".join(parts)
