"""Render a result as a Word (.docx) memo from the reference document ``templates/memo-reference.docx``.

The reference document holds every style (headings, tables, outcome labels, footnotes); a firm restyles the memo
by editing it, never this code. Citations are real Word footnotes (a ``word/footnotes.xml`` part). The document
properties carry the title, subject, tool version and the assessment date from the input (never the clock), and
the zip container is written with fixed entry dates, so the same input gives byte-identical output.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from . import __version__
from .errors import InputError
from .memo import OUTCOME_LABELS, OUTCOME_PLAIN, context
from .memo_html import READINESS_CRITERIA
from .models.engagement import Engagement
from .models.result import Component, Result
from .paths import templates_dir
from .ruleset import RuleSet

REFERENCE_NAME = "memo-reference.docx"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
OUTCOME_STYLES = {
    "prohibited": "Outcome Prohibited",
    "needs_review": "Outcome Needs Review",
    "licensed": "Outcome Licensed",
    "exempt": "Outcome Exempt",
    "permitted": "Outcome Permitted",
    "not_applicable": "Outcome Not Applicable",
}
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SETTINGS_AFTER_FOOTNOTEPR = ("endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
                              "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
                              "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                              "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip container with constant entry dates and attributes: same content, same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zi.create_system = 0
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def xml_text(value: Any) -> str:
    """Free text made safe for XML (control characters are not allowed in a Word document)."""
    return _XML_BAD.sub("\ufffd", "" if value is None else str(value))


def reference_path(template_dir: Path | None = None) -> Path:
    return (template_dir or templates_dir()) / REFERENCE_NAME


class Footnotes:
    """Real Word footnotes: a footnotes part related to the main document, one ``w:footnote`` per citation."""

    def __init__(self, doc: Any) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from docx.oxml import parse_xml

        self.doc = doc
        self.part: Any = None
        for rel in doc.part.rels.values():
            if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                self.part = rel.target_part
        if self.part is not None:
            root = parse_xml(self.part.blob)
            for fn in list(root):
                if fn.get(f"{{{W_NS}}}type") not in ("separator", "continuationSeparator", "continuationNotice"):
                    root.remove(fn)
        else:
            root = parse_xml(
                f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
                'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
                '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
                'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
                "</w:footnotes>"
            )
            self.part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, b"", doc.part.package)
            doc.part.relate_to(self.part, RT.FOOTNOTES)
            self._declare_in_settings()
        self.root = root
        self.next_id = 1

    def _declare_in_settings(self) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        settings = self.doc.settings.element
        if settings.find(qn("w:footnotePr")) is not None:
            return
        pr = OxmlElement("w:footnotePr")
        for i in ("-1", "0"):
            el = OxmlElement("w:footnote")
            el.set(qn("w:id"), i)
            pr.append(el)
        for child in settings:
            if child.tag.rsplit("}", 1)[-1] in _SETTINGS_AFTER_FOOTNOTEPR:
                child.addprevious(pr)
                return
        settings.append(pr)

    def add(self, paragraph: Any, pieces: list[tuple[str, str | None]]) -> int:
        """Add a footnote reference at the end of ``paragraph``; ``pieces`` are (text, url-or-None) runs."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        fid = self.next_id
        self.next_id += 1
        ref_run = paragraph.add_run(style="Footnote Reference")
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(fid))
        ref_run._r.append(ref)

        fn = OxmlElement("w:footnote")
        fn.set(qn("w:id"), str(fid))
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        pstyle = OxmlElement("w:pStyle")
        pstyle.set(qn("w:val"), self._style_id("Footnote Text"))
        ppr.append(pstyle)
        p.append(ppr)
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        rstyle = OxmlElement("w:rStyle")
        rstyle.set(qn("w:val"), self._style_id("Footnote Reference"))
        rpr.append(rstyle)
        r.append(rpr)
        r.append(OxmlElement("w:footnoteRef"))
        p.append(r)
        p.append(_text_run(" "))
        for text, url in pieces:
            if url:
                rid = self.part.relate_to(url, RT.HYPERLINK, is_external=True)
                p.append(_hyperlink(rid, text, self._style_id("Hyperlink")))
            else:
                p.append(_text_run(text))
        fn.append(p)
        self.root.append(fn)
        return fid

    def _style_id(self, name: str) -> str:
        try:
            return str(self.doc.styles[name].style_id)
        except KeyError:
            return name.replace(" ", "")

    def finish(self) -> None:
        from lxml import etree

        blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        self.part._blob = blob


def _text_run(text: str, style_id: str | None = None) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r = OxmlElement("w:r")
    if style_id:
        rpr = OxmlElement("w:rPr")
        rs = OxmlElement("w:rStyle")
        rs.set(qn("w:val"), style_id)
        rpr.append(rs)
        r.append(rpr)
    t = OxmlElement("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = xml_text(text)
    r.append(t)
    return r


def _hyperlink(rid: str, text: str, style_id: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    h = OxmlElement("w:hyperlink")
    h.set(qn("r:id"), rid)
    h.append(_text_run(text, style_id))
    return h


class Writer:
    """Builds the memo body on top of the reference document's styles."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.notes = Footnotes(doc)

    # -- primitives -------------------------------------------------------------------------------------------
    def para(self, text: str = "", style: str | None = None) -> Any:
        return self.doc.add_paragraph(xml_text(text), style=style)

    def heading(self, text: str, level: int, page_break: bool = False) -> Any:
        p = self.doc.add_paragraph(xml_text(text), style=f"Heading {level}")
        if page_break:
            p.paragraph_format.page_break_before = True
        return p

    def bullet(self, text: str = "", level: int = 1) -> Any:
        return self.para(text, "List Bullet" if level == 1 else "List Bullet 2")

    def run(self, p: Any, text: str, bold: bool = False, italic: bool = False, style: str | None = None) -> Any:
        r = p.add_run(xml_text(text), style=style)
        if bold:
            r.bold = True
        if italic:
            r.italic = True
        return r

    def outcome(self, p: Any, o: Any) -> None:
        value = str(getattr(o, "value", o))
        p.add_run(OUTCOME_LABELS.get(value, value), style=OUTCOME_STYLES.get(value))

    def link(self, p: Any, text: str, url: str) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        if not re.match(r"^https?://\S+$", url or ""):
            self.run(p, text)
            return
        rid = self.doc.part.relate_to(url, RT.HYPERLINK, is_external=True)
        p._p.append(_hyperlink(rid, text, self.notes._style_id("Hyperlink")))

    def table(self, header: list[str] | None, rows: list[list[Any]], widths: list[float] | None = None) -> Any:
        """A table in the 'Memo Table' style; ``widths`` in millimetres; the header row repeats on every page."""
        from docx.oxml import OxmlElement
        from docx.shared import Mm

        ncols = len(header) if header else len(rows[0])
        offset = 1 if header else 0
        t = self.doc.add_table(rows=offset + len(rows), cols=ncols)
        t.style = self.doc.styles["Memo Table"]
        cell_style = self.doc.styles["Table Text"]
        for row in t.rows:
            for cell in row.cells:
                cell.paragraphs[0].style = cell_style
        if header:
            for i, h in enumerate(header):
                t.cell(0, i).paragraphs[0].add_run(xml_text(h)).bold = True
            t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for ri, row in enumerate(rows, start=offset):
            for ci, value in enumerate(row):
                p = t.cell(ri, ci).paragraphs[0]
                if isinstance(value, tuple) and value and value[0] == "outcome":
                    self.outcome(p, value[1])
                elif isinstance(value, tuple) and value and value[0] == "status":
                    self.run(p, value[1], style="Readiness Status")
                elif isinstance(value, tuple) and value and value[0] == "bold":
                    self.run(p, value[1], bold=True)
                else:
                    self.run(p, "" if value is None else str(value))
        if widths:
            t.autofit = False
            for column, width in zip(t.columns, widths, strict=False):
                column.width = Mm(width)
            for row in t.rows:
                for cell, width in zip(row.cells, widths, strict=False):
                    cell.width = Mm(width)
        return t

    def footnote(self, p: Any, pieces: list[tuple[str, str | None]]) -> None:
        self.notes.add(p, [(xml_text(t), u if u and re.match(r"^https?://\S+$", u) else None) for t, u in pieces])


def _yn(v: bool | None) -> str:
    return "yes" if v else ("no" if v is False else "not stated")


def _component(w: Writer, comp: Component) -> None:
    p = w.bullet()
    w.run(p, f"{comp.layer.capitalize()} layer — {comp.title}", bold=True)
    w.run(p, " (")
    w.link(p, comp.citation.citation, comp.citation.url)
    w.run(p, f"; {', '.join(comp.provisions)})")
    pieces: list[tuple[str, str | None]] = [
        (f"{comp.citation.citation}, {', '.join(comp.provisions)}: ", None),
        (comp.citation.url, comp.citation.url),
    ]
    if comp.sources:
        pieces.append((". Sources: ", None))
        for i, s in enumerate(comp.sources):
            pieces.append((s, s))
            if i < len(comp.sources) - 1:
                pieces.append(("; ", None))
    pieces.append((f". Rule {comp.rule}, last reviewed {comp.last_reviewed}"
                   f"{'' if comp.verified else '; not verified against the primary text'}.", None))
    w.footnote(p, pieces)
    w.run(p, ": ")
    w.outcome(p, comp.outcome)
    if not comp.verified:
        w.run(p, " (rule not verified against the primary text)", italic=True)
    w.bullet(comp.explanation, 2)
    if comp.reached:
        w.bullet("Reaches: " + "; ".join(comp.reached) + ".", 2)
    w.bullet(f"Mental element: {comp.mental_element}.", 2)
    for e in comp.exemptions_considered:
        q = w.bullet("", 2)
        w.run(q, "Considered: ")
        w.run(q, e.title, italic=True)
        w.run(q, f" ({', '.join(e.provisions)})")
        w.footnote(q, [(f"{e.title}, {', '.join(e.provisions)}" + (": " if e.url else "."), None),
                       *([(e.url, e.url)] if e.url else [])])
        w.run(q, f" — {e.result.replace('_', ' ')}")
        if e.outcome:
            w.run(q, " → ")
            w.outcome(q, e.outcome)
        w.run(q, f": {e.reason}")
    for lr in comp.licence_routes:
        q = w.bullet("", 2)
        w.run(q, f"Licence route: {lr.title} ({lr.authority})")
        w.footnote(q, [(f"{lr.title}: ", None), (lr.url, lr.url)])
        w.run(q, f": {lr.how}")
    for qn_ in comp.questions:
        w.bullet(f"Question: {qn_}", 2)


def render_docx(result: Result, eng: Engagement, rules: RuleSet, template_dir: Path | None = None) -> bytes:
    from docx import Document

    ref = reference_path(template_dir)
    if not ref.is_file():
        raise InputError.single(str(ref), "Word reference document not found",
                                expected="templates/memo-reference.docx (run templates/make_reference_docx.py)")
    doc = Document(str(ref))
    body = doc.element.body
    for child in list(body):
        if child.tag != f"{{{W_NS}}}sectPr":
            body.remove(child)
    ctx = context(result, eng, rules)
    w = Writer(doc)
    _build(w, ctx, result, eng)
    w.notes.finish()
    _header_footer(doc, result, eng)
    _properties(doc, result, eng)
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())


def _header_footer(doc: Any, result: Result, eng: Engagement) -> None:
    meta = eng.memo
    for section in doc.sections:
        section.different_first_page_header_footer = False
        header = section.header
        header.is_linked_to_previous = False
        hp = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        for r in list(hp.runs):
            r._r.getparent().remove(r._r)
        hp.style = doc.styles["Header"]
        hp.add_run(xml_text(meta.confidentiality if meta and meta.confidentiality else "")).bold = True
        footer = section.footer
        footer.is_linked_to_previous = False
        fp = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        for r in list(fp.runs):
            r._r.getparent().remove(r._r)
        fp.style = doc.styles["Footer"]
        bits = []
        if meta and meta.matter:
            bits.append(f"Matter {meta.matter}")
        bits.append(f"legalcheck {result.provenance.tool_version}, rules {result.provenance.rules_sha256[:12]}")
        bits.append("not legal advice")
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


def _properties(doc: Any, result: Result, eng: Engagement) -> None:
    props = doc.core_properties
    when = dt.datetime.combine(result.as_of, dt.time(0, 0), tzinfo=dt.UTC)
    meta = eng.memo
    props.title = xml_text(f"Counterterrorism and sanctions memo: {result.title}")[:255]
    props.subject = xml_text(f"Matter {meta.matter}" if meta and meta.matter else
                             f"{eng.purpose.value} engagement, {eng.location.country}")[:255]
    props.author = f"legalcheck {__version__}"
    props.last_modified_by = f"legalcheck {__version__}"
    props.keywords = "counterterrorism; sanctions; legalcheck"
    props.category = xml_text(meta.confidentiality if meta and meta.confidentiality else "")[:255]
    props.comments = xml_text(f"Produced by legalcheck {result.provenance.tool_version}; rules SHA-256 "
                              f"{result.provenance.rules_sha256}; as of {result.as_of}. Not legal advice: a "
                              "qualified lawyer must review it.")[:255]
    props.content_status = "For review by a qualified lawyer"
    props.version = result.provenance.tool_version
    props.identifier = (result.provenance.input_sha256 or "")[:255]
    props.language = "en"
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when


def _build(w: Writer, ctx: dict[str, Any], r: Result, eng: Engagement) -> None:
    org = eng.organisation
    meta = eng.memo
    codes: list[str] = ctx["codes"]
    grid = ctx["grid"]
    names = ctx["names"]

    if meta and meta.confidentiality:
        w.para(meta.confidentiality, "Confidentiality")
    w.para(f"Counterterrorism and sanctions memo: {r.title}", "Title")
    w.para(r.notice, "Notice")
    rows: list[list[Any]] = [
        ["Organisation", f"{org.name} ({org.type.value}, incorporated in {org.incorporated_in})"],
        ["Place", eng.location.country + (f" — {eng.location.area}" if eng.location.area else "")],
        ["Date assessed", f"{r.as_of}" + (" (--as-of)" if r.provenance.as_of_overridden else "")],
    ]
    if meta:
        for label, value in (("Matter", meta.matter), ("Prepared by", meta.prepared_by),
                             ("Reviewed by", meta.reviewed_by)):
            if value:
                rows.append([label, value])
    rows.append(["Tool", f"legalcheck {r.provenance.tool_version}, rules {r.provenance.rules_sha256[:12]}"])
    w.table(None, [[("bold", k), v] for k, v in rows], widths=[40, 126])

    w.heading("1. Question", 1)
    applies = ", ".join(j.name for j in r.jurisdictions if j.applies) or "the jurisdictions encoded"
    groups = ", ".join(c.name for c in eng.counterparts) or "no named group"
    w.para(f"What do the counterterrorism criminal laws and sanctions of {applies} allow {org.name} to do when it "
           f"carries out the activities below with {groups} in {eng.location.country}, for a {eng.purpose.value} "
           "purpose?")

    w.heading("2. Short answer", 1)
    reached = [c for c in codes if any(grid[a.id][c].outcome.value != "not_applicable" for a in r.activities)]
    col = round(130 / (len(reached) + 1), 1)
    w.table(["Activity", *reached, "Overall"],
            [[f"{a.id} {a.label} ({a.date})", *[("outcome", grid[a.id][c].outcome) for c in reached],
              ("outcome", a.outcome)] for a in r.activities], widths=[36] + [col] * (len(reached) + 1))
    unreached = [c for c in codes if c not in reached]
    if unreached:
        w.para(f"Not reached for any activity (n/a throughout, not shown): {', '.join(unreached)}.", "Memo Small")
    p = w.para("Outcomes, most restrictive first: ")
    for i, o in enumerate(OUTCOME_LABELS):
        w.outcome(p, o)
        w.run(p, f" {OUTCOME_PLAIN[o]}" + ("; " if i < len(OUTCOME_LABELS) - 1 else "."))
    for a in r.activities:
        q = w.bullet()
        w.run(q, a.id, bold=True)
        w.run(q, " — ")
        w.outcome(q, a.outcome)
        tail = f" ({OUTCOME_PLAIN[a.outcome.value]})"
        if a.outcome.value not in ("permitted", "not_applicable"):
            tail += f": strictest under {', '.join(a.strictest_jurisdictions)}"
        w.run(q, tail + ".")

    w.heading("3. Facts and assumptions", 1)
    w.para("Facts relied on (from the engagement file):")
    w.bullet(f"Organisation: {org.name}; type {org.type.value}; incorporated in {org.incorporated_in}; UN plan "
             f"participant: {_yn(org.un_plan_participant)}; GA observer: {_yn(org.ga_observer)}; EU certified "
             f"partner: {_yn(org.eu_certified_partner)}.")
    nats = sorted({s.nationality for s in org.staff}, key=[s.nationality for s in org.staff].index)
    w.bullet(f"Staff nationalities: {', '.join(nats) or 'none listed'}.")
    w.bullet("Funders: " + ("; ".join(f"{f.name} ({f.kind.value}, {f.country})" for f in eng.funders)
                            or "none listed") + ".")
    w.bullet(f"Purpose: {eng.purpose.value}.")
    for a in r.activities:
        w.bullet(f"Activity {a.id} ({a.kind}: {a.label}): {a.description or 'no description'} — performed by "
                 f"{', '.join(a.performed_by) or 'no staff listed'}; counterpart(s): "
                 f"{', '.join(a.counterparts) or 'none'}; date {a.date}; purpose {a.purpose}.")
    w.para("Assumptions:")
    seen: list[str] = list(r.assumptions)
    for f in r.findings:
        for c in f.components:
            for x in c.assumptions:
                if x not in seen:
                    seen.append(x)
    for x in seen:
        w.bullet(x)

    w.heading("4. Counterpart screening", 1)
    if not r.counterparts:
        w.para("No counterpart group was named.")
    for cp in r.counterparts:
        w.heading(f"{cp.name} ({cp.id})", 2)
        p = w.para()
        w.run(p, cp.status.replace("_", " "), bold=True)
        w.run(p, f" — {cp.summary}")
        if cp.matches:
            w.table(["List", "Designation", "Matched name", "Score", "Match", "In force", "Listed", "Until"],
                    [[m.list, m.designation + (f" (part: {m.scope_note})" if m.covers == "part" else ""),
                      m.matched_name, f"{m.score:.2f}", "yes" if m.match else "no (grey band)",
                      "yes" if m.in_force else "no", str(m.listed_from), str(m.listed_to or "")]
                     for m in cp.matches])
            for m in cp.matches:
                w.bullet(f"{m.list} / {m.entry_id}: {m.explanation}")

    w.heading("5. Which laws reach the activities", 1)
    w.table(["Jurisdiction", "Applies", "Connections"],
            [[f"{j.name} ({j.code})", "yes" if j.applies else "no", "; ".join(j.connections) or "none"]
             for j in r.jurisdictions])

    w.heading("6. Analysis by activity", 1)
    for i, a in enumerate(r.activities):
        h = w.heading(f"Activity {a.id}: {a.label} — ", 2, page_break=i > 0)
        w.outcome(h, a.outcome)
        w.para(f"{a.kind}; {a.date}; {a.description or 'no description'}", "Memo Small")
        na: list[str] = []
        for c in codes:
            f = grid[a.id][c]
            if f.outcome.value == "not_applicable" and not f.components:
                na.append(c)
                continue
            h3 = w.heading(f"{names[c]}: ", 3)
            w.outcome(h3, f.outcome)
            if not f.components:
                w.para(f.summary)
            for comp in f.components:
                _component(w, comp)
            if f.exposure:
                w.para(f"Exposure: {'; '.join(f.exposure.who)}. Maximum penalties: "
                       f"{'; '.join(f.exposure.penalties)}.")
        if na:
            w.para(f"Not reached (no connection): {', '.join(na)}.")

    w.heading("7. Exposure", 1, page_break=True)
    exp_rows = [[f.activity, f.jurisdiction, ("outcome", f.outcome), "; ".join(f.exposure.who),
                 "; ".join(f.exposure.penalties)] for f in r.findings if f.exposure]
    w.table(["Activity", "Jurisdiction", "Outcome", "Who is at risk", "Maximum penalty"],
            exp_rows or [["—", "—", "—", "nobody identified", "—"]])

    w.heading("8. Conditions attached to exemptions and licences", 1)
    if not ctx["conditions"]:
        w.para("No exemption or licence with conditions was relied on.")
    for title, prov, conds in ctx["conditions"]:
        p = w.bullet()
        w.run(p, title, bold=True)
        w.run(p, f" ({prov}):")
        for x in conds:
            w.bullet(x, 2)

    w.heading("9. What would change the answer", 1)
    changes = [f for f in r.findings if f.what_would_change or f.questions]
    if not changes:
        w.para("Nothing identified.")
    for f in changes:
        p = w.bullet()
        w.run(p, f"{f.activity} / {f.jurisdiction}", bold=True)
        w.run(p, " (")
        w.outcome(p, f.outcome)
        w.run(p, "):")
        for q in f.questions:
            w.bullet(f"Answer: {q}", 2)
        for x in f.what_would_change:
            w.bullet(x, 2)

    rd = eng.readiness
    if rd:
        w.heading("10. Conditions for engagement (dialogue readiness — not a legal analysis)", 1)
        w.para("These practice criteria (US Institute of Peace, Atrocity Prevention through Dialogue, 2016) are "
               "recorded beside the legal analysis. They never change a legal outcome above.", "Notice")
        crit_rows: list[list[Any]] = []
        for key, label in READINESS_CRITERIA:
            v = getattr(rd, key)
            crit_rows.append([label, ("status", v.status.replace("_", " ") if v else "not recorded"),
                              (v.note or "") if v else ""])
        w.table(["Criterion", "Status", "Note"], crit_rows)
        if rd.actor_map:
            w.heading("Actor map", 2)
            w.table(["Actor", "Role", "Note"], [[x.name, x.role.replace("_", " "), x.note or ""]
                                                for x in rd.actor_map])
        for title, items in (("Principles of engagement", rd.principles_of_engagement),
                             ("Disengagement triggers", rd.disengagement_triggers),
                             ("Limits on concessions", rd.concession_limits)):
            if items:
                w.heading(title, 2)
                for x in items:
                    w.bullet(x)

    w.heading("Provenance", 1)
    pv = r.provenance
    w.bullet(f"Tool: legalcheck {pv.tool_version}")
    w.bullet(f"Rule data SHA-256: {pv.rules_sha256}")
    if pv.input_sha256:
        w.bullet(f"Input SHA-256: {pv.input_sha256}")
    w.bullet(f"Law and lists as of: {pv.as_of}" + (" (set with --as-of)" if pv.as_of_overridden else ""))
    w.bullet(f"Screening threshold: {pv.screening_threshold} (grey band from {pv.screening_review_threshold})")
    w.bullet("Designation lists (data checked as of):")
    for lst in pv.lists:
        w.bullet(f"{lst.id} — {lst.title}: {lst.entries} entries, as of {lst.as_of}", 2)
    if r.warnings:
        w.bullet("Warnings about the input:")
        for x in r.warnings:
            w.bullet(x, 2)
    w.para(r.notice, "Notice")
