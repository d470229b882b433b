"""One memo view model, three renderers: every format carries the same facts, outcomes, licence routes and
questions, because each only prints the view (``legalcheck/memo/view.py``)."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from conftest import rules
from memo_helpers import EXAMPLES, ROOT

from legalcheck.memo import build_view, render_view
from legalcheck.memo.text import plain_text
from legalcheck.memo.view import MemoView
from legalcheck.memo.word import write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _view(path: Path, **org: object) -> MemoView:
    from legalcheck.engagement_io import load_engagement
    from legalcheck.engine import Checker

    rs = rules()
    eng, digest = load_engagement(path, rs)
    if org:
        eng = eng.model_copy(update={"organisation": eng.organisation.model_copy(update=org)})
    return build_view(Checker(rs).check(eng, input_sha256=digest), eng, rs)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def markdown_text(md: str) -> str:
    """What a reader sees of a Markdown memo: no emphasis marks, links as their text, escapes undone."""
    md = re.sub(r"(?<!\\)\*\*", "", md)
    md = re.sub(r"(?<!\\)\[((?:\\.|[^\]\\])*)\]\(\S+?\)", r"\1", md)
    md = re.sub(r"\\([\\`*_\[\]|#])", r"\1", md)
    return _squash(html.unescape(md))


def html_text(page: str) -> str:
    body = page.split("<body>", 1)[1]
    return _squash(html.unescape(re.sub(r"<[^>]+>", "", body)))


def docx_text(blob: bytes) -> str:
    """Every paragraph of the body, table cells included, in document order (footnotes are not body text)."""
    import docx

    doc = docx.Document(io.BytesIO(blob))
    lines = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in doc.element.body.iter(f"{W}p")]
    return _squash("\n".join(lines))


def _texts(view: MemoView) -> dict[str, str]:
    return {
        "md": markdown_text(render_view(view, "md")),
        "html": html_text(render_view(view, "html")),
        "docx": docx_text(write_docx(view, ROOT / "templates" / "memo-reference.docx")),
    }


def _expected(view: MemoView) -> dict[str, list[str]]:
    """The phrases every format must print, read from the view model alone."""
    facts = [f.lead + (f.strong or "") + plain_text(f.text) for f in [*view.facts, *view.activity_facts]]
    outcomes = [f"{x.id} {x.outcome.text} {plain_text(x.text)}" for x in view.summary.sentences]
    routes = [f"Licence route: {lr.title} ({lr.authority}): {lr.how}" for x in view.rules for lr in x.routes]
    questions = []
    for a in view.activities:
        outcomes.append(f"Activity {a.line.id}: {a.line.label} — {a.line.outcome.text}")
        for f in a.findings:
            outcomes.append(f"{f.name}: {f.outcome.text}")
            outcomes += [f"{x.title} ({x.rule}" for x in f.rules]
        questions += [f"Question: {q}" for q in a.questions]
    actions = [f"{x.verb} {plain_text(x.text)}" for x in view.summary.actions]
    return {"facts": facts, "outcomes": outcomes, "routes": routes, "questions": questions,
            "assumptions": list(view.assumptions), "actions": actions,
            "ways": [f"{w.kind}: {w.description}" for w in view.ways],
            "not covered": [*view.not_covered.countries, *view.not_covered.always]}


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_format_carries_the_same_facts_outcomes_routes_and_questions(example: Path) -> None:
    view = _view(example)
    texts = _texts(view)
    expected = _expected(view)
    assert expected["facts"] and expected["outcomes"] and expected["actions"]
    for fmt, text in texts.items():
        for kind, phrases in expected.items():
            for phrase in phrases:
                assert _squash(phrase) in text, (fmt, kind, phrase)
        # nothing more either: as many routes and questions as the view holds, in every format
        assert text.count("Licence route: ") == len(expected["routes"]), fmt
        assert text.count("Question: ") == len(expected["questions"]), fmt
        assert text.count("Not reached for any activity") == (1 if view.short_answer.unreached else 0), fmt
        # the summary and the action list come first, before the question and the analysis
        assert text.index("1. Summary") < text.index("What to do") < text.index("2. Question") < text.index(
            "6. Analysis by activity"), fmt


def test_the_examples_have_licence_routes_and_questions() -> None:
    """Otherwise the cross-format test above would not cover them."""
    expected = [_expected(_view(p)) for p in sorted(EXAMPLES.glob("*.yaml"))]
    assert any(e["routes"] for e in expected) and any(e["questions"] for e in expected)
    assert all(e["ways"] for e in expected)


def test_short_answer_has_one_rule_for_columns_and_an_overall_outcome() -> None:
    view = _view(EXAMPLES / "swiss-ngo-somalia.yaml")
    sa = view.short_answer
    assert sa.header[0] == "Activity" and sa.header[-1] == "Overall"
    shown = [code for code, _ in sa.columns]
    # a jurisdiction is a column when its law reaches at least one activity; the others are named under the table
    for row in sa.rows:
        assert len(row.cells) == len(shown) + 1 and row.cells[-1] == row.line.outcome
    for code in shown:
        i = shown.index(code)
        assert any(row.cells[i].value != "not_applicable" for row in sa.rows)
    assert sa.unreached and not set(sa.unreached.split(", ")) & set(shown)
    texts = _texts(view)
    for fmt in ("md", "html", "docx"):
        assert f"Not reached for any activity (n/a throughout, not shown): {sa.unreached}." in texts[fmt], fmt


@pytest.mark.parametrize("value", [True, False])
def test_implementing_partner_is_among_the_facts_relied_on(value: bool) -> None:
    view = _view(EXAMPLES / "kenyan-ngo-gedo.yaml", implementing_partner=value)
    org = plain_text(view.facts[0].text)
    assert f"implementing partner of a UNSCR 2664 actor: {'yes' if value else 'no'}" in org
    for fmt, text in _texts(view).items():
        assert f"implementing partner of a UNSCR 2664 actor: {'yes' if value else 'no'}" in text, fmt


def test_every_organisation_flag_is_a_fact_relied_on() -> None:
    from legalcheck.memo.facts import FLAG_NAMES
    from legalcheck.predicates import FLAG_LABELS

    assert set(FLAG_NAMES) == set(FLAG_LABELS)
    org = plain_text(_view(EXAMPLES / "kenyan-ngo-gedo.yaml").facts[0].text)
    for name in FLAG_NAMES.values():
        assert f"; {name}: " in org


def test_readiness_criteria_read_the_same_in_every_format() -> None:
    from legalcheck.memo.appendix import READINESS_CRITERIA

    view = _view(EXAMPLES / "uk-peacebuilding-dialogue-readiness.yaml")
    assert view.readiness is not None
    for fmt, text in _texts(view).items():
        for _, name in READINESS_CRITERIA:
            assert name in text, (fmt, name)
