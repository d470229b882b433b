"""Unit tests of the engine's building blocks: tri-state qualifiers, list status, periods, conditions."""

from __future__ import annotations

import datetime as dt

import pytest

from legalcheck.designation_status import CounterpartScreen, list_status
from legalcheck.models.common import Outcome, Period
from legalcheck.models.designations import Designation
from legalcheck.models.engagement import Engagement
from legalcheck.models.rules import Condition, Predicate
from legalcheck.predicates import evaluate
from legalcheck.screening import NameMatch

SRC = [{"title": "t", "url": "https://example.org/x"}]


def eng(**org: object) -> Engagement:
    base = {"name": "X", "type": "ngo_humanitarian", "incorporated_in": "KE", "staff": [{"nationality": "KE"}]}
    base.update(org)
    return Engagement.model_validate({
        "title": "t", "date": "2024-01-01", "purpose": "humanitarian", "organisation": base,
        "funders": [{"name": "Private", "country": "US", "kind": "private"}],
        "counterparts": [], "location": {"country": "SO"},
        "activities": [{"id": "a", "kind": "checkpoint_payment", "facts": {"coordinated_with_group": True}}],
    })


def test_outcome_order_and_strictest() -> None:
    order = [Outcome.not_applicable, Outcome.permitted, Outcome.exempt, Outcome.licensed, Outcome.needs_review,
             Outcome.prohibited]
    assert sorted(order, key=lambda o: o.severity) == order
    assert Outcome.strictest([Outcome.exempt, Outcome.needs_review], Outcome.permitted) == Outcome.needs_review
    assert Outcome.strictest([], Outcome.permitted) == Outcome.permitted


def test_period_end_is_exclusive() -> None:
    p = Period.model_validate({"from": "2022-12-21", "to": "2025-02-23"})
    assert p.contains(dt.date(2022, 12, 21)) and p.contains(dt.date(2025, 2, 22))
    assert not p.contains(dt.date(2025, 2, 23)) and not p.contains(dt.date(2022, 12, 20))
    with pytest.raises(ValueError):
        Period.model_validate({"from": "2024-01-02", "to": "2024-01-01"})


def test_unknown_flag_makes_qualifier_unknown_with_a_question() -> None:
    pred = Predicate.model_validate({"any": [{"org_type": ["un_agency"]}, {"org_flag": "un_plan_participant"}]})
    e = eng()
    v = evaluate(pred, e, e.activities[0], "humanitarian", {})
    assert v.value is None and v.questions and "UN Humanitarian Response Plan" in v.questions[0].text
    assert v.questions[0].key == "un_plan_participant" and v.questions[0].scope == "engagement"
    e2 = eng(un_plan_participant=True)
    assert evaluate(pred, e2, e2.activities[0], "humanitarian", {}).value is True
    e3 = eng(un_plan_participant=False)
    assert evaluate(pred, e3, e3.activities[0], "humanitarian", {}).value is False


def test_all_is_false_as_soon_as_one_part_is_false_even_if_another_is_unknown() -> None:
    pred = Predicate.model_validate({"all": [{"purpose": ["peacebuilding"]}, {"org_flag": "ga_observer"}]})
    e = eng()
    assert evaluate(pred, e, e.activities[0], "humanitarian", {}).value is False


def test_funders_listed_and_place_and_fact_defaults() -> None:
    e = eng()
    act = e.activities[0]
    assert evaluate(Predicate(funders_listed=True), e, act, "humanitarian", {}).value is True
    assert evaluate(Predicate.model_validate({"place": ["AF"]}), e, act, "humanitarian", {}).value is False
    missing = Predicate.model_validate({"fact": {"name": "nca_consent", "equals": True, "if_missing": "false"}})
    assert evaluate(missing, e, act, "humanitarian", {}).value is False
    present = Predicate.model_validate({"fact": {"name": "coordinated_with_group", "equals": True}})
    assert evaluate(present, e, act, "humanitarian", {}).value is True


def test_condition_numeric_and_equality() -> None:
    c = Condition.model_validate({"fact": "participants", "at_least": 3, "when_not_met": "x"})
    assert c.met(3) and c.met(12) and not c.met(2) and not c.met(True)
    with pytest.raises(ValueError):
        Condition.model_validate({"fact": "participants", "when_not_met": "x"})
    with pytest.raises(ValueError):
        Condition.model_validate({"fact": "private", "equals": True, "if_missing": "assume_met", "when_not_met": "x"})


def _entry(**kw: object) -> Designation:
    base = {"id": "l.x", "entity": "grp", "name": "Group", "listed_from": "2010-01-01", "sources": SRC}
    base.update(kw)
    return Designation.model_validate(base)


def _screen(entry: Designation, list_id: str = "l", score: float = 1.0, match: bool = True) -> CounterpartScreen:
    m = NameMatch(list_id=list_id, designation=entry, matched_name=entry.name, query="Group", score=score,
                  match=match, kind="exact", explanation="e")
    return CounterpartScreen("g", "Group", [m])


def test_list_status_designated_delisted_partial_unknown_and_cross_list_identity() -> None:
    listed = _entry()
    day = dt.date(2020, 1, 1)
    assert list_status(_screen(listed), "l", [listed], day).state == "designated"
    delisted = _entry(listed_to="2015-01-01")
    assert list_status(_screen(delisted), "l", [delisted], day).state == "not_listed"
    part = _entry(id="l.p", entity="grp-wing", covers="part", part_of="grp", scope_note="military wing only")
    assert list_status(_screen(listed, "other"), "l", [part], day).state == "partial"
    other = _entry(id="m.x")  # same entity on another list: identified through the first list's match
    assert list_status(_screen(listed, "l"), "m", [other], day).state == "designated"
    assert list_status(CounterpartScreen("g", "Nobody", []), "l", [listed], day).state == "unknown"
    grey = list_status(_screen(listed, score=0.8, match=False), "l", [listed], day)
    assert grey.state == "ambiguous"
