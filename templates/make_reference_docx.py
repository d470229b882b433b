"""Generate ``templates/memo-reference.docx``: the styles the Word memo is built with.

A firm restyles the Word memo by opening ``memo-reference.docx`` in Word (or LibreOffice), changing the styles
listed below (fonts, sizes, colours, spacing, table look, header and footer, page size and margins) and saving it
under the same name; no code changes. ``legalcheck check --format docx`` keeps the reference document's styles,
page set-up, header and footer styles, and replaces its body with the memo. Sample paragraphs in the reference
show each style; they are never copied into a memo.

Styles used by the memo (keep their names):

- paragraph: Title, Heading 1, Heading 2, Heading 3, Normal, List Bullet, List Bullet 2, Notice, Confidentiality,
  Footnote Text, Header, Footer, Memo Small, Table Text (text in table cells)
- character: Footnote Reference, Hyperlink, Outcome Prohibited, Outcome Needs Review, Outcome Licensed,
  Outcome Exempt, Outcome Permitted, Outcome Not Applicable, Readiness Status
- table: Memo Table

Run from the checkout:  python3 templates/make_reference_docx.py
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from docx import Document  # noqa: E402
from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm, Pt, RGBColor  # noqa: E402

from legalcheck.memo.word_doc import OUTCOME_STYLES, normalise_zip  # noqa: E402

OUTCOME_LOOK = {
    # style name: (colour, bold, underline, border) — the label text carries the meaning; weight, underline and a
    # border repeat it for black-and-white printing; colour is a redundant cue.
    "Outcome Prohibited": ("8B0000", True, True, "thick"),
    "Outcome Needs Review": ("7A4A00", True, False, "dashed"),
    "Outcome Licensed": ("00457A", True, False, "double"),
    "Outcome Exempt": ("1D5E20", True, False, "dotted"),
    "Outcome Permitted": ("1D5E20", False, False, "single"),
    "Outcome Not Applicable": ("555555", False, False, None),
}


def _border(run_props: OxmlElement, kind: str) -> None:
    bdr = OxmlElement("w:bdr")
    bdr.set(qn("w:val"), kind)
    bdr.set(qn("w:sz"), "8")
    bdr.set(qn("w:space"), "0")
    bdr.set(qn("w:color"), "auto")
    run_props.append(bdr)


def _paragraph_box(style: object) -> None:
    ppr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    pbdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "12")
        el.set(qn("w:space"), "4")
        el.set(qn("w:color"), "auto")
        pbdr.append(el)
    ppr.append(pbdr)


def build() -> bytes:
    doc = Document()
    styles = doc.styles
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)

    normal = styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    for name, size in (("Title", 20), ("Heading 1", 15), ("Heading 2", 13), ("Heading 3", 11.5)):
        styles[name].font.size = Pt(size)

    for name, text_style in (("Notice", True), ("Confidentiality", True)):
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        st.font.bold = text_style
        st.paragraph_format.space_after = Pt(8)
    _paragraph_box(styles["Notice"])
    styles["Confidentiality"].font.all_caps = True
    styles["Confidentiality"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    cell_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cell_text.base_style = normal
    cell_text.font.size = Pt(8.5)
    cell_text.paragraph_format.space_after = Pt(0)

    small = styles.add_style("Memo Small", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    small.font.size = Pt(9)

    fn_text = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    fn_text.base_style = normal
    fn_text.font.size = Pt(9)
    fn_text.paragraph_format.space_after = Pt(0)
    fn_ref = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    fn_ref.font.superscript = True

    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor.from_string("00457A")
    link.font.underline = True

    for name in OUTCOME_STYLES.values():
        colour, bold, underline, border = OUTCOME_LOOK[name]
        st = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        st.font.bold = bold
        st.font.underline = underline
        st.font.italic = name == "Outcome Not Applicable"
        st.font.color.rgb = RGBColor.from_string(colour)
        if border:
            _border(st.element.get_or_add_rPr(), border)

    status = styles.add_style("Readiness Status", WD_STYLE_TYPE.CHARACTER)
    status.font.bold = True
    status.font.all_caps = True

    table = styles.add_style("Memo Table", WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Table Grid"]

    # Sample content: shows each style when a firm opens this file. Never copied into a memo.
    doc.add_paragraph("PRIVILEGED AND CONFIDENTIAL — SAMPLE", style="Confidentiality")
    doc.add_paragraph("Counterterrorism and sanctions memo: sample", style="Title")
    doc.add_paragraph("Notice: the memo's not-legal-advice notice uses this style.", style="Notice")
    doc.add_paragraph("1. Heading 1 (memo sections)", style="Heading 1")
    doc.add_paragraph("Heading 2 (activities, counterparts)", style="Heading 2")
    doc.add_paragraph("Heading 3 (jurisdictions within an activity)", style="Heading 3")
    p = doc.add_paragraph("Body text (Normal). Outcome labels: ")
    for name in OUTCOME_STYLES.values():
        p.add_run(name.removeprefix("Outcome ").upper(), style=name)
        p.add_run(" ")
    doc.add_paragraph("Bullet (List Bullet)", style="List Bullet")
    doc.add_paragraph("Sub-bullet (List Bullet 2)", style="List Bullet 2")
    t = doc.add_table(rows=2, cols=2)
    t.style = table
    for (ri, ci), text in {(0, 0): "Memo Table", (0, 1): "header row", (1, 0): "Table Text", (1, 1): "cell"}.items():
        t.cell(ri, ci).paragraphs[0].style = cell_text
        t.cell(ri, ci).paragraphs[0].add_run(text)
    doc.add_paragraph("Footnote text and small print (provenance) styles.", style="Memo Small")

    props = doc.core_properties
    props.title = "legalcheck memo reference styles"
    props.author = "legalcheck"
    props.last_modified_by = "legalcheck"
    props.comments = "Restyle this document to restyle the Word memo; see templates/make_reference_docx.py."
    props.created = props.modified = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    props.revision = 1

    # Drop python-docx's stock thumbnail (a picture of an unrelated empty page).
    pkg = doc.part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del pkg.rels[rid]

    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())


def main() -> None:
    out = HERE / "memo-reference.docx"
    out.write_bytes(build())
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
