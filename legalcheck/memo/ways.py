"""The memo's ways forward (section 9): the improving alternatives computed by ``legalcheck.ways_forward``, as
view-model rows. Options for counsel: the outcomes above are never changed by them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..models.runtime import Engagement, Result
from ..ruleset import RuleSet
from ..vocabulary import VOCABULARY
from .parts import Label, label
from .text import Free, free

WAYS_NOTICE = ("Options for counsel, not conclusions: the same activity changed in one way the organisation "
               "controls, re-run through the same rules; listed only when no jurisdiction gets worse and one gets "
               "better. The outcomes in sections 1 and 6 stand.")
KIND_NAMES = {
    "staff": "Other staff", "funder": "Without a funder", "delivery": "Delivered another way",
    "licence": "Under a specific licence", "later": "After a known date",
    # a role the organisation could take on: its heading is in the vocabulary (organisation_flags[].way_forward)
    **{f.way_forward.kind: f.way_forward.heading for f in VOCABULARY.organisation_flags if f.way_forward},
}


@dataclass(frozen=True)
class WayView:
    activity: Free
    kind: str
    description: Free
    before: Label
    after: Label
    outcomes: list[tuple[str, Label, Label]]  # jurisdiction, before, after
    differences: list[Free]
    apply: tuple[Free, Free, Free, str] | None  # title, authority, how, url
    applied_before: Free | None = None  # the activity whose way gave the same licence route in full (else None)


def _untitled(difference: str, titles: dict[str, str]) -> str:
    """A rule whose outcome changes, by its id only (its title is in section 6, where the rule is first shown)."""
    head = next((t for t in titles if difference.startswith(t)), None)
    return titles[head] + difference[len(head):] if head else difference


def ways_view(result: Result, eng: Engagement, rules: RuleSet | None, ways: list[Any] | None = None) -> list[WayView]:
    """The ways forward as rows: ``ways`` when given (computed before redaction), else computed here."""
    if ways is None:
        if rules is None:
            return []
        from ..ways_forward import ways_forward

        ways = ways_forward(result, eng, rules)
    out: list[WayView] = []
    said: dict[tuple[str, ...], str] = {}
    titles = {f"{c.rule} ({c.title}): ": f"{c.rule}: " for f in result.findings for c in f.components}
    for w in ways:
        apply = (free(w.apply[0]), free("" if w.apply[1] in w.description else w.apply[1]), free(w.apply[2]),
                 w.apply[3]) if w.apply else None  # the authority, unless the description names it
        first = said.setdefault(tuple(w.apply), w.activity) if w.apply else w.activity
        out.append(WayView(free(w.activity), KIND_NAMES.get(w.kind, w.kind), free(w.description), label(w.before),
                           label(w.after), [(j, label(b), label(a)) for j, b, a in w.outcomes],
                           [free(_untitled(d, titles)) for d in w.differences], apply,
                           free(first) if first != w.activity else None))
    return out
