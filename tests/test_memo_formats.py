"""HTML and Word memos, decision records and redaction."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from memo_helpers import READINESS, ROOT, SOMALIA, docx_xml_text, render, run

from legalcheck.memo.analysis import ENGAGED

# ---------------------------------------------------------------- HTML


def _result(path: Path, *extra: str) -> dict:
    code, out, err = run("check", str(path), "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_html_is_self_contained_with_print_css_toc_and_links(tmp_path: Path) -> None:
    page = render(SOMALIA, "html", tmp_path).decode("utf-8")
    data = _result(SOMALIA)
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'; style-src 'unsafe-inline'" in page
    lowered = page.lower()
    for banned in ("<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url(", "@font-face",
                   " src="):
        assert banned not in lowered, banned
    # every activity has its own section, a page break before it in print, and a TOC entry
    assert re.search(r"@media print\s*{[^}]*}?.*section\.activity\s*{\s*break-before:\s*page;\s*"
                     r"page-break-before:\s*always;", page, re.S)
    for a in data["activities"]:
        assert f'<section class="activity" id="activity-{a["id"]}">' in page
        assert f'href="#activity-{a["id"]}"' in page
    for anchor in re.findall(r'href="#([^"]+)"', page):
        assert f'id="{anchor}"' in page, anchor
    # every cited provision, exemption and licence route is a link (licence routes: of the rules that engaged an
    # activity; secondary sources are in the JSON result, see test_memo_content.content_sets)
    hrefs = {html.unescape(h) for h in re.findall(r'href="([^"#][^"]*)"', page)}
    comps = [c for f in data["findings"] for c in f["components"]]
    engaged = {c["rule"] for c in comps if c["outcome"] in ENGAGED or c["exemptions_considered"]}
    assert engaged
    for f in data["findings"]:
        for c in f["components"]:
            assert c["citation"]["url"] in hrefs
            assert c["rule"] not in engaged or {lr["url"] for lr in c["licence_routes"]} <= hrefs
            for e in c["exemptions_considered"]:
                if e["url"]:
                    assert e["url"] in hrefs
    assert all(h.startswith(("http://", "https://")) for h in hrefs)
    # outcome labels carry the text, not colour alone
    assert '<span class="o o-prohibited">PROHIBITED</span>' in page
    assert '<span class="o o-needs-review">NEEDS REVIEW</span>' in page
    assert 'id="provenance"' in page and data["provenance"]["rules_sha256"] in page


def _rule_details(page: str) -> dict[str, tuple[str, set[str]]]:
    """Each Appendix A entry's collapsed "Rule text, reach and sources": its text (unescaped, whitespace squashed)
    and its links, by rule id; an entry without one maps to ("", set())."""
    appendix = page.split('<section id="rules" class="appendix">', 1)[1].split("</section>", 1)[0]
    out = {}
    for chunk in appendix.split('<li id="rule-')[1:]:
        rule = html.unescape(re.search(r"<strong>([^<]+)</strong>", chunk).group(1)) if "<strong>" in chunk else ""
        m = re.search(r'<details class="more">\s*<summary>Rule text, reach and sources</summary>(.*?)</details>',
                      chunk, re.S)
        if rule:
            inner = m.group(1) if m else ""
            out[rule] = (re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", inner))).strip(),
                         {html.unescape(h) for h in re.findall(r'href="([^"]+)"', inner)})
    return out


@pytest.mark.parametrize("example", sorted((ROOT / "examples" / "engagements").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_html_rule_entries_hold_summary_reach_and_sources_collapsed(example: Path, tmp_path: Path) -> None:
    """The Markdown memo leaves a rule's summary, reach clauses and secondary sources to the JSON result; the HTML
    memo gives them in each engaged rule's Appendix A entry, in a <details> closed on screen (the Word memo: in a
    footnote)."""
    from legalcheck.ruleset import load_ruleset

    summaries = {p.id: p.summary for j in load_ruleset().jurisdictions.values() for p in j.prohibitions}
    page = render(example, "html", tmp_path).decode("utf-8")
    details = _rule_details(page)
    data = _result(example)
    comps = [c for f in data["findings"] for c in f["components"]]
    engaged = {c["rule"] for c in comps if c["outcome"] in ENGAGED or c["exemptions_considered"]}
    assert engaged and engaged <= set(details)
    with_sources = 0
    for c in comps:
        if c["rule"] not in engaged:
            continue
        more, links = details[c["rule"]]
        summary = re.sub(r"\s+", " ", summaries[c["rule"]].strip())
        assert len(summary) > 60 and any(  # the head of the JSON result's explanation where the rule engaged
            re.sub(r"\s+", " ", x["explanation"]).startswith(summary) for x in comps
            if x["rule"] == c["rule"] and x["outcome"] in ENGAGED), c["rule"]
        assert f"Summary: {summary}" in more, c["rule"]
        for reached in c["reached"]:
            assert re.sub(r"\s+", " ", reached) in more, (c["rule"], reached)
        secondary = [u for u in c["sources"] if u != c["citation"]["url"]]
        assert set(secondary) <= links, c["rule"]  # each a link, its text the URL
        assert all(u in more for u in secondary)
        with_sources += bool(secondary)
    assert with_sources
    # the Word memo gives the same text in a footnote of the rule's entry
    notes = re.sub(r"\s+", " ", html.unescape(docx_xml_text(render(example, "docx", tmp_path))))
    for rule in engaged:
        assert re.sub(r"\s+", " ", f"{rule}: {summaries[rule].strip()}") in notes, rule
    assert not any(details[r][0] for r in set(details) - engaged)  # compact entries: no collapsed text
    assert "<details class=\"more\" open" not in page  # collapsed on screen; the print stylesheet opens them
    assert "details::details-content { content-visibility: visible; display: block; }" in page


def test_html_rule_details_are_redacted_and_escaped(tmp_path: Path) -> None:
    kenya = ROOT / "examples" / "engagements" / "kenyan-ngo-gedo.yaml"
    data = yaml.safe_load(kenya.read_text(encoding="utf-8"))
    data.pop("$schema", None)
    echo = data["funders"][1]
    assert echo["name"] == "European Commission (ECHO)" and echo["kind"] == "eu_institution"
    echo["name"] = 'ECHO <img src=x onerror=alert(4)> "funder"'
    hostile = tmp_path / "kenya.yaml"
    hostile.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    page = render(hostile, "html", tmp_path).decode("utf-8")
    assert "<img" not in page.lower()
    eu = _rule_details(page)["eu.reg356-2010.art2-2"][0]
    assert "in the Union (ECHO <img src=x onerror=alert(4)> \"funder\") — any legal person" in eu  # escaped
    red = render(hostile, "html", tmp_path, "--redact").decode("utf-8")
    eu = _rule_details(red)["eu.reg356-2010.art2-2"][0]
    assert "in the Union ([Funder 2]) — any legal person" in eu and "Summary: The EU implementation" in eu
    assert "ECHO" not in html.unescape(red) and "onerror" not in red
    word = html.unescape(docx_xml_text(render(hostile, "docx", tmp_path, "--redact")))
    assert "in the Union ([Funder 2]) — any legal person" in word and "ECHO" not in word


def _hostile_copy(tmp_path: Path) -> Path:
    data = yaml.safe_load(SOMALIA.read_text(encoding="utf-8"))
    data.pop("$schema", None)
    data["organisation"]["name"] = 'Evil "><img src=x onerror=alert(2)> Org'
    data["activities"][0]["description"] = "<script>alert(1)</script> & more"
    data["location"]["area"] = "</style><script>alert(3)</script>"
    data["memo"] = {"matter": 'M"; } body { display: none } /*', "confidentiality": "</style><b>x</b>\\"}
    p = tmp_path / "hostile.yaml"
    p.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return p


def test_html_escapes_hostile_free_text(tmp_path: Path) -> None:
    page = render(_hostile_copy(tmp_path), "html", tmp_path).decode("utf-8")
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "Evil &#34;&gt;&lt;img src=x onerror=alert(2)&gt; Org" in page
    # inside the CSS page header every non-alphanumeric character is hex-escaped: nothing can close the string
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "</" not in style and "display: none" not in style
    assert 'content: "Matter M\\22 \\3b  \\7d  body' in style


def test_html_and_md_show_memo_metadata_and_readiness_separately(tmp_path: Path) -> None:
    page = render(READINESS, "html", tmp_path).decode("utf-8")
    eng = yaml.safe_load(READINESS.read_text(encoding="utf-8"))
    meta = eng["memo"]
    for value in (meta["matter"], meta["prepared_by"], meta["reviewed_by"], meta["confidentiality"]):
        assert html.escape(value, quote=True).replace("&#x27;", "&#39;") in page
    section = page.split('id="readiness"', 1)[1].split("</section>", 1)[0]
    assert "not a legal analysis" in section and "never change a legal outcome" in section
    # the status is printed as recorded and shown in capitals by the stylesheet (as Word's Readiness Status style)
    assert '<strong class="status">met</strong>' in section and '<strong class="status">unknown</strong>' in section
    assert re.search(r"\.status\s*{[^}]*text-transform:\s*uppercase", page)
    for trigger in eng["readiness"]["disengagement_triggers"]:
        assert html.escape(trigger) in section
    # the readiness section comes after the legal analysis and has no outcome labels in it
    assert page.index('id="readiness"') > page.index('id="ways-forward"') > page.index('id="analysis"')
    assert 'class="o ' not in section
    # CLI options override the engagement's memo metadata
    page2 = render(READINESS, "html", tmp_path, "--matter", "OVERRIDE-7", "--prepared-by", "Q. Lawyer").decode()
    assert "OVERRIDE-7" in page2 and "Q. Lawyer" in page2 and meta["reviewed_by"] in page2


def test_readiness_never_changes_a_legal_outcome(tmp_path: Path) -> None:
    data = yaml.safe_load(READINESS.read_text(encoding="utf-8"))
    data.pop("$schema", None)
    with_r = tmp_path / "with.yaml"
    with_r.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for crit in ("agreed_topics", "progress_likely", "security_guarantees", "local_legitimacy",
                 "international_acceptance", "can_withdraw"):
        data["readiness"][crit] = {"status": "not_met"}
    flipped = tmp_path / "flipped.yaml"
    flipped.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    data.pop("readiness")
    without = tmp_path / "without.yaml"
    without.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    base = _result(with_r)["findings"]
    assert base and _result(flipped)["findings"] == base and _result(without)["findings"] == base


# ---------------------------------------------------------------- Word


def test_docx_has_real_headings_tables_footnotes_and_properties(tmp_path: Path) -> None:
    import docx

    blob = render(READINESS, "docx", tmp_path)
    data = _result(READINESS)
    doc = docx.Document(io.BytesIO(blob))
    heads = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    h1 = [t for s, t in heads if s == "Heading 1"]
    for title in ("1. Summary", "2. Question", "4. Counterpart screening", "6. Analysis by activity",
                  "7. Exposure", "9. Ways forward (options for counsel)", "10. What this memo does not cover",
                  "Appendix A. The rules applied", "Provenance"):
        assert title in h1
    assert any(t.startswith("11. Conditions for engagement") for t in h1)
    h2 = [t for s, t in heads if s == "Heading 2"]
    for a in data["activities"]:
        assert any(t.startswith(f"Activity {a['id']}: {a['label']}") for t in h2)
    assert any(s == "Heading 3" for s, _ in heads)
    assert doc.paragraphs[0].style.name == "Confidentiality"
    # tables: the short-answer matrix
    matrix = next(t for t in doc.tables
                  if t.rows[0].cells[0].text == "Activity" and t.rows[0].cells[-1].text == "Overall")
    assert len(matrix.rows) == 1 + len(data["activities"])
    labels = {"PROHIBITED", "NEEDS REVIEW", "LICENSED", "EXEMPT", "PERMITTED", "n/a"}
    assert all(c.text in labels for row in matrix.rows[1:] for c in row.cells[1:])
    assert all(t.style.name == "Memo Table" for t in doc.tables)
    # real footnotes: a footnotes part, one reference in the body per note, every citation URL in a note
    z = zipfile.ZipFile(io.BytesIO(blob))
    notes_xml = z.read("word/footnotes.xml").decode("utf-8")
    note_ids = set(re.findall(r'<w:footnote w:id="(\d+)"', notes_xml))
    body_xml = z.read("word/document.xml").decode("utf-8")
    ref_ids = set(re.findall(r'<w:footnoteReference w:id="(\d+)"', body_xml))
    assert note_ids and note_ids == ref_ids
    n_components = sum(len(f["components"]) for f in data["findings"])
    assert len(note_ids) >= n_components
    rels = z.read("word/_rels/footnotes.xml.rels").decode("utf-8")
    for f in data["findings"]:
        for c in f["components"]:
            assert c["citation"]["citation"] in notes_xml.replace("&amp;", "&")
            assert f'Target="{html.escape(c["citation"]["url"])}"' in rels
    assert "footnotes+xml" in z.read("[Content_Types].xml").decode("utf-8")
    # document properties: title, date from the input (not the clock), tool version
    cp = doc.core_properties
    assert cp.title.endswith(data["title"])
    assert cp.created.date().isoformat() == data["as_of"] == cp.modified.date().isoformat()
    assert cp.author == f"legalcheck {data['provenance']['tool_version']}"
    assert cp.version == data["provenance"]["tool_version"]
    assert "Privileged" in doc.sections[0].header.paragraphs[0].text


def test_docx_follows_the_reference_document(tmp_path: Path) -> None:
    """A firm restyles the memo by editing templates/memo-reference.docx: the memo takes its styles."""
    import docx
    from docx.shared import Pt

    tdir = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", tdir)
    ref = docx.Document(str(tdir / "memo-reference.docx"))
    ref.styles["Heading 1"].font.size = Pt(23)
    ref.styles["Outcome Prohibited"].font.small_caps = True
    ref.save(str(tdir / "memo-reference.docx"))
    from legalcheck.engagement_io import load_engagement
    from legalcheck.engine import Checker
    from legalcheck.memo_docx import render_docx
    from legalcheck.ruleset import load_ruleset

    rules = load_ruleset()
    eng, digest = load_engagement(SOMALIA, rules)
    result = Checker(rules).check(eng, input_sha256=digest)
    doc = docx.Document(io.BytesIO(render_docx(result, eng, rules, template_dir=tdir)))
    assert doc.styles["Heading 1"].font.size == Pt(23)
    assert doc.styles["Outcome Prohibited"].font.small_caps
    assert not any("sample" in p.text.lower() for p in doc.paragraphs)


def test_docx_missing_reference_is_an_input_error(tmp_path: Path) -> None:
    from legalcheck.errors import InputError
    from legalcheck.memo_docx import render_docx

    with pytest.raises(InputError, match="reference document"):
        render_docx(None, None, None, template_dir=tmp_path)  # type: ignore[arg-type]


def test_reference_docx_holds_every_style_the_memo_uses() -> None:
    import docx

    ref = docx.Document(str(ROOT / "templates" / "memo-reference.docx"))
    names = {s.name for s in ref.styles}
    doc_text = (ROOT / "templates" / "make_reference_docx.py").read_text(encoding="utf-8")
    listed = re.search(r"Styles used by the memo.*?\n\n(.*?)\n\n", doc_text, re.S)
    assert listed
    required = {x.strip().split(" (")[0] for line in listed.group(1).splitlines()
                for x in line.split(":", 1)[-1].split(",") if x.strip()}
    assert {"Heading 1", "Footnote Text", "Outcome Prohibited", "Memo Table", "Table Text"} <= required
    assert required <= names, required - names
    from legalcheck.memo_docx import OUTCOME_STYLES

    assert set(OUTCOME_STYLES.values()) <= names


# ---------------------------------------------------------------- determinism


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "json"])
def test_same_input_gives_byte_identical_output(fmt: str, tmp_path: Path) -> None:
    for path in (SOMALIA, READINESS):
        first = render(path, fmt, tmp_path)
        second = render(path, fmt, tmp_path / ".." / tmp_path.name)
        assert first == second
    if fmt == "docx":
        infos = zipfile.ZipFile(io.BytesIO(first)).infolist()
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


# ---------------------------------------------------------------- decision records


def _rules_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(ROOT / "jurisdictions", dst / "jurisdictions")
    shutil.copytree(ROOT / "designations", dst / "designations", ignore=shutil.ignore_patterns("imported"))
    return dst


def test_record_round_trip_is_identical(tmp_path: Path) -> None:
    rules = _rules_copy(tmp_path)  # a frozen copy: other edits to the live data cannot race this test
    rec = tmp_path / "memo.record.json"
    code, _, err = run("check", str(READINESS), "--rules", str(rules), "-o", str(tmp_path / "m.md"),
                       "--record", str(rec), "--as-of", "2025-05-01")
    assert code == 0, err
    data = json.loads(rec.read_text(encoding="utf-8"))
    assert data["input"]["sha256"] == data["result"]["provenance"]["input_sha256"]
    assert data["options"] == {"as_of": "2025-05-01", "redacted": False}
    assert data["rules"]["sha256"] == data["result"]["provenance"]["rules_sha256"]
    assert {x["id"] for x in data["rules"]["lists"]} == {x["id"] for x in data["result"]["provenance"]["lists"]}
    assert data["engagement"]["memo"]["matter"] == "PB-2025-014"
    assert len(data["result"]["findings"]) == len(data["result"]["activities"]) * len(data["result"]["jurisdictions"])
    code, out, _ = run("verify-record", str(rec), "--rules", str(rules))
    assert code == 0 and "identical" in out
    # the record itself is deterministic
    first = rec.read_bytes()
    run("check", str(READINESS), "--rules", str(rules), "--record", str(rec), "--as-of", "2025-05-01")
    assert rec.read_bytes() == first


def test_verify_record_reports_a_changed_law_and_list(tmp_path: Path) -> None:
    rules = _rules_copy(tmp_path)
    rec = tmp_path / "rec.json"
    code, _, err = run("check", str(SOMALIA), "--rules", str(rules), "--record", str(rec), "-o", str(tmp_path / "m"))
    assert code == 0, err
    recorded = json.loads(rec.read_text(encoding="utf-8"))
    # "repeal" the US law: drop the jurisdiction folder from the copy; and mark a list as re-checked
    us_findings = [f for f in recorded["result"]["findings"] if f["jurisdiction"] == "US" and f["components"]]
    assert us_findings
    shutil.rmtree(rules / "jurisdictions" / "US")
    lst = sorted((rules / "designations").glob("*.yaml"))[0]
    text = lst.read_text(encoding="utf-8")
    old = re.search(r"(?m)^as_of: *'?(\d{4}-\d{2}-\d{2})'?", text)
    assert old
    new = (dt.date.fromisoformat(old.group(1)) - dt.timedelta(days=1)).isoformat()
    lst.write_text(text[:old.start()] + f"as_of: {new}" + text[old.end():], encoding="utf-8")
    code, out, _ = run("verify-record", str(rec), "--rules", str(rules), "--format", "json")
    assert code == 1, out
    report = json.loads(out)
    kinds = {d["kind"] for d in report["differences"]}
    assert {"rules", "list", "finding"} <= kinds
    assert any(d["kind"] == "list" and d["where"] == f"{lst.stem} as_of" and d["now"] == new
               for d in report["differences"])
    changed = {d["where"] for d in report["differences"] if d["kind"] == "finding"}
    assert {f"{f['activity']} / US" for f in us_findings} <= changed
    code, text_out, _ = run("verify-record", str(rec), "--rules", str(rules))
    assert code == 1 and "finding:" in text_out and "rules:" in text_out


def test_verify_record_rejects_invalid_records(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    for content in ("not json", "[]", json.dumps({"kind": "other"}),
                    json.dumps({"kind": "legalcheck-decision-record", "record_format": 1})):
        bad.write_text(content, encoding="utf-8")
        code, _, err = run("verify-record", str(bad))
        assert code == 2, content
        assert "bad.json" in err and "Traceback" not in err
    code, _, err = run("verify-record", str(tmp_path / "missing.json"))
    assert code == 2


def test_record_with_redaction_keeps_the_real_input_and_verifies(tmp_path: Path) -> None:
    rules = _rules_copy(tmp_path)
    rec = tmp_path / "rec.json"
    code, _, err = run("check", str(READINESS), "--rules", str(rules), "--redact", "--record", str(rec),
                       "-o", str(tmp_path / "m.md"))
    assert code == 0, err
    data = json.loads(rec.read_text(encoding="utf-8"))
    assert data["options"]["redacted"] is True
    assert data["engagement"]["organisation"]["name"] == "Horn Dialogue Initiative (fictional)"
    assert data["result"]["title"] == "[Title]"
    code, out, _ = run("verify-record", str(rec), "--rules", str(rules))
    assert code == 0, out


# ---------------------------------------------------------------- redaction


def _free_text(path: Path) -> list[str]:
    """Every free-text value a user typed into the engagement file (the aliases excepted: see below)."""
    e = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = [e["title"], e["organisation"]["name"], e["location"].get("area")]
    out += [s.get(k) for s in e["organisation"].get("staff", []) for k in ("name", "role")]
    out += [f["name"] for f in e.get("funders", [])]
    out += [c.get(k) for c in e.get("counterparts", []) for k in ("name", "notes")]
    out += [a.get("description") for a in e["activities"]]
    m = e.get("memo") or {}
    out += [m.get("matter"), m.get("prepared_by"), m.get("reviewed_by")]
    rd = e.get("readiness") or {}
    out += [v.get("note") for v in rd.values() if isinstance(v, dict)]
    out += [x.get(k) for x in rd.get("actor_map", []) for k in ("name", "note")]
    for k in ("principles_of_engagement", "disengagement_triggers", "concession_limits"):
        out += rd.get(k, [])
    return [x for x in out if x]


@pytest.mark.parametrize("example", [SOMALIA, READINESS], ids=lambda p: p.stem)
def test_redaction_removes_free_text_and_keeps_every_conclusion(example: Path, tmp_path: Path) -> None:
    plain = _result(example)
    red = _result(example, "--redact")
    # conclusions: identical outcomes, layers, rules and exemption results, activity by activity (ids are renamed)
    def shape(r: dict) -> list:
        return [(f["jurisdiction"], f["outcome"], f["layers"],
                 [(c["rule"], c["outcome"], c["provisions"],
                   [(x["id"], x["result"]) for x in c["exemptions_considered"]]) for c in f["components"]])
                for f in r["findings"]]

    assert shape(red) == shape(plain)
    assert [a["outcome"] for a in red["activities"]] == [a["outcome"] for a in plain["activities"]]
    assert [c["status"] for c in red["counterparts"]] == [c["status"] for c in plain["counterparts"]]
    assert red["provenance"] == plain["provenance"]
    # no original free text in any format
    originals = _free_text(example)
    assert len(originals) >= 5
    texts = {
        "json": json.dumps(red, ensure_ascii=False),
        "md": render(example, "md", tmp_path, "--redact").decode("utf-8"),
        "html": html.unescape(render(example, "html", tmp_path, "--redact").decode("utf-8")),
        "docx": html.unescape(docx_xml_text(render(example, "docx", tmp_path, "--redact"))),
    }
    texts["md"] = texts["md"].replace("\\", "")
    for fmt, text in texts.items():
        for value in originals:
            assert value.casefold() not in text.casefold(), (fmt, value)
        assert fmt == "json" or "[Organisation]" in text, fmt


def test_redaction_placeholders_are_stable(tmp_path: Path) -> None:
    first = render(READINESS, "md", tmp_path, "--redact")
    assert first == render(READINESS, "md", tmp_path / ".." / tmp_path.name, "--redact")
    text = first.decode("utf-8")
    for ph in ("[Organisation]", "[Counterpart 1]", "[Funder 1]", "[Area]", "[Matter]", "[Prepared by]",
               "[Actor 1]", "[Disengagement trigger 2]", "[Description of activity A1]"):
        assert ph.replace("[", "\\[").replace("]", "\\]") in text, ph
