"""Deciding questions (issue 12): every question has a fact key, every key can be answered in the file, answers
settle the point, and a key no rule reads is an error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, rules

from legalcheck.cli import main
from legalcheck.engagement_io import engagement_from_data
from legalcheck.engine import Checker
from legalcheck.memo.facts import answered_facts
from legalcheck.models.common import Outcome
from legalcheck.models.engagement import Engagement
from legalcheck.models.result import Result
from legalcheck.questions import FLAG_KEYS, stated_fact
from legalcheck.yamlio import LineMap, load_document

EXAMPLES = sorted((ROOT / "examples" / "engagements").glob("*.yaml"))


def _check(data: dict[str, Any]) -> Result:
    eng = engagement_from_data(data, LineMap("t"), "t", rules())
    return Checker(rules()).check(eng)


def _answer(data: dict[str, Any], key: str, scope: str, activity: str) -> None:
    """Write an answer to ``key`` where `legalcheck facts` says it goes (a restrictive-neutral value)."""
    if key in FLAG_KEYS:
        data["organisation"][key] = False
    elif key == "residence":
        for s in data["organisation"].get("staff", []):
            s.setdefault("residence", s["nationality"])
    elif key == "arranged_from":
        next(a for a in data["activities"] if a["id"] == activity)["arranged_from"] = [data["location"]["country"]]
    elif key == "paid_from":
        act = next(a for a in data["activities"] if a["id"] == activity)
        act["paid_from"] = data["organisation"]["incorporated_in"]
    elif key == "un_official":
        for s in data["organisation"].get("staff", []):
            s.setdefault("un_official", False)
    else:
        fd = rules().facts[key]
        value = {"bool": False, "int": 1, "str": "stated"}[fd.type]
        if scope == "engagement":
            data.setdefault("facts", {})[key] = value
        else:
            act = next(a for a in data["activities"] if a["id"] == activity)
            act.setdefault("facts", {})[key] = value


def _fact_driven(r: Result) -> list[str]:
    """Components whose review is caused by a missing fact: a fact asked for, or an exemption that is unknown."""
    out = []
    for f in r.findings:
        for c in f.components:
            if any(x.startswith("fact needed") for x in c.reasons) or any(
                    e.result == "unknown" for e in c.exemptions_considered):
                out.append(f"{f.activity}/{f.jurisdiction}/{c.rule}")
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_bundled_examples_every_question_keyed_and_answerable(path: Path) -> None:
    data, _ = load_document(path)
    before = _check(data)
    asked = [(q.key, q.scope, f.activity) for f in before.findings for q in f.open_questions]
    assert all(k and k != "unkeyed" for k, _, _ in asked), asked
    for key, scope, activity in asked:
        _answer(data, key, scope, activity)
    after = _check(data)
    assert [q.key for f in after.findings for q in f.open_questions] == []
    assert _fact_driven(after) == []
    # answering only removes doubt: nothing that was not under review before becomes so
    worse = [(f.activity, f.jurisdiction) for f, g in zip(before.findings, after.findings, strict=True)
             if g.outcome == Outcome.needs_review and f.outcome != Outcome.needs_review]
    assert worse == []


def test_swiss_example_asks_keyed_questions_with_where_to_answer() -> None:
    data, _ = load_document(EXAMPLES[1])
    r = _check(data)
    qs = {(q.key, q.scope, q.answer_at) for f in r.findings for q in f.open_questions}
    assert ("usg_official_business", "engagement", "facts.usg_official_business") in qs
    assert ("impartial_ca3_service", "activity", "activities[c].facts.impartial_ca3_service") in qs


def test_facts_command_lists_questions_and_rejects_unknown_keys(tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["facts", str(EXAMPLES[1]), "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert {"usg_official_business", "impartial_ca3_service"} <= {r["key"] for r in rows}
    assert all(r["answer_at"] and r["asked_by"] for r in rows)
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLES[1].read_text() + "facts:\n  usg_oficial_business: false\n")
    res = runner.invoke(main, ["facts", str(bad)])
    assert res.exit_code == 2
    assert "usg_oficial_business" in res.output and "unknown fact key" in res.output
    assert "usg_official_business" in res.output  # the known keys are listed


def test_answers_at_each_level_and_memo_lists_them() -> None:
    data, _ = load_document(EXAMPLES[1])
    data["facts"] = {"usg_official_business": False}
    data["counterparts"][0]["facts"] = {"impartial_ca3_service": True}
    eng = Engagement.model_validate(data)
    act = eng.activities[2]
    assert stated_fact(eng, act, "usg_official_business") is False
    assert stated_fact(eng, act, "impartial_ca3_service") is True
    act.facts["impartial_ca3_service"] = False  # the activity's own answer comes first
    assert stated_fact(eng, act, "impartial_ca3_service") is False
    lines = answered_facts(eng)
    assert "usg_official_business = False" in lines
    assert any(x.startswith(f"counterpart {eng.counterparts[0].id}: impartial_ca3_service") for x in lines)


def test_counterparts_that_disagree_answer_nothing() -> None:
    data, _ = load_document(EXAMPLES[1])
    data["counterparts"].append({"id": "other", "name": "Other group", "facts": {"impartial_ca3_service": False}})
    data["counterparts"][0]["facts"] = {"impartial_ca3_service": True}
    for a in data["activities"]:
        a.pop("counterpart", None)
    eng = Engagement.model_validate(data)
    assert stated_fact(eng, eng.activities[0], "impartial_ca3_service") is None


def test_unstated_implementing_partner_is_asked_not_assumed() -> None:
    data, _ = load_document(EXAMPLES[1])
    data["organisation"].pop("implementing_partner", None)
    assert Engagement.model_validate(data).organisation.implementing_partner is None
