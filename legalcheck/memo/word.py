"""Render the memo view model as a Word (.docx) memo, section by section, on the reference document's styles.

Like the templates, this writer only prints the view model (``view.py``): what the memo says, in which order and
with which labels, is decided there. The document properties carry the title, subject, tool version and the
assessment date from the input (never the clock), so the same input gives byte-identical output.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import InputError
from ..models.runtime import Engagement, Result
from ..ruleset import RuleSet
from .analysis import QuietRule, RuleEntry, RuleView
from .parts import Note
from .view import ActivitySection, MemoView, build_view
from .word_doc import W_NS, Writer, normalise_zip, reference_path, xml_text


def render_docx(result: Result, eng: Engagement, rules: RuleSet, template_dir: Path | None = None,
                memo_date: dt.date | None = None, ways: list[Any] | None = None) -> bytes:
    ref = reference_path(template_dir)
    if not ref.is_file():
        raise InputError.single(str(ref), "Word reference document not found",
                                expected="templates/memo-reference.docx (run templates/make_reference_docx.py)")
    return write_docx(build_view(result, eng, rules, memo_date, ways), ref)


def write_docx(v: MemoView, ref: Path) -> bytes:
    from docx import Document

    doc = Document(str(ref))
    body = doc.element.body
    for child in list(body):
        if child.tag != f"{{{W_NS}}}sectPr":
            body.remove(child)
    w = Writer(doc)
    for part in (_opening, _summary, _question, _facts, _screening, _analysis, _closing, _ways, _not_covered,
                 _readiness, _rules, _not_applied, _provenance):
        part(w, v)
    w.notes.finish()
    _header_footer(doc, v)
    _properties(doc, v)
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())


def _heading(w: Writer, v: MemoView, key: str, page_break: bool = False) -> None:
    w.heading(v.section(key).heading, 1, page_break=page_break)


def _opening(w: Writer, v: MemoView) -> None:
    h = v.header
    if h.confidentiality:
        w.para(h.confidentiality, "Confidentiality")
    w.para(("Counterterrorism and sanctions memo: ", h.title), "Title")
    w.para(h.notice, "Notice")
    rows = [*h.rows, ("Tool", (f"{h.tool}, rules {h.rules_short}",))]
    w.table(None, rows, widths=[40, 126], bold_first=True)


def _question(w: Writer, v: MemoView) -> None:
    _heading(w, v, "question")
    w.para(v.question)


def _summary(w: Writer, v: MemoView) -> None:
    _heading(w, v, "summary")
    for x in v.summary.sentences:
        p = w.bullet()
        w.run(p, x.id, bold=True)
        w.run(p, " ")
        w.outcome(p, x.outcome)
        w.run(p, " ")
        w.run(p, x.text)
    w.heading("What to do", 2)
    if not v.summary.actions:
        w.bullet("Nothing to do before going ahead, on the facts stated.")
    for a in v.summary.actions:
        p = w.bullet()
        w.run(p, a.verb, bold=True)
        w.run(p, " ")
        w.run(p, a.text)
    _matrix(w, v)


def _matrix(w: Writer, v: MemoView) -> None:
    sa = v.short_answer
    col = round(130 / (len(sa.columns) + 1), 1)
    w.table(sa.header, [[(r.line.id, " ", r.line.label, f" ({r.line.date})"), *r.cells] for r in sa.rows],
            widths=[36] + [col] * (len(sa.columns) + 1))
    if sa.unreached:
        w.para(f"Not reached for any activity (n/a throughout, not shown): {sa.unreached}.", "Memo Small")
    p = w.para("Outcomes, most restrictive first: ")
    for i, o in enumerate(sa.legend):
        w.outcome(p, o)
        w.run(p, f" {o.plain}" + ("; " if i < len(sa.legend) - 1 else "."))


def _facts(w: Writer, v: MemoView) -> None:
    _heading(w, v, "facts")
    w.para("Facts relied on (from the engagement file):")
    for f in [*v.facts, *v.activity_facts]:
        p = w.bullet(f.lead)
        if f.strong:
            w.run(p, f.strong, bold=True)
        w.run(p, f.text)
    w.para("Assumptions:")
    for x in v.assumptions:
        w.bullet(x)


def _screening(w: Writer, v: MemoView) -> None:
    _heading(w, v, "screening")
    if not v.screening:
        w.para("No counterpart group was named.")
    for cp in v.screening:
        w.heading(f"{cp.name} ({cp.id})", 2)
        p = w.para()
        w.run(p, cp.status, bold=True)
        w.run(p, f" — {cp.summary}")
        if cp.matches:
            w.table(cp.matches.header, cp.matches.rows)
            for x in cp.explanations:
                w.bullet(x)
    _heading(w, v, "reach")
    w.table(v.reach.header, v.reach.rows)
    if v.unconnected:
        w.para(f"No connection to the engagement: {v.unconnected}.")


def _rule(w: Writer, x: RuleView) -> None:
    p = w.bullet()
    if x.title:
        w.run(p, x.title, bold=True)
    w.run(p, f" ({x.rule}; " if x.title else f"{x.rule} (")
    w.link(p, x.citation, x.url)
    w.run(p, ")")
    w.footnote(p, x.note)
    w.run(p, ": ")
    w.outcome(p, x.outcome)
    if not x.verified:
        w.run(p, " (not verified: Appendix A)", italic=True)
    w.run(p, ". ")
    w.run(p, x.why)
    if x.who:
        w.bullet(("Reaches: ", *x.who, "."), 2)
    for e in x.considered:
        q = w.bullet("", 2)
        w.run(q, "Considered: ")
        w.run(q, e.title, italic=True)
        if e.provisions:
            w.run(q, f" ({e.provisions})")
        w.footnote(q, e.note)
        w.run(q, f" — {e.result}")
        if e.outcome:
            w.run(q, " → ")
            w.outcome(q, e.outcome)
        w.run(q, f": {e.reason}")
    for s in x.stale:
        w.bullet(f"Out of date? {s}.", 2)


def _activity(w: Writer, a: ActivitySection, page_break: bool) -> None:
    h = w.heading(f"Activity {a.line.id}: {a.line.label} — ", 2, page_break=page_break)
    w.outcome(h, a.line.outcome)
    w.para(a.detail, "Memo Small")
    for f in a.findings:
        h3 = w.heading(f"{f.name}: ", 3)
        w.outcome(h3, f.outcome)
        if not f.rules and not f.quiet:
            w.para(f.summary)
        for x in f.rules:
            _rule(w, x)
        if f.quiet:
            w.bullet(("No prohibition found under: ", *_quiet(f.quiet), "."))
            for s in f.stale:
                w.bullet(f"Out of date? {s}.", 2)
    for q in a.questions:
        w.bullet(("Question: ", q))
    if a.not_reached:
        w.para(f"Not reached (no connection): {a.not_reached}.")


def _analysis(w: Writer, v: MemoView) -> None:
    _heading(w, v, "analysis")
    for i, a in enumerate(v.activities):
        _activity(w, a, page_break=i > 0)


def _closing(w: Writer, v: MemoView) -> None:
    _heading(w, v, "exposure", page_break=True)
    w.para(v.exposure_note + ("" if v.exposure else " none."))
    for x in v.exposure:
        w.bullet(x)
    _heading(w, v, "conditions")
    if not v.conditions:
        w.para("No exemption or licence with conditions was relied on.")
    for c in v.conditions:
        p = w.bullet()
        w.run(p, c.title, bold=True)
        w.run(p, ":")
        for x in c.items:
            w.bullet(x, 2)


def _quiet(groups: list[QuietRule]) -> tuple[str, ...]:
    out: list[str] = []
    for g in groups:
        out += [*(("; ",) if out else ()), g.count or ", ".join(rule for rule, _ in g.rules), " (", g.why, ")"]
    return tuple(out)


def _ways(w: Writer, v: MemoView) -> None:
    _heading(w, v, "ways-forward")
    w.para(v.ways_notice, "Notice")
    if not v.ways:
        w.para("No alternative the organisation controls improves an outcome, on the data encoded.")
    for x in v.ways:
        p = w.bullet()
        w.run(p, x.activity, bold=True)
        w.run(p, f" {x.kind}: ")
        w.run(p, x.description)
        w.run(p, " — ")
        w.outcome(p, x.before)
        w.run(p, " → ")
        w.outcome(p, x.after)
        w.run(p, " (" + "; ".join(f"{j} {b.text} → {a.text}" for j, b, a in x.outcomes) + ").")
        for d in x.differences:
            w.bullet(d, 2)
        if x.applied_before:
            w.bullet(("Where to apply: as for activity ", x.applied_before, "."), 2)
        elif x.apply:
            q = w.bullet(("Where to apply: ", *((x.apply[1], ", ") if x.apply[1] else ())), 2)
            w.link(q, x.apply[3], x.apply[3])
            w.run(q, " (how: Appendix A).")


def _not_covered(w: Writer, v: MemoView) -> None:
    _heading(w, v, "not-covered")
    if v.not_covered.countries:
        w.para("Countries connected to this engagement whose law is not encoded:")
        for x in v.not_covered.countries:
            w.bullet(x)
    w.para("Never covered:")
    for x in v.not_covered.always:
        w.bullet(x)


def _rules(w: Writer, v: MemoView) -> None:
    _heading(w, v, "rules", page_break=True)
    if v.rules:
        w.para(v.rules_notice_word)
    for x in v.rules:
        _rule_entry(w, x)
        if x.unverified:
            w.bullet(("Not verified: ", *x.unverified), 2)
        if x.mental_element:
            w.bullet(("Mental element: ", x.mental_element), 2)
        if x.penalty:
            w.bullet(("Maximum penalty: ", x.penalty), 2)
        for lr in x.routes:
            q = w.bullet("", 2)
            w.run(q, ("Licence route: ", lr.title, " (", lr.authority, ")"))
            w.footnote(q, lr.note)
            w.run(q, (": ", lr.how))
        if x.summary or x.reach or x.sources:  # the HTML memo's collapsed text: here in a footnote
            w.footnote(w.bullet(f"{v.rule_more}: in the footnote", 2), more_note(x))
    if v.compact or v.gated:
        w.para(v.compact_notice)
    for x in v.compact:
        _rule_entry(w, x)
    if v.gated:
        w.para(v.gated_notice)
    for g in v.gated:  # one line per list: each rule's instrument (linked) and id
        p = w.bullet(f"{g.lists}: ")
        for i, x in enumerate(g.rules):
            w.link(p, x.citation, x.url)
            w.footnote(p, x.note)
            w.run(p, f" ({x.rule})" + ("; " if i < len(g.rules) - 1 else ""))


def more_note(x: RuleEntry) -> Note:
    """An engaged rule's summary, the reach clauses that reached the engagement and its secondary sources (linked),
    as one footnote."""
    pieces: list[tuple[str, str | None]] = [(f"{x.rule}: {x.summary} " if x.summary else f"{x.rule}. ", None)]
    if x.reach:
        pieces.append((f"Reach clauses met here: {'; '.join(x.reach)}. ", None))
    for i, url in enumerate(x.sources):
        pieces += [("Secondary sources: " if i == 0 else "; ", None), (url, url)]
    return tuple(pieces)


def _rule_entry(w: Writer, x: RuleEntry, level: int = 1) -> None:
    """The head of a rule's Appendix A entry: title, layer (in full entries), id, citation with its footnote."""
    p = w.bullet("", level)
    w.run(p, x.title if x.compact else x.rule, bold=not x.compact)  # an engaged rule's title: in section 6
    w.run(p, f" ({x.rule}; " if x.compact else f" ({x.layer}; ")
    w.link(p, x.cited, x.url)
    w.run(p, f": {', '.join(x.provisions)}" + (")" if x.compact else f"; reviewed {x.last_reviewed})"))
    w.footnote(p, x.note)
    if not x.verified:
        w.run(p, " (not verified)", italic=True)


def _not_applied(w: Writer, v: MemoView) -> None:
    _heading(w, v, "not-applied")
    if not v.not_applied:
        w.para("None.")
    for e in v.not_applied:
        p = w.bullet()
        w.run(p, e.title, italic=True)
        if e.url:
            w.footnote(p, ((f"{e.title}, {e.provisions}: ", None), (e.url, e.url)))
        w.run(p, ": ")
        for i, r in enumerate(e.reasons):
            w.run(p, (*r, *(("; ",) if i < len(e.reasons) - 1 else ())))


def _readiness(w: Writer, v: MemoView) -> None:
    rd = v.readiness
    if rd is None:
        return
    _heading(w, v, "readiness")
    w.para("".join(rd.notice), "Notice")
    w.table(rd.criteria.header, rd.criteria.rows)
    if rd.actors:
        w.heading("Actor map", 2)
        w.table(rd.actor_table.header, rd.actor_table.rows)
    for title, items in rd.lists:
        w.heading(title, 2)
        for x in items:
            w.bullet(x)


def _provenance(w: Writer, v: MemoView) -> None:
    pv = v.provenance
    _heading(w, v, "provenance")
    w.bullet(f"Tool: {pv.tool}; rule data SHA-256 {pv.rules_sha256}"
             + (f"; input SHA-256 {pv.input_sha256}" if pv.input_sha256 else "") + ".")
    if pv.data_source:
        w.bullet(f"Rule data folder: {pv.data_source}")
    w.bullet(f"Law and lists as of {pv.as_of}; screening threshold {pv.screening}.")
    w.bullet(f"Lists a counterpart matched (entries), by the date their data was checked: {pv.lists}.")
    if pv.other_lists:
        w.bullet(f"Other lists searched: {pv.other_lists}.")
    if pv.warnings:
        w.bullet("Warnings about the input:")
        for x in pv.warnings:
            w.bullet(x, 2)


def _empty_paragraph(part: Any, style: Any) -> Any:
    """The first paragraph of a header or footer, unlinked from the previous section and emptied."""
    part.is_linked_to_previous = False
    p = part.paragraphs[0] if part.paragraphs else part.add_paragraph()
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    p.style = style
    return p


def _header_footer(doc: Any, v: MemoView) -> None:
    h = v.header
    bits = [*([f"Matter {h.matter}"] if h.matter else []), f"{h.tool}, rules {h.rules_short}", "not legal advice"]
    for section in doc.sections:
        section.different_first_page_header_footer = False
        _empty_paragraph(section.header, doc.styles["Header"]).add_run(xml_text(h.confidentiality or "")).bold = True
        fp = _empty_paragraph(section.footer, doc.styles["Footer"])
        fp.add_run(xml_text(" · ".join(bits)) + " · page ")
        _page_field(fp)


def _page_field(p: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    p._p.append(fld)


def _properties(doc: Any, v: MemoView) -> None:
    props = doc.core_properties
    h, pv = v.header, v.provenance
    when = dt.datetime.combine(h.as_of, dt.time(0, 0), tzinfo=dt.UTC)
    props.title = xml_text(f"Counterterrorism and sanctions memo: {h.title}")[:255]
    props.subject = xml_text(h.subject)[:255]
    props.author = f"legalcheck {__version__}"
    props.last_modified_by = f"legalcheck {__version__}"
    props.keywords = "counterterrorism; sanctions; legalcheck"
    props.category = xml_text(h.confidentiality or "")[:255]
    props.comments = xml_text(f"Produced by {h.tool}; rules SHA-256 {pv.rules_sha256}; as of {h.as_of}. Not "
                              "legal advice: a qualified lawyer must review it.")[:255]
    props.content_status = "For review by a qualified lawyer"
    props.version = h.tool_version
    props.identifier = (pv.input_sha256 or "")[:255]
    props.language = "en"
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when
