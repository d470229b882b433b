"""What one step of the evaluation of a prohibition returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..models.enums import Outcome
from ..models.runtime import ExemptionConsidered, Prohibition
from ..questions import Question
from .situation import NO_DATES, Dates, Situation


@dataclass(frozen=True)
class StepResult:
    """What one step found. A step *settles* the evaluation when it sets ``outcome``; it makes the engaged
    outcome ``needs_review`` when ``doubtful``. ``explanation`` is given by steps that settle before any
    exemption is looked at (the rule is not reached or not engaged)."""

    step: str
    outcome: Outcome | None = None
    explanation: str | None = None
    doubtful: bool = False
    reasons: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    assumptions: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()
    dates: Dates = NO_DATES
    trigger: str | None = None
    reached: tuple[str, ...] = ()
    arguable: tuple[str, ...] = ()
    considered: tuple[ExemptionConsidered, ...] = ()
    notes: tuple[str, ...] = ()
    """Stated in the explanation whatever the outcome (e.g. the de facto test applied and what other rules say)."""

    @property
    def settles(self) -> bool:
        return self.outcome is not None


Step = Callable[[Situation, Prohibition, tuple[StepResult, ...]], StepResult]
SEVERITY: dict[Outcome, int] = {o: o.severity for o in Outcome}
"""``Outcome.severity`` of each outcome, looked up without the enum's property machinery."""


def strictest(outcomes: list[Outcome], default: Outcome) -> Outcome:
    """``Outcome.strictest``: the most restrictive of ``outcomes`` (the first of equals), ``default`` if none."""
    return max(outcomes, key=SEVERITY.__getitem__) if outcomes else default
_NOTHING: dict[str, StepResult] = {}


def nothing(step: str) -> StepResult:
    """A result that finds nothing (no doubt, no fact): the same immutable object each time."""
    hit = _NOTHING.get(step)
    if hit is None:
        hit = _NOTHING[step] = StepResult(step)
    return hit


def doubt(step: str, reason: str, *questions: Question, trigger: str | None = None,
          facts: tuple[tuple[str, str], ...] = (), dates: Dates = NO_DATES) -> StepResult:
    """A result that makes the engaged outcome ``needs_review`` for ``reason``."""
    return StepResult(step, doubtful=True, reasons=(reason,), questions=questions, trigger=trigger, facts=facts,
                      dates=dates)


def not_engaged(step: str, explanation: str, *, trigger: str | None = None,
                facts: tuple[tuple[str, str], ...] = (), dates: Dates = NO_DATES,
                assumptions: tuple[str, ...] = ()) -> StepResult:
    """A result that settles the rule as ``permitted``: the rule is not engaged."""
    return StepResult(step, Outcome.permitted, explanation, trigger=trigger, facts=facts, dates=dates,
                      assumptions=assumptions)
