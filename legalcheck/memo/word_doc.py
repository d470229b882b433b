"""Word building blocks for the memo: the reference document, real footnotes, styled runs, tables, determinism.

The reference document ``templates/memo-reference.docx`` holds every style (headings, tables, outcome labels,
footnotes); a firm restyles the memo by editing it, never this code. Citations are real Word footnotes (a
``word/footnotes.xml`` part). The zip container is written with fixed entry dates, so the same input gives
byte-identical output.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from ..paths import templates_dir
from .parts import Label, Status
from .text import plain_text

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
        self._ids: dict[str, str | None] = {}

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
        ref_run = paragraph.add_run()
        ref_run._r.style = self._run_style_id("Footnote Reference")
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(fid))
        ref_run._r.append(ref)

        fn = OxmlElement("w:footnote")
        fn.set(qn("w:id"), str(fid))
        p = OxmlElement("w:p")
        p.append(_style_property("w:pPr", "w:pStyle", self._style_id("Footnote Text")))
        r = OxmlElement("w:r")
        r.append(_style_property("w:rPr", "w:rStyle", self._style_id("Footnote Reference")))
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
        if name not in self._ids:
            try:
                self._ids[name] = str(self.doc.styles[name].style_id)
            except KeyError:
                self._ids[name] = name.replace(" ", "")
        return str(self._ids[name])

    def _run_style_id(self, name: str) -> str | None:
        """What ``add_run(style=name)`` would set, looked up once (python-docx scans every style per lookup)."""
        from docx.enum.style import WD_STYLE_TYPE

        key = "\0run:" + name
        if key not in self._ids:
            self._ids[key] = self.doc.part.get_style_id(name, WD_STYLE_TYPE.CHARACTER)
        return self._ids[key]

    def finish(self) -> None:
        from lxml import etree

        blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        self.part._blob = blob


def _style_property(props: str, tag: str, style_id: str) -> Any:
    """``<w:pPr><w:pStyle w:val=…/></w:pPr>`` (or the run equivalent)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    pr = OxmlElement(props)
    style = OxmlElement(tag)
    style.set(qn("w:val"), style_id)
    pr.append(style)
    return pr


def _text_run(text: str, style_id: str | None = None) -> Any:
    from docx.oxml import OxmlElement

    r = OxmlElement("w:r")
    if style_id:
        r.append(_style_property("w:rPr", "w:rStyle", style_id))
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
        self._style_ids: dict[tuple[str, int], str | None] = {}
        self._end = doc.element.body.sectPr  # new paragraphs go just before the section properties

    def _new_paragraph(self, text: str = "") -> Any:
        """A new paragraph at the end of the body. ``Document.add_paragraph`` finds the section properties by
        scanning every child of the body, which made the memo quadratic in its length (200 activities: minutes);
        the section properties are found once here and each paragraph is inserted before them directly."""
        from docx.oxml import OxmlElement
        from docx.text.paragraph import Paragraph

        p = OxmlElement("w:p")
        if self._end is not None:
            self._end.addprevious(p)
        else:
            self.doc.element.body.append(p)
        if text:
            p.append(_text_run(text))
        return Paragraph(p, self.doc._body)

    def style_id(self, name: str, kind: str) -> str | None:
        """The id python-docx sets for style ``name`` of ``kind`` (None for the default), looked up once per name.

        python-docx scans every style of the reference document on each ``.style =`` assignment; the memo sets a
        style on hundreds of paragraphs and runs, so the lookups are cached (the output is byte for byte the same).
        """
        from docx.enum.style import WD_STYLE_TYPE

        style_type = WD_STYLE_TYPE[kind]
        key = (name, int(style_type))
        if key not in self._style_ids:
            self._style_ids[key] = self.doc.part.get_style_id(name, style_type)
        return self._style_ids[key]

    def styled(self, p: Any, style: str) -> Any:
        """Set paragraph style ``style`` on ``p`` (as ``p.style = style`` would, without the repeated scan)."""
        p._p.style = self.style_id(style, "PARAGRAPH")
        return p

    # -- primitives -------------------------------------------------------------------------------------------
    def para(self, text: Any = "", style: str | None = None) -> Any:
        p = self._new_paragraph(xml_text(plain_text(text)))
        return p if style is None else self.styled(p, style)

    def heading(self, text: str, level: int, page_break: bool = False) -> Any:
        p = self.styled(self._new_paragraph(xml_text(text)), f"Heading {level}")
        if page_break:
            p.paragraph_format.page_break_before = True
        return p

    def bullet(self, text: Any = "", level: int = 1) -> Any:
        return self.para(text, "List Bullet" if level == 1 else "List Bullet 2")

    def run(self, p: Any, text: Any, bold: bool = False, italic: bool = False, style: str | None = None) -> Any:
        r = self.styled_run(p, xml_text(plain_text(text)), style)
        if bold:
            r.bold = True
        if italic:
            r.italic = True
        return r

    def styled_run(self, p: Any, text: str, style: str | None) -> Any:
        """``p.add_run(text, style=style)`` with the style id looked up once per name, appended directly (no scan
        of the paragraph's children)."""
        from docx.text.run import Run

        r = _text_run(text, self.style_id(style, "CHARACTER") if style else None)
        p._p.append(r)
        return Run(r, p)

    def outcome(self, p: Any, o: Label) -> None:
        self.styled_run(p, o.text, OUTCOME_STYLES.get(o.value))

    def link(self, p: Any, text: str, url: str | None) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        if not re.match(r"^https?://\S+$", url or ""):
            self.run(p, text)
            return
        rid = self.doc.part.relate_to(url, RT.HYPERLINK, is_external=True)
        p._p.append(_hyperlink(rid, text, self.notes._style_id("Hyperlink")))

    def cell(self, p: Any, value: Any, bold: bool = False) -> None:
        """A table cell: an outcome label, a readiness status or text (``Words`` or a string)."""
        if isinstance(value, Label):
            self.outcome(p, value)
        elif isinstance(value, Status):
            self.run(p, value.text, style="Readiness Status")
        else:
            self.run(p, plain_text(value), bold=bold)

    def table(self, header: Any, rows: Any, widths: list[float] | None = None, bold_first: bool = False) -> Any:
        """A table in the 'Memo Table' style; ``widths`` in millimetres; the header row repeats on every page."""
        from docx.oxml import OxmlElement
        from docx.shared import Mm

        ncols = len(header) if header else len(rows[0])
        offset = 1 if header else 0
        t = self.doc.add_table(rows=offset + len(rows), cols=ncols)
        t.style = self.doc.styles["Memo Table"]
        cells = [row.cells for row in t.rows]  # t.cell(r, c) rebuilds the whole grid on every call
        for row_cells in cells:
            for cell in row_cells:
                self.styled(cell.paragraphs[0], "Table Text")
        if header:
            for i, h in enumerate(header):
                cells[0][i].paragraphs[0].add_run(xml_text(h)).bold = True
            t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for ri, row in enumerate(rows, start=offset):
            for ci, value in enumerate(row):
                self.cell(cells[ri][ci].paragraphs[0], value, bold=bold_first and ci == 0)
        if widths:
            t.autofit = False
            for column, width in zip(t.columns, widths, strict=False):
                column.width = Mm(width)
            for row in t.rows:
                for cell, width in zip(row.cells, widths, strict=False):
                    cell.width = Mm(width)
        return t

    def footnote(self, p: Any, pieces: Any) -> None:
        self.notes.add(p, [(xml_text(t), u if u and re.match(r"^https?://\S+$", u) else None) for t, u in pieces])


