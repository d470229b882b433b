"""The analysis by activity (compact) and the appendices of rules and of exemptions that did not apply.

Each rule's text that does not depend on the activity (its verification points, mental element, penalty and licence
routes) is printed once, in Appendix A; the analysis of an activity keeps only what is particular to it: the
outcome, why (the designation relied on, the exemption that decided, why review is needed), who is reached, the
exemptions that applied or might apply, and the open questions with their keys. Exemptions that did not apply go
to Appendix B, once each with the activities they were considered for. A rule's summary paragraph, its reach
clauses with their legal basis and its secondary sources are not in the Markdown memo (issue 14: the memo at 40% of
its length before): the title, the linked citation and each finding say what the rule is and whom it reaches. The
HTML memo gives them in each engaged rule's entry, collapsed (``RuleEntry.summary``, ``reach``, ``sources``); the
JSON result carries them too.

What is the same for several activities is said once: an unsettled point, an exemption's reasoning and a question
are given in full for the first activity and referred to after ("as for activity a"); a rule's title where the
analysis first shows it; the points on which a rule was not verified are in its Appendix A entry (a point shared
with an earlier rule referred to it); the rules of regimes whose lists do not name the counterpart are only named
(or counted) in a finding, and listed once, with their citations, in Appendix A (rules that engaged no activity get
the compact entry: id, title, primary citation, not their secondary sources or licence routes, which stay in the
JSON result and the rule data); entries citing the same instrument are grouped ("ibid.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..models.runtime import Component, ExemptionConsidered, Finding, LicenceRouteOut, Result
from ..ruleset import RuleSet
from .parts import Label, Note, label
from .text import Free, Words, free, joined, sentence

ENGAGED = ("prohibited", "needs_review", "licensed", "exempt")
SHOWN_EXEMPTIONS = ("applies", "unknown")
_TRIGGER = re.compile(r"^(.*? is designated on \S+ on \d{4}-\d{2}-\d{2}): '.*?' \(listed [^)]*\)(?:; .*)?$")
_ARGUABLE = "reach is arguable only: "
_UNVERIFIED = "this rule has not been verified against the primary text: "
_UNSETTLED = "unsettled: "
_REQUIRES = re.compile(r"^requires (.+?); here: \1: ")  # "requires X; here: X: no — ..." -> "X: no — ..."
_NOT_IN_FORCE = re.compile(r"^not in force on \S+ \((from .*)\)$")  # the activity's date is in section 3
_OTHER_KIND = re.compile(r"^does not cover '[^']*' \(covers: (.*)\)$")
GATED = "Not engaged: it applies only to groups on "  # a rule of a regime whose lists do not name the counterpart
GATED_WHY = "the counterpart is on none of their lists"
GATED_NAMED = 3  # more gated rules than this in one finding are counted, not named (their ids are in Appendix A)

Said = dict[str, str]  # a text said in full -> the activity it was said for
GROUPS = "\ngroups"  # the key of ``Said`` holding how many groups the engagement names (not a text said)


@dataclass(frozen=True)
class Considered:
    title: Free
    url: str | None
    provisions: Free  # "" when the exemption was given in full for an earlier activity
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
    title: Free  # "" when the rule was shown (with its title) for an earlier activity
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
    count: str = ""  # "10 rules in Appendix A": said instead of the ids (Appendix A lists them by list)


@dataclass(frozen=True)
class RuleEntry:
    """Appendix A: a rule, once, with everything that does not depend on the activity. A rule that engaged no
    activity is ``compact``: its id, title and primary citation only (why it was not engaged is in the findings).
    The rule's summary paragraph is not repeated: the title, the linked citation and the findings say what it
    prohibits and what engaged it, and each finding says whom it reaches. The summary (the head of each finding's
    explanation), the reach clauses with their legal basis and the secondary sources are in the JSON result; the
    HTML memo alone prints them, collapsed, in an engaged rule's entry (``summary``, ``reach``, ``sources``)."""

    rule: str
    layer: str
    title: Free
    citation: Free
    url: str
    provisions: list[Free]
    verified: bool
    mental_element: Free | None
    penalty: Free | None
    routes: list[Route]
    last_reviewed: str
    note: Note
    unverified: Words | None = None  # the points on which the rule was not verified against the primary text
    compact: bool = False
    lists: str = ""  # a gated rule: the lists it reads, none of which names the counterpart
    cited: str = ""  # the instrument as printed (free text): "ibid." when the entry before it cites the same
    summary: Free | None = None  # what the provision prohibits (the rule data's summary; None without rule data)
    reach: list[Free] = field(default_factory=list)  # the reach clauses that reached: "who — clause (basis)"
    sources: list[str] = field(default_factory=list)  # the secondary sources (URLs beside the primary citation)


def ibid(entries: list[RuleEntry]) -> list[RuleEntry]:
    """The entries grouped by instrument (in the order each instrument is first cited), each instrument named in
    full once and "ibid." in the entries after it (the provisions are always given)."""
    first: dict[str, int] = {}
    for i, x in enumerate(entries):
        first.setdefault(x.citation, i)
    out: list[RuleEntry] = []
    for x in sorted(entries, key=lambda x: first[x.citation]):
        same = bool(out) and out[-1].citation == x.citation
        out.append(replace(x, cited=free("ibid.") if same else x.citation))
    return out


@dataclass(frozen=True)
class GatedGroup:
    """Appendix A: the rules that engaged no activity because none of the lists they read names the counterpart,
    grouped by those lists."""

    lists: str
    rules: list[RuleEntry]


@dataclass(frozen=True)
class NotApplied:
    """Appendix B: an exemption or licence that did not apply, with where it was considered and why not."""

    title: Free
    url: str | None
    provisions: Free  # in the Word footnote only: the title is linked to the instrument (provisions: JSON result)
    reasons: list[Words]  # "a, b (US: us.gtsr): does not cover ..."


def considered(e: ExemptionConsidered, said: Said, activity: str) -> Considered:
    """An exemption considered for ``activity``: in full the first time, then its outcome "as for activity x"."""
    provisions = ", ".join(e.provisions)
    note: Note = ((f"{e.title}, {provisions}" + (": " if e.url else "."), None), *(((e.url, e.url),) if e.url else ()))
    key = f"{e.id}\n{e.result}\n{e.reason}"
    first = said.setdefault(key, activity)
    reason, shown = (e.reason, provisions) if first == activity else (f"as for activity {first}", "")
    if e.result == "applies":
        reason = reason.removeprefix("applies: ")  # "applies → EXEMPT: <why>"
    return Considered(free(e.title), e.url, free(shown), e.result.replace("_", " "),
                      label(e.outcome) if e.outcome else None, free(reason), note)


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


def _short_reason(reason: str, rule: str, said: Said, activity: str) -> str:
    if reason.startswith(_ARGUABLE):
        return "reach is arguable"  # who: the "Reaches" line below it
    if reason.startswith(_UNVERIFIED):
        return ""  # the finding's marker says so; the points are in the rule's Appendix A entry
    if reason.startswith(_UNSETTLED):
        first = said.setdefault(f"{rule}\n{reason}", activity)
        if first != activity:
            return f"unsettled: as for activity {first}"
    return reason.rstrip(".")


def why(comp: Component, summary: str | None, said: Said | None = None, activity: str = "") -> str:
    """The explanation without the rule's summary (Appendix A), with the designation shortened to the listing
    relied on (the entry itself is in section 4), and each point said for an earlier activity referred to."""
    said = {} if said is None else said
    text = comp.explanation
    if summary and text.startswith(summary.strip()):
        text = text[len(summary.strip()):].strip()
    if comp.trigger:
        m = _TRIGGER.match(comp.trigger)
        if m:  # the name only when the engagement names several groups; the day is the activity's
            listing = m.group(1) if said.get(GROUPS) != "1" else "listed" + m.group(1).partition(
                " is designated")[2].rsplit(" on ", 1)[0]
            short = f"Listed{listing.removeprefix('listed')}" if listing.startswith("listed") else listing
            text = text.replace(f"Designation: {comp.trigger}", short)  # the entry: section 4
            text = text.replace(comp.trigger, listing)
    for lead in ("Needs review because: ", "Notes: "):
        if comp.reasons and lead in text:
            shown = [x for x in (_short_reason(r, comp.rule, said, activity) for r in comp.reasons) if x]
            text = text.split(lead, 1)[0] + (lead + "; ".join(shown) + "." if shown else "")
    for e in (e for e in comp.exemptions_considered if e.result == "applies"):
        # the exemption that decided is listed under "Considered" and its conditions in section 8
        decided = f"{comp.outcome.value.capitalize()} under {e.title} ({', '.join(e.provisions)})."
        if decided in text:
            head, _, rest = text.partition(decided)
            notes = rest.partition("Notes: ")[2]
            text = f"{head}Conditions: section 8." + (
                f" Notes: {notes}" if notes else "")
    return text.strip() or "See Appendix A."


def questions(comps: list[Component], said: Said | None = None, activity: str = "") -> list[Free]:
    """The questions of ``comps``, once each, with the fact key that answers each and where to write it; a question
    asked in full for an earlier activity is referred to by its key."""
    said = {} if said is None else said
    out: dict[str, None] = {}
    for c in comps:
        keyed = {q.text: q for q in c.open_questions}
        for q in c.questions:
            if q not in keyed:
                out.setdefault(q)
                continue
            k = keyed[q]
            first = said.setdefault(f"question\n{q}", activity)
            asked = q if first == activity else f"as for activity {first}"
            out.setdefault(f"{asked} (answer with '{k.key}' at {k.answer_at})")
    return [free(q) for q in out]


def rule_view(comp: Component, summary: str | None, stale: list[str], said: Said | None = None,
              activity: str = "") -> RuleView:
    said = {} if said is None else said
    shown = said.setdefault(f"title\n{comp.rule}", activity) != activity
    return RuleView(
        rule=comp.rule, layer=comp.layer.capitalize(), title=free("" if shown else comp.title),
        citation=free(comp.citation.citation),
        url=comp.citation.url, provisions=[free(p) for p in comp.provisions], outcome=label(comp.outcome),
        verified=comp.verified, why=free(why(comp, summary, said, activity)),
        who=_who(comp, said, activity),
        considered=[considered(e, said, activity) for e in comp.exemptions_considered
                    if e.result in SHOWN_EXEMPTIONS],
        stale=stale, note=rule_note(comp))


def _who(comp: Component, said: Said, activity: str) -> Words:
    """Who the rule reaches in this activity; "as for <rule>" when the rules just before it in the activity reach
    the same persons (<rule>: the first of them, where they are named)."""
    who = joined(map(free, dict.fromkeys(short_who(x) for x in comp.reached)), "; ")
    key, text = f"who\n{activity}", "".join(who)
    first, last = said.get(key, "\n").split("\n", 1)
    if text and last == text:
        return (f"as for {first}",)
    said[key] = f"{comp.rule}\n{text}"
    return who


def _not_engaged(c: Component) -> str:
    """Why ``c`` was not engaged, without the counterpart's name (one sentence, as the engine said it)."""
    text = c.explanation.split("; '", 1)[0].rstrip(".").removeprefix("Not engaged: ")
    return text.replace("it applies only to groups on ", "only for groups on ")


def quiet_rules(comps: list[Component], gated: set[str] | None = None) -> list[QuietRule]:
    """The rules not engaged, grouped by why; the ``gated`` rules (never engaged, their lists do not name the
    counterpart) together, by id only (their lists are in Appendix A)."""
    by_why: dict[str, list[tuple[str, str]]] = {}
    for c in comps:
        if gated and c.rule in gated and c.explanation.startswith(GATED):
            text = GATED_WHY
        else:
            text = _not_engaged(c).split("; it binds: ", 1)[0]  # who it binds: the rule data
        by_why.setdefault(text, []).append((c.rule, c.citation.url))
    return [QuietRule(rules, free(why), f"{len(rules)} rules in Appendix A"
                      if why == GATED_WHY and len(rules) > GATED_NAMED else "") for why, rules in by_why.items()]


def rule_summaries(rules: RuleSet | None) -> dict[str, str]:
    if rules is None:
        return {}
    return {p.id: p.summary for j in rules.jurisdictions.values() for p in j.prohibitions}


def by_rule(r: Result) -> dict[str, list[tuple[str, Component]]]:
    """Every rule considered, in the order first considered, with its components (and their activities)."""
    out: dict[str, list[tuple[str, Component]]] = {}
    for f in r.findings:
        for c in f.components:
            out.setdefault(c.rule, []).append((f.activity, c))
    return out


def gated_rules(r: Result) -> set[str]:
    """The rules that engaged no activity because their lists do not name the counterpart, for every activity."""
    return {rule for rule, comps in by_rule(r).items()
            if all(c.explanation.startswith(GATED) for _, c in comps)}


def _gate_lists(comps: list[Component]) -> str:
    """The lists a gated rule reads ("un-1267, un-1988"), or "" when the rule is not gated."""
    if not comps or not all(c.explanation.startswith(GATED) for c in comps):
        return ""
    return comps[0].explanation.removeprefix(GATED).split(";", 1)[0].rstrip(".")


def gated_groups(entries: list[RuleEntry]) -> list[GatedGroup]:
    groups: dict[str, list[RuleEntry]] = {}
    for x in entries:
        if x.lists:
            groups.setdefault(x.lists, []).append(x)
    return [GatedGroup(lists, rules) for lists, rules in groups.items()]


def _unverified(comps: list[Component], points: list[str] | None, said: Said) -> Words | None:
    """The points on which the rule was not verified; a point given word for word under an earlier rule is
    referred to it, by its opening words ("as for ke.pota.s5: “No text of this provision found…”")."""
    text = [x.removeprefix(_UNVERIFIED) for c in comps for x in c.reasons if x.startswith(_UNVERIFIED)]
    if not text:
        return None
    if not points or "; ".join(points) != text[0]:  # the rule data is not at hand: the engine's sentence
        return (free(text[0].replace(".; ", "; ")),)
    rule, new, earlier = comps[0].rule, [], {}
    for point in points:
        first = said.setdefault(f"unverified\n{point}", rule)
        if first == rule:
            new.append(free(point.rstrip(".")))
        else:
            earlier.setdefault(first, []).append(f"“{clause(point)}”")
    refs = [f"as for {r}: {', '.join(x)}" for r, x in earlier.items()]
    return joined([*refs, *new], "; ")


def clause(text: str, words: int = 4) -> str:
    """The opening words of a point (up to its first comma or bracket, at most ``words``), with an ellipsis when
    cut."""
    head = re.split(r"[,;(:]", text, maxsplit=1)[0].strip().rstrip(".")
    cut = " ".join(head.split()[:words])
    return cut + ("…" if cut != text.strip().rstrip(".") else "")


def unverified_points(rules: RuleSet | None) -> dict[str, list[str]]:
    if rules is None:
        return {}
    return {p.id: list(p.unverified_points) for j in rules.jurisdictions.values() for p in j.prohibitions}


def _more(comps: list[Component], summary: str | None) -> dict[str, Any]:
    """An engaged rule's summary, the reach clauses that reached any activity (once each, in order) and its
    secondary sources (every URL beside the primary citation, once each)."""
    primary = comps[0].citation.url
    return {"summary": free(summary.strip()) if summary and summary.strip() else None,
            "reach": [free(x) for x in dict.fromkeys(x for c in comps for x in c.reached)],
            "sources": [u for u in dict.fromkeys(u for c in comps for u in c.sources) if u != primary]}


def rule_entries(r: Result, points: dict[str, list[str]] | None = None,
                 summaries: dict[str, str] | None = None) -> list[RuleEntry]:
    """Every rule considered, once, in the order first considered: in full when it engaged an activity (or an
    exemption was considered under it), else compact (id, title, primary citation). ``points``: each rule's
    unverified points, from the rule data (when given, a point shared with an earlier rule is referred to);
    ``summaries``: each rule's summary, from the rule data (an engaged entry's collapsed text in the HTML memo)."""
    out, said = [], {}
    for rule, pairs in by_rule(r).items():
        comps = [c for _, c in pairs]
        c = comps[0]
        engaged = any(x.outcome.value in ENGAGED or x.exemptions_considered for x in comps)
        lists = "" if engaged else _gate_lists(comps)
        routes = {lr.id: lr for x in comps for lr in x.licence_routes}
        penalty = next((x.exposure.max_penalty for x in comps if x.exposure and x.exposure.max_penalty), None)
        out.append(RuleEntry(
            rule=rule, layer=c.layer.capitalize(), title=free(c.title), citation=free(c.citation.citation),
            url=c.citation.url, provisions=[free(p) for p in c.provisions], verified=c.verified,
            mental_element=free(sentence(c.mental_element)) if engaged else None,
            penalty=free(penalty) if penalty else None,
            routes=[route(lr) for lr in routes.values()] if engaged else [],
            last_reviewed=str(c.last_reviewed), note=rule_note(c), compact=not engaged, lists=lists,
            unverified=_unverified(comps, (points or {}).get(rule), said) if engaged else None,
            **(_more(comps, (summaries or {}).get(rule)) if engaged else {})))
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
                m = _OTHER_KIND.match(e.reason)  # the same for every activity of another kind: said once
                reason = f"covers only {m.group(1)}" if m else _REQUIRES.sub(r"\1: ", _NOT_IN_FORCE.sub(
                    r"in force only \1", e.reason))
                if where not in reasons.setdefault(reason, []):
                    reasons[reason].append(where)
    return [NotApplied(free(e.title), e.url, free(", ".join(e.provisions)),
                       [(free(", ".join(w)), ": ", free(reason)) for reason, w in reasons.items()])
            for e, reasons in found.values()]


def finding_rules(f: Finding, summaries: dict[str, str], stale: dict[str, list[str]], said: Said | None = None,
                  gated: set[str] | None = None) -> tuple[list[RuleView], list[QuietRule]]:
    engaged = [rule_view(c, summaries.get(c.rule), stale.get(c.rule, []), said, f.activity) for c in f.components
               if c.outcome.value in ENGAGED]
    quiet = quiet_rules([c for c in f.components if c.outcome.value not in ENGAGED], gated)
    return engaged, quiet
