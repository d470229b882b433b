"""What the engine remembers within one check (issue 15) never mixes activities, days or facts up.

Within a check, the designation step, a counterpart's status, the reach bases that read only the engagement, an
exemption's consideration and the parts of a qualifier that do not read the activity are computed once and shared.
These tests pin that each activity's findings are exactly what checking that activity alone gives.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from legalcheck.designation_status import CounterpartScreen
from legalcheck.engagement_io import load_engagement
from legalcheck.engine import Checker, Situation
from legalcheck.engine.steps import designation_step
from legalcheck.models.engagement import Engagement
from legalcheck.models.rules import Predicate
from legalcheck.predicates import compile_predicate, evaluate
from legalcheck.ruleset import RuleSet, load_ruleset

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_ruleset()


def _alone(eng: Engagement, act_id: str) -> Engagement:
    return eng.model_copy(update={"activities": [a for a in eng.activities if a.id == act_id]})


def _findings_match_each_activity_alone(rules: RuleSet, eng: Engagement, as_of: dt.date | None = None) -> None:
    checker = Checker(rules)
    together = checker.check(eng, as_of)
    for act in eng.activities:
        alone = Checker(rules).check(_alone(eng, act.id), as_of)
        got = [f.model_dump_json() for f in together.findings if f.activity == act.id]
        assert got == [f.model_dump_json() for f in alone.findings], act.id
        assert [a.model_dump_json() for a in together.activities if a.id == act.id] == [
            a.model_dump_json() for a in alone.activities]


def test_each_activity_of_the_example_is_found_as_if_checked_alone(rules: RuleSet) -> None:
    eng, _ = load_engagement(ROOT / "examples/engagements/swiss-ngo-somalia.yaml", rules)
    _findings_match_each_activity_alone(rules, eng)
    _findings_match_each_activity_alone(rules, eng, dt.date(2019, 6, 1))


def _usg_engagement(*facts: dict[str, Any]) -> Engagement:
    return Engagement.model_validate({
        "title": "t", "date": "2024-03-01", "purpose": "humanitarian",
        "organisation": {"name": "X", "type": "ngo_humanitarian", "incorporated_in": "US",
                         "staff": [{"nationality": "US"}]},
        "funders": [{"name": "US Department of State", "country": "US", "kind": "government"}],
        "counterparts": [{"id": "g", "name": "Harakat al-Shabaab al-Mujahideen"}], "location": {"country": "SO"},
        "activities": [{"id": f"a{i}", "kind": "checkpoint_payment", "facts": f} for i, f in enumerate(facts)],
    })


def test_an_exemption_is_considered_afresh_when_a_fact_it_tests_differs(rules: RuleSet) -> None:
    """Two activities of the same kind, day and purpose that differ only in the fact the US general licence tests
    (``usg_official_business``): each gets its own consideration."""
    eng = _usg_engagement({"usg_official_business": True}, {"usg_official_business": False}, {})
    res = Checker(rules).check(eng)
    seen = {}
    for f in res.findings:
        for c in f.components:
            for e in c.exemptions_considered:
                if e.id == "us.gl-usg-594-518":
                    seen[f.activity] = e.result
    assert seen == {"a0": "applies", "a1": "does_not_apply", "a2": "unknown"}
    _findings_match_each_activity_alone(rules, eng)


def test_the_designation_step_is_shared_only_by_the_same_counterparts_and_day(rules: RuleSet) -> None:
    eng = Engagement.model_validate({
        "title": "t", "date": "2024-03-01", "purpose": "humanitarian",
        "organisation": {"name": "X", "type": "ngo_humanitarian", "incorporated_in": "GB",
                         "staff": [{"nationality": "GB"}]},
        "funders": [], "location": {"country": "SO"},
        "counterparts": [{"id": "g", "name": "Harakat al-Shabaab al-Mujahideen"},
                         {"id": "h", "name": "Zqxv Brigade"}],
        "activities": [{"id": "a", "kind": "checkpoint_payment", "counterpart": "g"},
                       {"id": "b", "kind": "dialogue_meeting", "counterpart": "g"},
                       {"id": "c", "kind": "checkpoint_payment", "counterpart": "h"}],
    })
    checker = Checker(rules)
    screens = {c.id: CounterpartScreen(c.id, c.name, checker.screener.screen(c.name, c.aliases))
               for c in eng.counterparts}
    shared: dict[object, object] = {}
    p = next(p for p in rules.jurisdictions["UN"].prohibitions if p.id == "un.somalia.asset-freeze")

    def step(act: int, jur: str, day: str) -> Any:
        sit = Situation(eng, eng.activities[act], rules.jurisdictions[jur], dt.date.fromisoformat(day),
                        "humanitarian", screens, rules, shared=shared)
        return designation_step(sit, p, ())

    first = step(0, "UN", "2024-03-01")
    assert first.trigger and not first.settles  # al-Shabaab is on the UN Somalia list
    assert step(1, "UK", "2024-03-01") is first  # same counterpart and day: the same result
    other = step(2, "UN", "2024-03-01")  # another counterpart
    assert other is not first and other.doubtful and "Zqxv" in other.questions[0].text
    later = step(0, "UN", "2009-01-01")  # another day: its own answer (before the listing)
    assert later is not first and later != first


def test_a_compiled_qualifier_with_a_memo_still_reads_each_activity() -> None:
    pred = Predicate.model_validate({"label": "humanitarian work by a UN agency", "all": [
        {"purpose": ["humanitarian"]}, {"any": [{"org_type": ["un_agency"]}, {"org_flag": "ga_observer"}]}]})
    eng = Engagement.model_validate({
        "title": "t", "date": "2024-03-01", "purpose": "humanitarian",
        "organisation": {"name": "X", "type": "un_agency", "incorporated_in": "CH", "staff": [{"nationality": "CH"}]},
        "funders": [], "counterparts": [], "location": {"country": "SO"},
        "activities": [{"id": "a", "kind": "dialogue_meeting"}, {"id": "b", "kind": "dialogue_meeting"}],
    })
    compiled, memo = compile_predicate(pred), {}
    a, b = eng.activities
    yes = evaluate(compiled, eng, a, "humanitarian", {}, memo)
    no = evaluate(compiled, eng, b, "peacebuilding", {}, memo)
    assert yes.value is True and no.value is False
    assert yes.reasons != no.reasons and no.reasons[0].startswith("humanitarian work by a UN agency: no")
    assert evaluate(pred, eng, b, "peacebuilding", {}).reasons == no.reasons  # as without compiling or memo
    assert memo and not any("purpose" in str(k) for k in memo)  # only parts that read the engagement alone


def test_a_rule_set_used_by_a_checker_still_pickles_into_a_snapshot(rules: RuleSet) -> None:
    """The rule index (compiled qualifiers are closures) is kept with the rule set but pickled empty."""
    import pickle

    from legalcheck.engine.ruleindex import KEY

    eng, _ = load_engagement(ROOT / "examples/engagements/swiss-ngo-somalia.yaml", rules)
    before = Checker(rules).check(eng).model_dump_json()
    assert rules.__dict__[KEY]._memo  # filled by the check
    again = pickle.loads(pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.__dict__[KEY].rules is again and not again.__dict__[KEY]._memo
    assert Checker(again).check(eng).model_dump_json() == before


# Across checks (engine/memo.py): a checker remembers those values per engagement content; what a long-lived
# checker answers must be what a new checker answers, whatever came before.


def _scenario_engagements(rules: RuleSet) -> list[tuple[Any, dt.date | None]]:
    from legalcheck.engagement_io import engagement_from_data
    from legalcheck.scenarios import load_scenario
    from legalcheck.yamlio import LineMap

    out = []
    for path in sorted((ROOT / "tests" / "scenarios").rglob("*.yaml")):
        sc = load_scenario(path)
        out.append((engagement_from_data(sc.engagement, LineMap(str(path)), str(path), rules), sc.as_of))
    for path in sorted((ROOT / "examples" / "engagements").glob("*.yaml")):
        eng, _ = load_engagement(path, rules)
        out += [(eng, None), (eng, dt.date(2015, 3, 1))]
    return out


def test_a_long_lived_checker_answers_every_scenario_as_a_new_one(rules: RuleSet) -> None:
    """Every scenario and example, checked twice in turn by one checker (and once with the day as a slot, as plans
    ask), each result as a new checker's: what is remembered from other engagements, days and wordings never
    leaks into an answer."""
    cases = _scenario_engagements(rules)
    assert len(cases) > 100
    fresh = [Checker(rules).check(eng, as_of).model_dump_json() for eng, as_of in cases]
    slotted = [Checker(rules).evaluate(eng, as_of, day_slot=True).result.model_dump_json() for eng, as_of in cases]
    warm = Checker(rules)
    for _ in range(3):  # remembered from the second check of the same content
        for (eng, as_of), want, want_slot in zip(cases, fresh, slotted, strict=True):
            assert warm.evaluate(eng, as_of, day_slot=True).result.model_dump_json() == want_slot, eng.title
            assert warm.check(eng, as_of).model_dump_json() == want, eng.title


def test_a_changed_engagement_is_checked_afresh(rules: RuleSet) -> None:
    """The same engagement object, changed in place after a check (a counterpart's name, a funder, an organisation
    flag, an activity's fact): the warm checker answers as a new checker does."""
    eng = _usg_engagement({"usg_official_business": True}, {})
    warm = Checker(rules)
    for _ in range(2):  # remembered from the second check on
        assert warm.check(eng).model_dump_json() == Checker(rules).check(eng).model_dump_json()
    changes = [
        lambda e: setattr(e.counterparts[0], "name", "Zqxv Brigade"),
        lambda e: setattr(e.counterparts[0], "name", "Harakat al-Shabaab al-Mujahideen"),
        lambda e: e.funders.clear(),
        lambda e: setattr(e.organisation, "un_plan_participant", True),
        lambda e: e.activities[1].facts.update({"usg_official_business": True}),
        lambda e: setattr(e.activities[0], "kind", "dialogue_meeting"),
        lambda e: setattr(e.location, "country", "AF"),
    ]
    for change in changes:
        change(eng)
        want = Checker(rules).check(eng).model_dump_json()
        for _ in range(2):
            assert warm.check(eng).model_dump_json() == want
    assert warm._memos._by_engagement


def test_what_a_checker_remembers_is_bounded(rules: RuleSet) -> None:
    from legalcheck.engine import memo

    warm = Checker(rules)
    eng = _usg_engagement({})
    for i in range(memo.ENGAGEMENTS + 5):
        warm.check(eng.model_copy(update={"title": f"t{i}"}))
    assert not warm._memos._by_engagement  # each seen once: nothing kept
    for i in range(memo.ENGAGEMENTS + 5):
        warm.check(eng.model_copy(update={"title": f"t{i}"}))
    assert len(warm._memos._by_engagement) == memo.ENGAGEMENTS


def test_a_checker_given_other_rule_data_forgets_what_it_remembered(rules: RuleSet) -> None:
    """The memo is keyed on the rule data too (its SHA-256 and identity): a checker whose rule set is replaced
    answers from the new data."""
    import copy

    eng = _usg_engagement({})
    warm = Checker(rules)
    for _ in range(2):
        warm.check(eng)
    other = copy.copy(rules)
    other.sha256 = "0" * 64
    warm.rules = other
    warm.check(eng)
    assert len(warm._memos._seen) == 2 and len(warm._memos._by_engagement) == 1  # other data: seen afresh
