"""The memo view model: everything a memo says, built once from a result, in the order it is printed.

The three renderers (Markdown and HTML templates, the Word writer) only iterate this model: every selection,
label, order and sentence is decided here, so that the formats cannot drift apart. Text is ``Words`` or ``Free``
(see ``text.py``); outcomes are ``Label``s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..models.engagement import Engagement
from ..models.result import ActivityOut, Component, ExemptionConsidered, Finding, LicenceRouteOut, Result
from ..ruleset import RuleSet
from .appendix import ProvenanceView, ReadinessView, provenance, readiness
from .facts import Fact, activity_facts, assumptions, general_facts
from .parts import Cell, Label, Note, Table, label
from .text import OUTCOME_LABELS, Free, Words, free, joined, sentence


@dataclass(frozen=True)
class SectionRef:
    key: str  # also the HTML anchor
    number: str
    title: str
    toc: str

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass(frozen=True)
class Header:
    confidentiality: Free | None
    title: Free
    notice: str
    rows: list[tuple[str, Words]]  # label, value (the tool row is separate: it carries a hash)
    tool: str
    tool_version: str
    rules_short: str
    matter: Free | None
    subject: Free
    as_of: dt.date


@dataclass(frozen=True)
class ActivityLine:
    id: Free
    label: Free
    date: str
    outcome: Label
    strictest: str  # "" when nothing is restricted


@dataclass(frozen=True)
class MatrixRow:
    line: ActivityLine
    cells: list[Label]  # one per column, then the overall outcome


@dataclass(frozen=True)
class ShortAnswer:
    columns: list[tuple[str, str]]  # code, name of each jurisdiction shown
    rows: list[MatrixRow]
    unreached: str  # jurisdictions n/a for every activity (not shown as columns), "" when none
    legend: list[Label]

    @property
    def header(self) -> tuple[str, ...]:
        return ("Activity", *(code for code, _ in self.columns), "Overall")


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
    layer: str  # "Criminal" / "Sanctions"
    title: Free
    citation: Free
    url: str
    provisions: list[Free]
    outcome: Label
    engaged: bool  # False for a rule that was considered and found permitted or not applicable
    verified: bool
    explanation: Free
    reached: Words
    mental_element: Free
    considered: list[Considered]
    routes: list[Route]
    questions: list[Free]
    sources: list[str]
    last_reviewed: str
    note: Note


@dataclass(frozen=True)
class FindingView:
    code: str
    name: str
    outcome: Label
    summary: str  # shown when no rule was considered
    rules: list[RuleView]
    exposure: tuple[Words, Words] | None  # who, penalties


@dataclass(frozen=True)
class ActivitySection:
    line: ActivityLine
    detail: Words  # kind; date; description
    findings: list[FindingView]
    not_reached: str  # "" when every jurisdiction reaches it


@dataclass(frozen=True)
class ConditionGroup:
    title: Free
    provisions: Free
    items: list[Free]


@dataclass(frozen=True)
class Change:
    activity: Free
    jurisdiction: str
    outcome: Label
    questions: list[Free]
    changes: list[Free]


@dataclass(frozen=True)
class Screening:
    name: Free
    id: Free
    status: str
    summary: str
    matches: Table | None
    explanations: list[Words]


@dataclass(frozen=True)
class MemoView:
    header: Header
    sections: list[SectionRef]
    question: Words
    short_answer: ShortAnswer
    facts: list[Fact]
    activity_facts: list[Fact]
    assumptions: list[Free]
    screening: list[Screening]
    reach: Table
    activities: list[ActivitySection]
    exposure: Table
    conditions: list[ConditionGroup]
    changes: list[Change]
    readiness: ReadinessView | None
    provenance: ProvenanceView
    notice: str

    def section(self, key: str) -> SectionRef:
        return next(s for s in self.sections if s.key == key)


def _sections(has_readiness: bool) -> list[SectionRef]:
    rows = [
        ("question", "1", "Question", "Question"),
        ("short-answer", "2", "Short answer", "Short answer"),
        ("facts", "3", "Facts and assumptions", "Facts and assumptions"),
        ("screening", "4", "Counterpart screening", "Counterpart screening"),
        ("reach", "5", "Which laws reach the activities", "Which laws reach the activities"),
        ("analysis", "6", "Analysis by activity", "Analysis by activity"),
        ("exposure", "7", "Exposure", "Exposure"),
        ("conditions", "8", "Conditions attached to exemptions and licences",
         "Conditions attached to exemptions and licences"),
        ("what-would-change", "9", "What would change the answer", "What would change the answer"),
    ]
    if has_readiness:
        rows.append(("readiness", "10", "Conditions for engagement (dialogue readiness — not a legal analysis)",
                     "Conditions for engagement (not a legal analysis)"))
    rows.append(("provenance", "", "Provenance", "Provenance"))
    return [SectionRef(*r) for r in rows]


def _header(r: Result, eng: Engagement) -> Header:
    org, meta = eng.organisation, eng.memo
    rows: list[tuple[str, Words]] = [
        ("Organisation", (free(org.name), f" ({org.type.value}, incorporated in {org.incorporated_in})")),
        ("Place", (eng.location.country, *((" — ", free(eng.location.area)) if eng.location.area else ()))),
        ("Date assessed", (f"{r.as_of}" + (" (--as-of)" if r.provenance.as_of_overridden else ""),)),
    ]
    if meta:
        for name, value in (("Matter", meta.matter), ("Prepared by", meta.prepared_by),
                            ("Reviewed by", meta.reviewed_by)):
            if value:
                rows.append((name, (free(value),)))
    subject = f"Matter {meta.matter}" if meta and meta.matter else f"{eng.purpose.value} engagement, " \
        f"{eng.location.country}"
    return Header(
        confidentiality=free(meta.confidentiality) if meta and meta.confidentiality else None,
        title=free(r.title), notice=r.notice, rows=rows, tool=f"legalcheck {r.provenance.tool_version}",
        tool_version=r.provenance.tool_version,
        rules_short=r.provenance.rules_sha256[:12], matter=free(meta.matter) if meta and meta.matter else None,
        subject=free(subject), as_of=r.as_of,
    )


def _question(r: Result, eng: Engagement) -> Words:
    laws = ", ".join(j.name for j in r.jurisdictions if j.applies) or "the jurisdictions encoded"
    groups = joined((free(c.name) for c in eng.counterparts), ", ", "no named group")
    return (f"What do the counterterrorism criminal laws and sanctions of {laws} allow ", free(eng.organisation.name),
            " to do when it carries out the activities below with ", *groups,
            f" in {eng.location.country}, for a {eng.purpose.value} purpose?")


def _line(a: ActivityOut) -> ActivityLine:
    restricted = a.outcome.value not in ("permitted", "not_applicable")
    return ActivityLine(free(a.id), free(a.label), str(a.date), label(a.outcome),
                        ", ".join(a.strictest_jurisdictions) if restricted else "")


def _short_answer(r: Result, grid: dict[str, dict[str, Finding]]) -> ShortAnswer:
    """The matrix shows the jurisdictions that reach at least one activity, then the overall outcome; the
    jurisdictions that reach none are named under it."""
    codes = [j.code for j in r.jurisdictions]
    reached = [c for c in codes if any(grid[a.id][c].outcome.value != "not_applicable" for a in r.activities)]
    names = {j.code: j.name for j in r.jurisdictions}
    rows = [MatrixRow(_line(a), [*(label(grid[a.id][c].outcome) for c in reached), label(a.outcome)])
            for a in r.activities]
    return ShortAnswer(columns=[(c, names[c]) for c in reached], rows=rows,
                       unreached=", ".join(c for c in codes if c not in reached),
                       legend=[label(o) for o in OUTCOME_LABELS])


def _screening(r: Result) -> list[Screening]:
    out = []
    for cp in r.counterparts:
        rows: list[tuple[Cell, ...]] = [
            (m.list, (free(m.designation), *((" (part: ", free(m.scope_note), ")") if m.covers == "part" else ())),
             (free(m.matched_name),), f"{m.score:.2f}", "yes" if m.match else "no (grey band)",
             "yes" if m.in_force else "no", str(m.listed_from), str(m.listed_to or "")) for m in cp.matches]
        table = Table(("List", "Designation", "Matched name", "Score", "Match", "In force", "Listed", "Until"),
                      rows) if rows else None
        out.append(Screening(free(cp.name), free(cp.id), cp.status.replace("_", " "), cp.summary, table,
                             [(f"{m.list} / {m.entry_id}: ", free(m.explanation)) for m in cp.matches]))
    return out


def _reach(r: Result) -> Table:
    return Table(("Jurisdiction", "Applies", "Connections"), [
        (f"{j.name} ({j.code})", "yes" if j.applies else "no", joined(map(free, j.connections), "; ", "none"))
        for j in r.jurisdictions])


def _considered(e: ExemptionConsidered) -> Considered:
    provisions = ", ".join(e.provisions)
    note: Note = ((f"{e.title}, {provisions}" + (": " if e.url else "."), None), *(((e.url, e.url),) if e.url else ()))
    return Considered(free(e.title), e.url, free(provisions), e.result.replace("_", " "),
                      label(e.outcome) if e.outcome else None, free(e.reason), note)


def _route(lr: LicenceRouteOut) -> Route:
    return Route(free(lr.title), free(lr.authority), free(lr.how), lr.url, ((f"{lr.title}: ", None), (lr.url, lr.url)))


def _rule_note(comp: Component) -> Note:
    pieces: list[tuple[str, str | None]] = [
        (f"{comp.citation.citation}, {', '.join(comp.provisions)}: ", None), (comp.citation.url, comp.citation.url)]
    if comp.sources:
        pieces.append((". Sources: ", None))
        for i, s in enumerate(comp.sources):
            pieces.append((s, s))
            if i < len(comp.sources) - 1:
                pieces.append(("; ", None))
    pieces.append((f". Rule {comp.rule}, last reviewed {comp.last_reviewed}"
                   f"{'' if comp.verified else '; not verified against the primary text'}.", None))
    return tuple(pieces)


def _rule(comp: Component) -> RuleView:
    return RuleView(
        layer=comp.layer.capitalize(), title=free(comp.title), citation=free(comp.citation.citation),
        url=comp.citation.url, provisions=[free(p) for p in comp.provisions], outcome=label(comp.outcome),
        engaged=comp.outcome.value not in ("permitted", "not_applicable"), verified=comp.verified,
        explanation=free(comp.explanation), reached=joined(map(free, comp.reached), "; "),
        mental_element=free(sentence(comp.mental_element)), considered=[_considered(e) for e in
                                                                        comp.exemptions_considered],
        routes=[_route(lr) for lr in comp.licence_routes], questions=[free(q) for q in comp.questions],
        sources=list(comp.sources), last_reviewed=str(comp.last_reviewed), note=_rule_note(comp))


def _exposure(f: Finding) -> tuple[Words, Words] | None:
    if not f.exposure:
        return None
    return joined(map(free, [*f.exposure.who, *f.exposure.notes]), "; "), joined(map(free, f.exposure.penalties), "; ")


def _activity(a: ActivityOut, r: Result, grid: dict[str, dict[str, Finding]]) -> ActivitySection:
    """A jurisdiction whose law does not reach the activity and that considered no rule is only named."""
    findings, unreached = [], []
    for j in r.jurisdictions:
        f = grid[a.id][j.code]
        if f.outcome.value == "not_applicable" and not f.components:
            unreached.append(j.code)
            continue
        findings.append(FindingView(j.code, j.name, label(f.outcome), f.summary, [_rule(c) for c in f.components],
                                    _exposure(f)))
    detail = (f"{a.kind}; {a.date}; ", free(a.description) if a.description else "no description")
    return ActivitySection(_line(a), detail, findings, ", ".join(unreached))


def _exposure_table(r: Result) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for f in r.findings:
        exp = _exposure(f)
        if exp:
            rows.append(((free(f.activity),), f.jurisdiction, label(f.outcome), *exp))
    return Table(("Activity", "Jurisdiction", "Outcome", "Who is at risk", "Maximum penalty"),
                 rows or [("—", "—", "—", "nobody identified", "—")])


def _conditions(r: Result) -> list[ConditionGroup]:
    """Conditions of every exemption or licence relied on, once each, in the order first relied on."""
    out, seen = [], set()
    for f in r.findings:
        for c in f.components:
            for e in c.exemptions_considered:
                if e.result == "applies" and e.conditions and e.id not in seen:
                    seen.add(e.id)
                    out.append(ConditionGroup(free(e.title), free(", ".join(e.provisions)),
                                              [free(x) for x in e.conditions]))
    return out


def _changes(r: Result) -> list[Change]:
    return [Change(free(f.activity), f.jurisdiction, label(f.outcome), [free(q) for q in f.questions],
                   [free(w) for w in f.what_would_change]) for f in r.findings if f.what_would_change or f.questions]


def build_view(result: Result, eng: Engagement, rules: RuleSet | None = None) -> MemoView:
    """The memo of ``result`` for ``eng``, ready for any renderer."""
    grid: dict[str, dict[str, Finding]] = {}
    for f in result.findings:
        grid.setdefault(f.activity, {})[f.jurisdiction] = f
    return MemoView(
        header=_header(result, eng), sections=_sections(eng.readiness is not None), question=_question(result, eng),
        short_answer=_short_answer(result, grid), facts=general_facts(eng), activity_facts=activity_facts(result),
        assumptions=assumptions(result), screening=_screening(result), reach=_reach(result),
        activities=[_activity(a, result, grid) for a in result.activities], exposure=_exposure_table(result),
        conditions=_conditions(result), changes=_changes(result), readiness=readiness(eng),
        provenance=provenance(result), notice=result.notice,
    )
