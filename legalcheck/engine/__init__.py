"""The engine: applies the rule data to an engagement, as of its dates, as a list of small named steps.

Order (docs/rules-format.md): connection gate and rules in force (:mod:`.finding`); then, per prohibition, the
steps in :data:`.steps.STEPS` (reach, designation trigger, area trigger, conditions, unsettled/unverified,
exemptions, declared licences), run by :func:`.component.evaluate_rule`, which decides the outcome in one place.
"""

from __future__ import annotations

from .checker import NOTICE, Checker, Evaluation
from .component import decide, evaluate_rule, run_steps
from .reach import Hit, reached
from .situation import Situation
from .step import Question, StepResult
from .steps import STEPS

__all__ = ["NOTICE", "STEPS", "Checker", "Evaluation", "Hit", "Question", "Situation", "StepResult", "decide",
           "evaluate_rule", "reached", "run_steps"]
