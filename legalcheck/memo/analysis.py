"""The analysis by activity (compact) and the appendices of rules and of exemptions that did not apply.

Each rule's text that does not depend on the activity (its summary, mental element, reach clauses, penalty, licence
routes, sources) is printed once, in Appendix A; the analysis of an activity keeps only what is particular to it:
the outcome, why (the designation relied on, the exemption that decided, why review is needed), who is reached,
the exemptions that applied or might apply, and the open questions with their keys. Exemptions that did not apply
go to Appendix B, once each with the activities they were considered for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models.result import Component, ExemptionConsidered, Finding, LicenceRouteOut, Result
from ..ruleset import RuleSet
from .parts import Label, Note, label
from .text import Free, Words, free, joined, sentence

ENGAGED = ("prohibited", "needs_review", "licensed", "exempt")
SHOWN_EXEMPTIONS = ("applies", "unknown")
_TRIGGER = re.compile(r"^(.*? is designated on \S+ on \S+: '.*?' \(listed [^)]*\))(?:; .*)?$")
_ARGUABLE = "reach is arguable only: "


@dataclass(frozen=True)
class Considered:
    title: Free
    url: str | None
    provisions: Free
    result: str
    outcome: Label | None
    reason: Free
    note: Note


@dataclass(frozen=True)
class Route:
    title: Free
    authority: Free
    how: Free
    url: str
    note: Note


@dataclass(frozen=True)
class RuleView:
    """One rule applied to one activity: only what is particular to the activity (the rest is in Appendix A)."""

    rule: str  # the rule id: the anchor of its entry in Appendix A
    layer: str  # "Criminal" / "Sanctions"
    title: Free
    citation: Free
    url: str
    provisions: list[Free]
    outcome: Label
    verified: bool
    why: Free
    who: Words
    considered: list[Considered]
    stale: list[str]
    note: Note


@dataclass(frozen=True)
class QuietRule:
    """Rules considered and found not engaged for the activity, for the same reason (no prohibition found under
    them); their titles and citations are in Appendix A."""

    rules: list[tuple[str, str]]  # rule id, url of its instrument
    why: Free


@dataclass(frozen=True)
class RuleEntry:
    """Appendix A: a rule, once, with everything that does not depend on the activity."""

    rule: str
    layer: str
    title: Free
    citation: Free
    url: str
    provisions: list[Free]
    verified: bool
    summary: Free | None  # None for a rule never engaged by any activity
    mental_element: Free | None
    reach: list[Free]
    penalty: Free | None
    routes: list[Route]
    sources: list[str]
    last_reviewed: str
    note: Note


@dataclass(frozen=True)
class NotApplied:
    """Appendix B: an exemption or licence that did not apply, with where it was considered and why not."""

    title: Free
    url: str | None
    provisions: Free
    reasons: list[Words]  # "a, b (US: us.gtsr): does not cover ..."


def considered(e: ExemptionConsidered) -> Considered:
    provisions = ", ".join(e.provisions)
    note: Note = ((f"{e.title}, {provisions}" + (": " if e.url else "."), None), *(((e.url, e.url),) if e.url else ()))
    return Considered(free(e.title), e.url, free(provisions), e.result.replace("_", " "),
                      label(e.outcome) if e.outcome else None, free(e.reason), note)


def route(lr: LicenceRouteOut) -> Route:
    return Route(free(lr.title), free(lr.authority), free(lr.how), lr.url, ((f"{lr.title}: ", None), (lr.url, lr.url)))


def rule_note(comp: Component) -> Note:
    pieces: list[tuple[str, str | None]] = [
        (f"{comp.citation.citation}, {', '.join(comp.provisions)}: ", None), (comp.citation.url, comp.citation.url)]
    pieces.append((f". Rule {comp.rule}, last reviewed {comp.last_reviewed}"
                   f"{'' if comp.verified else '; not verified against the primary text'}; see Appendix A.", None))
    return tuple(pieces)


def short_who(reached: str) -> str:
    """Who a reach clause binds, without the clause's own explanation (that is in Appendix A)."""
    head = reached.split(" — ", 1)[0]
    extra = [m for m in ("if so: residence not stated",) if m in reached]
    return head + "".join(f" ({x})" for x in extra) + (" (arguable)" if reached.endswith("(arguable)") else "")


def _short_reason(reason: str) -> str:
    if reason.startswith(_ARGUABLE):
        return "reach is arguable only (who is reached, below)"
    return reason.rstrip(".")


def why(comp: Component, summary: str | None) -> str:
    """The explanation without the rule's summary (Appendix A) and with the designation shortened to the listing
    relied on (the match itself is in section 4)."""
    text = comp.explanation
    if summary and text.startswith(summary.strip()):
        text = text[len(summary.strip()):].strip()
    if comp.trigger:
        m = _TRIGGER.match(comp.trigger)
        if m:
            text = text.replace(comp.trigger, m.group(1) + " (match in section 4)")
    for lead in ("Needs review because: ", "Notes: "):
        if comp.reasons and lead in text:
            text = text.split(lead, 1)[0] + lead + "; ".join(_short_reason(r) for r in comp.reasons) + "."
    for e in (e for e in comp.exemptions_considered if e.result == "applies"):
        # the exemption that decided is listed under "Considered" and its conditions in section 8
        decided = f"{comp.outcome.value.capitalize()} under {e.title} ({', '.join(e.provisions)})."
        if decided in text:
            head, _, rest = text.partition(decided)
            notes = rest.partition("Notes: ")[2]
            text = f"{head}{comp.outcome.value.capitalize()} (below; conditions in section 8)." + (
                f" Notes: {notes}" if notes else "")
    return text.strip() or "See Appendix A."


def questions(comps: list[Component]) -> list[Free]:
    """The questions of ``comps``, once each, with the fact key that answers each and where to write it."""
    out: dict[str, None] = {}
    for c in comps:
        keyed = {q.text: q for q in c.open_questions}
        for q in c.questions:
            out.setdefault(f"{q} (answer with '{keyed[q].key}' at {keyed[q].answer_at})" if q in keyed else q)
    return [free(q) for q in out]


def rule_view(comp: Component, summary: str | None, stale: list[str]) -> RuleView:
    return RuleView(
        rule=comp.rule, layer=comp.layer.capitalize(), title=free(comp.title), citation=free(comp.citation.citation),
        url=comp.citation.url, provisions=[free(p) for p in comp.provisions], outcome=label(comp.outcome),
        verified=comp.verified, why=free(why(comp, summary)),
        who=joined(map(free, dict.fromkeys(short_who(x) for x in comp.reached)), "; "),
        considered=[considered(e) for e in comp.exemptions_considered if e.result in SHOWN_EXEMPTIONS],
        stale=stale, note=rule_note(comp))


def quiet_rules(comps: list[Component]) -> list[QuietRule]:
    by_why: dict[str, list[tuple[str, str]]] = {}
    for c in comps:
        text = c.explanation.split("; '", 1)[0].rstrip(".").removeprefix("Not engaged: ")
        text = text.replace("it applies only to groups on ", "only for groups on ")
        text = text.split("; it binds: ", 1)[0]  # who it binds: Appendix A
        by_why.setdefault(text, []).append((c.rule, c.citation.url))
    return [QuietRule(rules, free(why)) for why, rules in by_why.items()]


def rule_summaries(rules: RuleSet | None) -> dict[str, str]:
    if rules is None:
        return {}
    return {p.id: p.summary for j in rules.jurisdictions.values() for p in j.prohibitions}


def _reach_texts(comps: list[Component]) -> list[Free]:
    out: dict[str, None] = {}
    for c in comps:
        for x in c.reached:
            text = x.removesuffix(" (arguable)")
            out.setdefault(text.split(" — if so:", 1)[0], None)
    return [free(x) for x in out]


def rule_entries(r: Result, summaries: dict[str, str]) -> list[RuleEntry]:
    """Every rule considered, once, in the order first considered."""
    by_rule: dict[str, list[Component]] = {}
    for f in r.findings:
        for c in f.components:
            by_rule.setdefault(c.rule, []).append(c)
    out = []
    for rule, comps in by_rule.items():
        c = comps[0]
        engaged = any(x.outcome.value in ENGAGED for x in comps)
        routes = {lr.id: lr for x in comps for lr in x.licence_routes}
        penalty = next((x.exposure.max_penalty for x in comps if x.exposure and x.exposure.max_penalty), None)
        out.append(RuleEntry(
            rule=rule, layer=c.layer.capitalize(), title=free(c.title), citation=free(c.citation.citation),
            url=c.citation.url, provisions=[free(p) for p in c.provisions], verified=c.verified,
            summary=free(summaries.get(rule, "").strip()) if engaged and summaries.get(rule) else None,
            mental_element=free(sentence(c.mental_element)) if engaged else None,
            reach=_reach_texts(comps) if engaged else [], penalty=free(penalty) if penalty else None,
            routes=[route(lr) for lr in routes.values()], sources=list(c.sources),
            last_reviewed=str(c.last_reviewed), note=rule_note(c)))
    return out


def not_applied(r: Result) -> list[NotApplied]:
    """Every exemption or licence considered that did not apply, once each, with why not and where."""
    found: dict[str, tuple[ExemptionConsidered, dict[str, list[str]]]] = {}
    for f in r.findings:
        for c in f.components:
            for e in c.exemptions_considered:
                if e.result in SHOWN_EXEMPTIONS:
                    continue
                _, reasons = found.setdefault(e.id, (e, {}))
                where = f"{f.activity} ({f.jurisdiction})"
                reasons.setdefault(e.reason, [])
                if where not in reasons[e.reason]:
                    reasons[e.reason].append(where)
    return [NotApplied(free(e.title), e.url, free(", ".join(e.provisions)),
                       [(free(", ".join(w)), ": ", free(reason)) for reason, w in reasons.items()])
            for e, reasons in found.values()]


def finding_rules(f: Finding, summaries: dict[str, str], stale: dict[str, list[str]]) -> tuple[
        list[RuleView], list[QuietRule]]:
    engaged = [rule_view(c, summaries.get(c.rule), stale.get(c.rule, [])) for c in f.components
               if c.outcome.value in ENGAGED]
    quiet = quiet_rules([c for c in f.components if c.outcome.value not in ENGAGED])
    return engaged, quiet
