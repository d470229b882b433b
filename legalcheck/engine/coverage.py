"""Point 2 of the evaluation when no prohibition in force covers the activity kind: the jurisdiction's cited
coverage decision says why (``permitted``) or that it is open (``needs_review``); with no decision the kind is
not encoded, which is not the absence of law (``needs_review``)."""

from __future__ import annotations

from ..coverage import decision_for
from ..models.enums import Outcome
from ..questions import Question, stated_fact
from .situation import Situation


def uncovered(sit: Situation, engaged_elsewhere: bool) -> tuple[Outcome, str, Question | None]:
    """The outcome and summary for an activity kind that no prohibition in force on the day covers, with the keyed
    question when a fact would settle an unsettled decision (``settled_by``).

    ``engaged_elsewhere``: some prohibition covers the kind on other dates (so the day is outside their periods)."""
    jur, label = sit.jurisdiction, sit.rules.activity_kinds[sit.activity.kind].label
    decision = None if engaged_elsewhere else decision_for(jur, sit.activity.kind)
    if decision is not None:
        cited = "; ".join(f"{s.title} <{s.url}>" for s in decision.sources)
        fact = decision.settled_by
        value = stated_fact(sit.engagement, sit.activity, fact) if fact else None
        if decision.decision == "none" or (fact and value == decision.none_when):
            why = decision.reason if decision.decision == "none" else f"{fact} = {value}: {decision.none_reason}"
            return Outcome.permitted, (f"No offence or prohibition of {jur.meta.name} law reaches '{label}' "
                                       f"(coverage decision): {why.strip()} Sources: {cited}."), None
        unsettled = (f"Whether {jur.meta.name} law reaches '{label}' is unsettled (coverage decision): "
                     f"{decision.reason.strip()} Sources: {cited}.")
        if fact and value is None:
            fd = sit.rules.facts.get(fact)
            return Outcome.needs_review, unsettled, Question(fd.question if fd else fact, key=fact,
                                                             scope=fd.scope if fd else "activity")
        return Outcome.needs_review, unsettled, None
    when = (f"on {sit.day_text} (the provisions that cover it are not in force on that date)" if engaged_elsewhere
            else "at all")
    return Outcome.needs_review, (f"Not encoded: no provision of {jur.meta.name} law encoded in legalcheck covers "
                                  f"'{label}' {when}, and no cited decision says that none applies. Absence of an "
                                  "encoding is not absence of law: a lawyer must check."), None
