"""``legalcheck new``: the questionnaire writes a valid engagement and asks only what some rule needs."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import rules

from legalcheck.cli import main
from legalcheck.commands.new import needed_facts
from legalcheck.engagement_io import load_engagement
from legalcheck.predicates import FLAG_QUESTIONS


def _answers(kinds: list[str], staff: list[str], fact_answer: str = "don't know", flag_answer: str = "yes") -> str:
    rs = rules()
    ids = list(rs.activity_kinds)
    flags, facts = needed_facts(rs, kinds)
    lines = ["Talks in Doha", "2024-06-20", "peacebuilding", "Bridges Peace Dialogue Centre",
             "ngo_peacebuilding", "UK", *staff, "",
             "FCDO", "GB", "government", "",
             "Hamas", "Harakat al-Muqawama al-Islamiya",
             "QA", "Doha", ",".join(str(ids.index(k) + 1) for k in kinds)]
    lines += [flag_answer] * len(flags)
    for n, k in enumerate(kinds):
        lines.append(f"activity {n + 1}")
        if len(set(staff)) > 1:
            lines.append("")
        for fid in facts[k]:
            lines.append(fact_answer if rs.facts[fid].type == "bool" else "")
    return "\n".join(lines) + "\n"


def test_new_writes_a_valid_engagement(tmp_path: Path) -> None:
    out = tmp_path / "eng.yaml"
    kinds = ["dialogue_meeting", "publish_statement"]
    r = CliRunner().invoke(main, ["new", "-o", str(out)], input=_answers(kinds, ["GB", "DE"], fact_answer="no"))
    assert r.exit_code == 0, r.output
    eng, _ = load_engagement(out, rules())
    assert eng.organisation.incorporated_in == "GB"  # 'UK' accepted and normalised
    assert [s.nationality for s in eng.organisation.staff] == ["GB", "DE"]
    assert [a.kind for a in eng.activities] == kinds
    assert eng.counterparts[0].name == "Hamas" and eng.counterparts[0].aliases
    assert eng.activities[0].counterpart == "group"  # a meeting involves the group
    assert eng.activities[1].counterpart is None  # publishing a statement does not
    assert eng.location.country == "QA" and eng.location.area == "Doha"
    assert eng.funders[0].kind.value == "government"
    _, facts = needed_facts(rules(), kinds)
    for act in eng.activities:
        bools = [f for f in facts[act.kind] if rules().facts[f].type == "bool"]
        assert act.facts == dict.fromkeys(bools, False)
    # the file checks end to end
    r2 = CliRunner().invoke(main, ["check", str(out), "--format", "json"])
    assert r2.exit_code == 0, r2.output


def test_new_asks_only_what_rules_need(tmp_path: Path) -> None:
    rs = rules()
    kinds = ["publish_statement"]
    flags, facts = needed_facts(rs, kinds)
    r = CliRunner().invoke(main, ["new", "-o", str(tmp_path / "e.yaml")], input=_answers(kinds, ["GB"]))
    assert r.exit_code == 0, r.output
    asked = set(facts["publish_statement"])
    for fid, fd in rs.facts.items():
        assert (fd.question in r.output) == (fid in asked), fid
    for flag, question in FLAG_QUESTIONS.items():
        assert (question in r.output) == (flag in flags), flag
    # every fact asked is one a rule covering the kind refers to
    referenced = set()
    for j in rs.jurisdictions.values():
        for p in j.prohibitions:
            if "publish_statement" in p.activity_kinds:
                referenced |= {c.fact for c in p.conditions}
                referenced |= {e_fact for e in (e for jj in rs.jurisdictions.values() for e in jj.exemptions
                                                if p.id in e.applies_to)
                               for e_fact in _facts_of(e.qualifies)}
    assert asked <= referenced


def _facts_of(pred) -> set[str]:  # type: ignore[no-untyped-def]
    out = {pred.fact.name} if pred.fact else set()
    for sub in (pred.any or []) + (pred.all or []) + (pred.none or []):
        out |= _facts_of(sub)
    return out


def test_new_flags_asked_for_exemption_kinds(tmp_path: Path) -> None:
    rs = rules()
    # find a kind whose exemptions depend on an organisation flag (skip if the data has none)
    kind = next((k for k in rs.activity_kinds if needed_facts(rs, [k])[0]), None)
    if kind is None:
        import pytest

        pytest.skip("no exemption in the rule data depends on an organisation flag")
    flags, _ = needed_facts(rs, [kind])
    out = tmp_path / "e.yaml"
    r = CliRunner().invoke(main, ["new", "-o", str(out)], input=_answers([kind], ["GB"]))
    assert r.exit_code == 0, r.output
    eng, _ = load_engagement(out, rs)
    for flag in flags:
        assert FLAG_QUESTIONS[flag] in r.output
        assert getattr(eng.organisation, flag) is True


def test_new_reprompts_bad_answers_and_stops_cleanly(tmp_path: Path) -> None:
    out = tmp_path / "e.yaml"
    text = _answers(["dialogue_meeting"], ["GB"])
    text = text.replace("2024-06-20\n", "20/06/2024\n2024-06-20\n", 1).replace("UK\n", "ZZ\nUK\n", 1)
    r = CliRunner().invoke(main, ["new", "-o", str(out)], input=text)
    assert r.exit_code == 0, r.output
    assert "YYYY-MM-DD" in r.output and "unknown country code 'ZZ'" in r.output
    # input ends early: nothing is written, no traceback
    r = CliRunner().invoke(main, ["new", "-o", str(tmp_path / "x.yaml")], input="Only a title\n")
    assert r.exit_code == 1 and not (tmp_path / "x.yaml").exists()
    assert "Traceback" not in r.output
