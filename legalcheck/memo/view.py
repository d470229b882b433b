"""The memo view model: everything a memo says, built once from a result, in the order it is printed.

The three renderers (Markdown and HTML templates, the Word writer) only iterate this model: every selection,
label, order and sentence is decided here, so that the formats cannot drift apart. Text is ``Words`` or ``Free``
(see ``text.py``); outcomes are ``Label``s.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..models.runtime import ActivityOut, Engagement, Finding, Result
from ..ruleset import RuleSet
from .analysis import (
    GROUPS,
    GatedGroup,
    NotApplied,
    QuietRule,
    RuleEntry,
    RuleView,
    finding_rules,
    gated_groups,
    gated_rules,
    ibid,
    not_applied,
    questions,
    rule_entries,
    rule_summaries,
    unverified_points,
)
from .appendix import ProvenanceView, ReadinessView, provenance, readiness
from .facts import Fact, activity_facts, assumptions, general_facts
from .parts import Cell, Label, Table, label
from .scope import NotCovered, not_covered, staleness
from .summary import Summary, build_summary
from .text import OUTCOME_LABELS, Free, Words, free, joined
from .ways import WAYS_NOTICE, WayView, ways_view

EXPOSURE_NOTE = "Who is at risk: beside each rule in section 6 (“Reaches”); maximum penalties: Appendix A. Notes on "\
    "prosecution:"
RULES_NOTICE = "Rules engaged (titles: section 6; summaries, reach clauses and secondary sources: JSON result):"
# The HTML memo prints each engaged rule's summary, reach clauses and secondary sources under it, collapsed.
RULES_NOTICE_HTML = "Rules engaged (titles: section 6; each rule's text, reach clauses and secondary sources: under " \
    "“Rule text, reach and sources”, collapsed on screen, printed in full):"
RULES_NOTICE_WORD = "Rules engaged (titles: section 6; each rule's text, reach clauses and secondary sources: in the " \
    "footnote of its line “Rule text, reach and sources”):"
RULE_MORE = "Rule text, reach and sources"
COMPACT_NOTICE = "Rules engaged for no activity:"
GATED_NOTICE = "Rules of regimes whose lists do not name the counterpart, by list (provisions: JSON result):"


@dataclass(frozen=True)
class SectionRef:
    key: str  # also the HTML anchor
    number: str
    title: str
    toc: str

    @property
    def heading(self) -> str:
        if self.number.isalpha():
            return f"Appendix {self.number}. {self.title}"
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
class FindingView:
    code: str
    name: str
    outcome: Label
    summary: str  # shown when no rule was considered
    rules: list[RuleView]  # the rules engaged (prohibited, needs review, licensed, exempt)
    quiet: list[QuietRule]  # the rules considered and not engaged
    stale: list[str]  # staleness notes of the rules not engaged (a list they read may be out of date), once each


@dataclass(frozen=True)
class ActivitySection:
    line: ActivityLine
    detail: Words  # kind; date; who performs it
    findings: list[FindingView]
    questions: list[Free]  # every open question of the activity, once, with its key and where to answer it
    not_reached: str  # "" when every jurisdiction reaches it


@dataclass(frozen=True)
class ConditionGroup:
    title: Free  # its provisions are given where the analysis first relies on it
    items: list[Free]


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
    summary: Summary
    short_answer: ShortAnswer
    question: Words
    facts: list[Fact]
    activity_facts: list[Fact]
    assumptions: list[Free]
    screening: list[Screening]
    reach: Table
    unconnected: str  # the jurisdictions with no connection to the engagement ("" when none)
    activities: list[ActivitySection]
    exposure: list[Words]  # the notes on prosecution, by activity and jurisdiction
    exposure_note: str
    conditions: list[ConditionGroup]
    ways: list[WayView]
    ways_notice: str
    not_covered: NotCovered
    readiness: ReadinessView | None
    rules: list[RuleEntry]  # in full: the rules that engaged, exempted, needed review or were licensed
    compact: list[RuleEntry]  # the rules that engaged no activity, not gated by a list
    gated: list[GatedGroup]  # the rules that engaged no activity because their lists do not name the counterpart
    not_applied: list[NotApplied]
    rules_notice: str
    compact_notice: str
    gated_notice: str
    provenance: ProvenanceView
    notice: str  # the not-legal-advice notice: also in the header (printed once, at the top)
    rules_notice_html: str = RULES_NOTICE_HTML  # the HTML memo's notice: it prints the rules' text, collapsed
    rules_notice_word: str = RULES_NOTICE_WORD  # the Word memo's: it prints the rules' text in footnotes
    rule_more: str = RULE_MORE  # the label of an engaged rule's collapsed text (HTML), of its footnote line (Word)

    def section(self, key: str) -> SectionRef:
        return next(s for s in self.sections if s.key == key)


def _sections(has_readiness: bool) -> list[SectionRef]:
    rows = [
        ("summary", "1", "Summary", "Summary"),
        ("question", "2", "Question", "Question"),
        ("facts", "3", "Facts and assumptions", "Facts and assumptions"),
        ("screening", "4", "Counterpart screening", "Counterpart screening"),
        ("reach", "5", "Which laws reach the activities", "Which laws reach the activities"),
        ("analysis", "6", "Analysis by activity", "Analysis by activity"),
        ("exposure", "7", "Exposure", "Exposure"),
        ("conditions", "8", "Conditions attached to exemptions and licences",
         "Conditions attached to exemptions and licences"),
        ("ways-forward", "9", "Ways forward (options for counsel)", "Ways forward (options for counsel)"),
        ("not-covered", "10", "What this memo does not cover", "What this memo does not cover"),
    ]
    if has_readiness:
        rows.append(("readiness", "11", "Conditions for engagement (dialogue readiness — not a legal analysis)",
                     "Conditions for engagement (not a legal analysis)"))
    rows += [("rules", "A", "The rules applied", "Appendix A. The rules applied"),
             ("not-applied", "B", "Exemptions and licences that did not apply",
              "Appendix B. Exemptions and licences that did not apply"),
             ("provenance", "", "Provenance", "Provenance")]
    return [SectionRef(*r) for r in rows]


def _header(r: Result, eng: Engagement, memo_date: dt.date) -> Header:
    org, meta = eng.organisation, eng.memo
    rows: list[tuple[str, Words]] = [
        ("Organisation", (free(org.name), f" ({org.type.value}, incorporated in {org.incorporated_in})")),
        ("Place", (eng.location.country, *((" — ", free(eng.location.area)) if eng.location.area else ()))),
        ("Date assessed", (f"{r.as_of}" + (" (--as-of)" if r.provenance.as_of_overridden else ""),)),
        ("Memo date", (f"{memo_date} (the day the memo was made: staleness is judged on it)",)),
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
                       legend=[label(o) for o in OUTCOME_LABELS if any(o == c.value for x in rows for c in x.cells)])


def _screening(r: Result) -> list[Screening]:
    out = []
    for cp in r.counterparts:
        ended = any(m.listed_to for m in cp.matches)  # the Until column only when a listing has an end
        lapsed = not all(m.in_force for m in cp.matches)  # In force only when a listing is not (else: the summary)
        rows: list[tuple[Cell, ...]] = [
            (m.list, (free(m.designation), *((" (part: ", free(m.scope_note), ")") if m.covers == "part" else ())),
             (free(m.matched_name),), f"{m.score:.2f}", "yes" if m.match else "no (grey band)",
             *(("yes" if m.in_force else "no",) if lapsed else ()), str(m.listed_from),
             *((str(m.listed_to or ""),) if ended else ())) for m in cp.matches]
        table = Table(("List", "Designation", "Matched name", "Score", "Match", *(("In force",) if lapsed else ()),
                       "Listed", *(("Until",) if ended else ())), rows) if rows else None
        same: dict[str, list[str]] = {}  # lists taken from the same source have the same entry: one line each
        for m in cp.matches:
            if not m.match or m.covers == "part":  # a clear match: the table says enough
                same.setdefault(m.explanation, []).append(f"{m.list} / {m.entry_id}")
        lines: list[Words] = [(f"{', '.join(where)}: ", free(text)) for text, where in same.items()]
        if any(m.match and m.covers != "part" for m in cp.matches):
            lines.append((f"How {'the other' if same else 'each'} listed name matched, word by word: JSON result.",))
        out.append(Screening(free(cp.name), free(cp.id), cp.status.replace("_", " "), cp.summary, table, lines))
    return out


def _grouped(connections: list[str]) -> Words:
    """Connections as 'how (activities a, b)', each how once."""
    by_how: dict[str, list[str]] = {}
    for c in connections:
        how, sep, act = c.rpartition(" (activity ")
        if not sep:
            how, act = c, ""
        by_how.setdefault(how, []).append(act.rstrip(")"))
    return joined((free(how + (f" ({', '.join(x for x in acts if x)})" if any(acts) else ""))
                   for how, acts in by_how.items()), "; ", "none")


def _reach(r: Result) -> Table:
    """The jurisdictions connected to the engagement (the others are only named: ``_unconnected``)."""
    return Table(("Jurisdiction", "Applies", "Connections (activities)"), [
        (f"{j.name} ({j.code})", "yes" if j.applies else "no", _grouped(j.connections)) for j in r.jurisdictions
        if j.applies or j.connections])


def _unconnected(r: Result) -> str:
    return ", ".join(j.code for j in r.jurisdictions if not (j.applies or j.connections))


_COVERAGE = (re.compile(r"^No offence or prohibition of .+? law reaches '[^']*' \(coverage decision\)"),
             re.compile(r"^Whether .+? law reaches '[^']*' is unsettled \(coverage decision\)"))
_COVERAGE_SHORT = ("No offence or prohibition covers it (coverage decision)",
                   "Whether an offence or prohibition covers it is unsettled (coverage decision)")


def _short_coverage(summary: str) -> str:
    """A coverage decision without the jurisdiction and activity its heading already names."""
    for pattern, short in zip(_COVERAGE, _COVERAGE_SHORT, strict=True):
        summary = pattern.sub(short, summary, count=1)
    return summary


def _summary_once(summary: str, activity: str, said: dict[str, str]) -> str:
    """A finding summary already given for an earlier activity is referred to: whole, or (a coverage decision on
    another activity kind) its reasons."""
    if summary in said:
        return f"As for activity {said[summary]}."
    said.setdefault(summary, activity)
    head, sep, reasons = summary.partition(" (coverage decision): ")
    if sep:
        first = said.setdefault(f"coverage\n{reasons}", activity)
        if first != activity:
            return f"{head}{sep.rstrip(': ')}: for the reasons given for activity {first}."
    return summary


def _activity(a: ActivityOut, r: Result, grid: dict[str, dict[str, Finding]], summaries: dict[str, str],
              stale: dict[tuple[str, str], dict[str, list[str]]], said: dict[str, str],
              gated: set[str], nowhere: set[str]) -> ActivitySection:
    """A jurisdiction whose law does not reach the activity and that considered no rule is only named (unless it
    reaches no activity at all: ``nowhere``, named under the matrix); what was said for an earlier activity is
    referred to, not repeated (``said``: text -> activity)."""
    findings, unreached = [], []
    for j in r.jurisdictions:
        f = grid[a.id][j.code]
        if f.outcome.value == "not_applicable" and not f.components:
            if j.code not in nowhere:
                unreached.append(j.code)
            continue
        notes = stale.get((a.id, j.code), {})
        engaged, quiet = finding_rules(f, summaries, notes, said, gated)
        shown = {x.rule for x in engaged}
        quiet_notes = list(dict.fromkeys(n for rule, ns in notes.items() if rule not in shown for n in ns))
        summary = f.summary if f.components else _short_coverage(_summary_once(f.summary, a.id, said))
        findings.append(FindingView(j.code, j.name, label(f.outcome), summary, engaged, quiet, quiet_notes))
    detail = (f"{a.kind}; {a.date}; performed by {', '.join(a.performed_by) or 'no staff listed'}.",)
    asked = questions([c for j in r.jurisdictions for c in grid[a.id][j.code].components], said, a.id)
    return ActivitySection(_line(a), detail, findings, asked, ", ".join(unreached))


def _exposure_notes(r: Result) -> list[Words]:
    """The notes on prosecution of each finding that prohibits or needs review (a consent to prosecute, for
    example), each written out for the first activity and referred to after. Who is at risk is said beside each
    rule in section 6 ("Reaches"), the maximum penalties in Appendix A: not repeated here."""
    out: list[Words] = []
    said: dict[str, str] = {}
    for f in r.findings:
        for n in f.exposure.notes if f.exposure else []:
            first = said.setdefault(n, f.activity)
            text = n if first == f.activity else f"{n.split(':', 1)[0].split(' (', 1)[0]} (as for activity {first})"
            out.append((free(f.activity), f" ({f.jurisdiction}, ", label(f.outcome).text, "): ", free(text)))
    return out


def _conditions(r: Result) -> list[ConditionGroup]:
    """Conditions of every exemption or licence relied on, once each, in the order first relied on."""
    out, seen = [], set()
    for f in r.findings:
        for c in f.components:
            for e in c.exemptions_considered:
                if e.result == "applies" and e.conditions and e.id not in seen:
                    seen.add(e.id)
                    out.append(ConditionGroup(free(e.title), [free(x) for x in e.conditions]))
    return out


def build_view(result: Result, eng: Engagement, rules: RuleSet | None = None,
               memo_date: dt.date | None = None, ways: list[Any] | None = None) -> MemoView:
    """The memo of ``result`` for ``eng``, ready for any renderer. ``memo_date`` (the day the memo is made; the
    assessment date when not given) only decides the staleness notes and the header's memo-date row; ``ways``,
    the ways forward when already computed (on the real engagement, for a redacted memo)."""
    memo_date = memo_date or result.as_of
    grid: dict[str, dict[str, Finding]] = {}
    for f in result.findings:
        grid.setdefault(f.activity, {})[f.jurisdiction] = f
    summaries = rule_summaries(rules)
    stale = staleness(result, memo_date, rules)
    said: dict[str, str] = {GROUPS: str(len(result.counterparts))}
    gated = gated_rules(result)
    entries = rule_entries(result, unverified_points(rules), summaries)
    short = _short_answer(result, grid)
    nowhere = set(short.unreached.split(", "))
    return MemoView(
        header=_header(result, eng, memo_date), sections=_sections(eng.readiness is not None),
        summary=build_summary(result), short_answer=short, question=_question(result, eng),
        facts=general_facts(eng), activity_facts=activity_facts(result), assumptions=assumptions(result),
        screening=_screening(result), reach=_reach(result), unconnected=_unconnected(result),
        activities=[_activity(a, result, grid, summaries, stale, said, gated, nowhere) for a in result.activities],
        exposure=_exposure_notes(result), exposure_note=EXPOSURE_NOTE, conditions=_conditions(result),
        ways=ways_view(result, eng, rules, ways), ways_notice=WAYS_NOTICE, not_covered=not_covered(eng, rules),
        readiness=readiness(eng),
        rules=ibid([x for x in entries if not x.compact]),
        compact=ibid([x for x in entries if x.compact and not x.lists]),
        gated=gated_groups(entries), not_applied=not_applied(result), rules_notice=RULES_NOTICE,
        compact_notice=COMPACT_NOTICE,
        gated_notice=GATED_NOTICE,
        provenance=provenance(result),
        notice=result.notice,
    )
