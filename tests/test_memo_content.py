"""The memo loses nothing: the facts, outcomes, citations and question keys of the JSON result are all in the memo,
in every format, and the Markdown memo meets the length target of issue 14 (at most 40% of the words of the memo
before the summary-first layout, recorded here)."""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from memo_helpers import EXAMPLES, docx_xml_text, render

from legalcheck.memo.text import OUTCOME_LABELS

# Words (wc -w) of each example's Markdown memo before the change (main at 942188d), measured on 2026-12-01.
WORDS_BEFORE = {"kenyan-ngo-gedo": 12753, "swiss-ngo-somalia": 17772, "uk-peacebuilding-dialogue-readiness": 13901}


def _json(path: Path, tmp: Path) -> dict[str, Any]:
    import json

    return json.loads(render(path, "json", tmp))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _md(path: Path, tmp: Path) -> str:
    text = render(path, "md", tmp).decode("utf-8")
    return _squash(re.sub(r"\\([\\`*_\[\]|#])", r"\1", html.unescape(text)))


def _html(path: Path, tmp: Path) -> str:
    page = render(path, "html", tmp).decode("utf-8").split("<body>", 1)[1]
    links = " ".join(re.findall(r'href="([^"#][^"]*)"', page))
    return _squash(html.unescape(re.sub(r"<[^>]+>", "", page) + " " + links))


def _docx(path: Path, tmp: Path) -> str:
    blob = render(path, "docx", tmp)
    z = zipfile.ZipFile(io.BytesIO(blob))
    rels = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".rels"))
    return _squash(html.unescape(docx_xml_text(blob) + " " + rels))


ENGAGED = ("prohibited", "needs_review", "licensed", "exempt")


def content_sets(result: dict[str, Any]) -> dict[str, set[str]]:
    """What the memo must carry, read from the JSON result alone.

    Every fact, outcome, rule id, question key and question text; for every rule, its primary citation (instrument,
    provisions, URL); for every exemption considered, its title and URL; and, for every rule that engaged (was
    prohibited, needed review, was licensed or exempted, or had an exemption considered under it) for at least one
    activity, also its secondary sources and licence routes (title, URL, authority).

    A rule that engaged no activity (permitted or not applicable for every activity, typically because none of the
    lists it reads names the counterpart) is given in the memo by its id, title and primary citation only: its
    secondary sources and licence routes stay in the JSON result and the rule data. Repeating them for some thirty
    rules of other sanctions regimes made up a third of the memo and told its reader nothing about the engagement
    (issue 14)."""
    facts, outcomes, citations, keys = set(), set(), set(), set()
    for a in result["activities"]:
        facts |= {f"performed by {', '.join(a['performed_by']) or 'no staff listed'}", f"date {a['date']}",
                  f"purpose {a['purpose']}", a["kind"]}
        outcomes.add(f"Activity {a['id']}: {a['label']} — {OUTCOME_LABELS[a['outcome']]}")
    comps = [c for f in result["findings"] for c in f["components"]]
    engaged = {c["rule"] for c in comps if c["outcome"] in ENGAGED or c["exemptions_considered"]}
    for c in comps:
        outcomes.add(c["rule"])
        citations |= {c["citation"]["url"], c["citation"]["citation"], *c["provisions"]}
        if c["rule"] in engaged:
            citations |= set(c["sources"])
            for lr in c["licence_routes"]:
                citations |= {lr["title"], lr["url"], lr["authority"]}
        for e in c["exemptions_considered"]:
            citations |= {e["title"], *([e["url"]] if e["url"] else [])}
        for q in c["open_questions"]:
            keys |= {q["key"], q["text"]}
    return {"facts": facts, "outcomes": outcomes, "citations": citations, "question keys": keys}


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_memo_carries_every_fact_outcome_citation_and_question_of_the_result(example: Path,
                                                                                 tmp_path: Path) -> None:
    sets = content_sets(_json(example, tmp_path))
    assert all(sets.values())
    for fmt, text in (("md", _md(example, tmp_path)), ("html", _html(example, tmp_path)),
                      ("docx", _docx(example, tmp_path))):
        for kind, items in sets.items():
            missing = sorted(x for x in items if _squash(x) not in text)
            assert not missing, (fmt, kind, missing[:5])


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_summary_first_and_length_target(example: Path, tmp_path: Path) -> None:
    md = render(example, "md", tmp_path).decode("utf-8")
    words = len(md.split())
    body = len(md.split("\n## Appendix A.", 1)[0].split())
    summary = md.split("## 1. Summary", 1)[1].split("\n| Activity |", 1)[0]
    assert len(summary.split()) <= 260  # the sentences and the action list: about 250 words
    assert md.index("## 1. Summary") < md.index("## 2. Question") < md.index("## 6. Analysis by activity")
    # the memo as read (everything before the appendices of rules and exemptions) is at most 40% of before
    assert body <= 0.40 * WORDS_BEFORE[example.stem], (body, WORDS_BEFORE[example.stem])
    # the whole file, appendices included (a guard against bloat; the appendices grew with the UN regimes and the
    # list-coverage assumptions merged on 2026-12-01)
    assert words < 0.75 * WORDS_BEFORE[example.stem], words
