"""Point 2 of the evaluation when no prohibition in force covers the activity kind: the jurisdiction's cited
coverage decision says why (``permitted``) or that it is open (``needs_review``); with no decision the kind is
not encoded, which is not the absence of law (``needs_review``)."""

from __future__ import annotations

from ..coverage import decision_for
from ..models.common import Outcome
from .situation import Situation


def uncovered(sit: Situation, engaged_elsewhere: bool) -> tuple[Outcome, str]:
    """The outcome and summary for an activity kind that no prohibition in force on the day covers.

    ``engaged_elsewhere``: some prohibition covers the kind on other dates (so the day is outside their periods)."""
    jur, label = sit.jurisdiction, sit.rules.activity_kinds[sit.activity.kind].label
    decision = None if engaged_elsewhere else decision_for(jur, sit.activity.kind)
    if decision is not None:
        cited = "; ".join(f"{s.title} <{s.url}>" for s in decision.sources)
        if decision.decision == "none":
            return Outcome.permitted, (f"No offence or prohibition of {jur.meta.name} law reaches '{label}' "
                                       f"(coverage decision): {decision.reason.strip()} Sources: {cited}.")
        return Outcome.needs_review, (f"Whether {jur.meta.name} law reaches '{label}' is unsettled (coverage "
                                      f"decision): {decision.reason.strip()} Sources: {cited}.")
    when = (f"on {sit.day_text} (the provisions that cover it are not in force on that date)" if engaged_elsewhere
            else "at all")
    return Outcome.needs_review, (f"Not encoded: no provision of {jur.meta.name} law encoded in legalcheck covers "
                                  f"'{label}' {when}, and no cited decision says that none applies. Absence of an "
                                  "encoding is not absence of law: a lawyer must check.")
