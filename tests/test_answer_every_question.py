"""Issue 12, "done when": for each bundled example, every open question of the JSON result has a key, and writing an
answer to every one of them where ``answer_at`` says (the affirmative answer, then the negative one) removes every
``needs_review`` that a missing fact caused. The answers are written by parsing ``answer_at`` only, as a user
following `legalcheck facts` would; no key is special-cased except by the shape of its location."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, rules

from legalcheck.engagement_io import engagement_from_data
from legalcheck.engine import Checker
from legalcheck.models.common import Outcome
from legalcheck.models.result import Result
from legalcheck.yamlio import LineMap, load_document

EXAMPLES = sorted((ROOT / "examples" / "engagements").glob("*.yaml"))
_ITEM = re.compile(r"^(\w+)\[([^\]]*)\]$")


def _check(data: dict[str, Any]) -> Result:
    eng = engagement_from_data(copy.deepcopy(data), LineMap("t"), "t", rules())
    return Checker(rules()).check(eng)


def _value(data: dict[str, Any], field: str, key: str, yes: bool) -> Any:
    """The answer written at ``field`` for fact ``key``: affirmative (``yes``) or negative."""
    home = data["organisation"]["incorporated_in"]
    elsewhere = "FR" if home != "FR" else "DE"
    if field == "residence":
        return home if yes else elsewhere
    if field == "arranged_from":
        return [home] if yes else [data["location"]["country"]]
    if field == "designated_part":
        return "yes" if yes else "no"
    if field == "area":
        return data["location"].get("area") or "the place stated in the file"
    if field == "aliases":
        return []
    fd = rules().facts.get(key)
    if fd is None or fd.type == "bool":  # organisation flags and yes/no facts
        return yes
    return {"int": 1 if yes else 0, "str": "stated"}[fd.type]


def write_answer(data: dict[str, Any], answer_at: str, key: str, yes: bool) -> None:
    """Write an answer at ``answer_at`` (e.g. ``activities[a].facts.private``, ``organisation.staff[].residence
    (country code)``, ``facts.usg_official_business``): each ``name[id]`` picks the item with that id (``[]``:
    every item); the last part is the field set."""
    path = answer_at.split(" (")[0].split(".")
    targets: list[dict[str, Any]] = [data]
    for part in path[:-1]:
        m = _ITEM.match(part)
        if m is None:
            targets = [t.setdefault(part, {}) for t in targets]
            continue
        name, ident = m.groups()
        items = [x for t in targets for x in t.get(name, [])]
        targets = [x for x in items if not ident or x.get("id") == ident]
        assert targets, f"{answer_at}: no {name} with id {ident!r}"
    for t in targets:
        t[path[-1]] = _value(data, path[-1], key, yes)


def _fact_driven(r: Result) -> list[str]:
    """Components under review because a fact is missing: a fact asked for, or an exemption left unknown."""
    return [f"{f.activity}/{f.jurisdiction}/{c.rule}" for f in r.findings for c in f.components
            if c.outcome == Outcome.needs_review and (
                any(x.startswith("fact needed") for x in c.reasons)
                or any(e.result == "unknown" for e in c.exemptions_considered))]


def _answer_all(data: dict[str, Any], yes: bool) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Answer every open question, repeatedly (an answer may open a further question), in one direction."""
    data = copy.deepcopy(data)
    answered: list[tuple[str, str]] = []
    for _ in range(5):
        asked = {(q.key, q.answer_at) for f in _check(data).findings for q in f.open_questions}
        if not asked:
            break
        for key, where in sorted(asked):
            write_answer(data, where, key, yes)
            answered.append((key, where))
    return data, answered


@pytest.mark.parametrize("yes", [True, False], ids=["affirmative", "negative"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_answering_every_open_question_removes_every_fact_caused_review(path: Path, yes: bool) -> None:
    data, _ = load_document(path)
    before = _check(data)
    result = json.loads(before.model_dump_json())
    asked = [q for f in result["findings"] for q in f.get("open_questions", [])]
    assert asked, "each bundled example asks at least one deciding question"
    assert all(q["key"] and q["answer_at"] for q in asked), asked
    answered_data, answered = _answer_all(data, yes)
    assert answered
    after = _check(answered_data)
    assert [(q.key, q.answer_at) for f in after.findings for q in f.open_questions] == []
    assert _fact_driven(after) == []
    unstated = [x for f in after.findings for c in f.components for x in c.reasons if "not stated" in x]
    assert unstated == []
    # what stays under review says why, and the reason is not a missing fact
    for f in after.findings:
        if f.outcome == Outcome.needs_review:
            reasons = [x for c in f.components for x in c.reasons] or [f.summary]
            assert reasons and not all(x.startswith("fact needed") for x in reasons), (f.activity, f.jurisdiction)


def test_write_answer_follows_answer_at() -> None:
    data: dict[str, Any] = {"organisation": {"incorporated_in": "GB", "staff": [{"nationality": "GB"}, {}]},
                            "location": {"country": "SO"}, "activities": [{"id": "a"}, {"id": "b"}],
                            "counterparts": [{"id": "g"}]}
    write_answer(data, "activities[b].facts.private", "private", True)
    write_answer(data, "organisation.staff[].residence (country code)", "residence", False)
    write_answer(data, "counterparts[g].designated_part (yes / no)", "designated_part", True)
    write_answer(data, "facts.usg_official_business", "usg_official_business", False)
    write_answer(data, "activities[a].arranged_from (country codes of the offices)", "arranged_from", True)
    assert data["activities"][1]["facts"] == {"private": True} and "facts" not in data["activities"][0]
    assert [s["residence"] for s in data["organisation"]["staff"]] == ["FR", "FR"]
    assert data["counterparts"][0]["designated_part"] == "yes" and data["facts"] == {"usg_official_business": False}
    assert data["activities"][0]["arranged_from"] == ["GB"]


def test_every_question_in_the_code_has_a_key_or_says_why_no_fact_settles_it() -> None:
    """Static check of every ``Question(...)`` in legalcheck/ (the dataclass also refuses one at run time)."""
    import ast

    from legalcheck.questions import Question

    missing = []
    for path in (ROOT / "legalcheck").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Question":
                kws = {k.arg for k in node.keywords}
                if not kws & {"key", "no_fact"}:
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert missing == []
    with pytest.raises(ValueError, match="fact key or a reason"):
        Question("Which?")
    assert "No fact in the file settles this: counsel" in Question("Which?", no_fact="counsel").shown
