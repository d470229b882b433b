"""Helpers shared by the memo-format tests: run the CLI, read a .docx back as text."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from click.testing import CliRunner

from legalcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "engagements"
SOMALIA = EXAMPLES / "swiss-ngo-somalia.yaml"
READINESS = EXAMPLES / "uk-peacebuilding-dialogue-readiness.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MEMO_DATE = "2026-12-01"  # the memo date of every memo the tests make (the default, today, would change daily)


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def render(path: Path, fmt: str, tmp: Path, *extra: str) -> bytes:
    out = tmp / f"memo-{path.stem}-{fmt}-{abs(hash(extra)) % 10_000}.{fmt}"
    dated = () if "--memo-date" in extra else ("--memo-date", MEMO_DATE)
    code, _, err = run("check", str(path), "--format", fmt, "-o", str(out), *dated, *extra)
    assert code == 0, err
    return out.read_bytes()


def docx_xml_text(data: bytes) -> str:
    """Every text node of every XML part of a .docx (body, footnotes, headers, footers, properties)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    parts = []
    for name in sorted(z.namelist()):
        if name.endswith(".xml") and not name.startswith("word/styles"):
            xml = z.read(name).decode("utf-8")
            parts.append(" ".join(re.findall(r">([^<>]+)<", xml)))
    return "\n".join(parts)


def docx_dump(data: bytes) -> str:
    """A normalised, human-readable text dump of a .docx: styles, paragraphs, tables, footnotes, properties."""
    import docx
    from lxml import etree

    doc = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    body = doc.element.body
    for child in body:
        if child.tag == f"{W}p":
            style = child.find(f"{W}pPr/{W}pStyle")
            name = style.get(f"{W}val") if style is not None else "Normal"
            text = "".join(t.text or "" for t in child.iter(f"{W}t"))
            refs = [r.get(f"{W}id") for r in child.iter(f"{W}footnoteReference")]
            lines.append(f"[{name}] {text}" + (f" [^{','.join(refs)}]" if refs else ""))
        elif child.tag == f"{W}tbl":
            for tr in child.iter(f"{W}tr"):
                cells = ["".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in tr.iter(f"{W}tc")]
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    z = zipfile.ZipFile(io.BytesIO(data))
    if "word/footnotes.xml" in z.namelist():
        root = etree.fromstring(z.read("word/footnotes.xml"))
        lines.append("--- footnotes ---")
        for fn in root.iter(f"{W}footnote"):
            if fn.get(f"{W}type"):
                continue
            lines.append(f"[^{fn.get(f'{W}id')}] " + "".join(t.text or "" for t in fn.iter(f"{W}t")).strip())
    cp = doc.core_properties
    lines.append("--- properties ---")
    for key in ("title", "subject", "author", "category", "comments", "version", "created", "modified"):
        lines.append(f"{key}: {getattr(cp, key)}")
    for s in doc.sections:
        lines.append("header: " + " ".join(p.text for p in s.header.paragraphs))
        lines.append("footer: " + " ".join(p.text for p in s.footer.paragraphs))
    return "\n".join(lines) + "\n"
