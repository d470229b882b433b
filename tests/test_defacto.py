"""De facto authorities, screening through part_of, business done in the Union, consents and immunities (issue 12)."""

from __future__ import annotations

import copy
from typing import Any

from conftest import rules

from legalcheck.engagement_io import engagement_from_data
from legalcheck.engine import Checker
from legalcheck.models.common import Outcome
from legalcheck.models.result import Finding, Result
from legalcheck.yamlio import LineMap

FLAGS = {"un_plan_participant": False, "ga_observer": False, "eu_certified_partner": False,
         "implementing_partner": False}
BASE: dict[str, Any] = {
    "title": "t", "date": "2022-06-15", "purpose": "humanitarian",
    "organisation": {"name": "N", "type": "ngo_humanitarian", "incorporated_in": "GB", **FLAGS,
                     "staff": [{"nationality": "GB", "residence": "GB"}]},
    "funders": [{"name": "F", "country": "GB", "kind": "private"}],
    "counterparts": [{"id": "hamas", "name": "Hamas", "kind": "group"},
                     {"id": "muni", "name": "Northern Water Board", "kind": "administration", "part_of": "hamas"}],
    "location": {"country": "PS", "area": "Gaza"},
    "activities": [{"id": "a", "kind": "payment_fees_authorities", "counterpart": "muni", "arranged_from": ["GB"]}],
}


def _check(data: dict[str, Any]) -> Result:
    return Checker(rules()).check(engagement_from_data(data, LineMap("t"), "t", rules()))


def _finding(result: Result, jur: str) -> Finding:
    return next(f for f in result.findings if f.jurisdiction == jur)


def _rule(result: Result, jur: str, rule: str) -> Any:
    return next(c for c in _finding(result, jur).components if c.rule == rule)


def test_administration_is_screened_through_its_parent() -> None:
    ct = _rule(_check(copy.deepcopy(BASE)), "UK", "uk.sanctions.ct")
    assert "part of Hamas (part_of)" in (ct.trigger or "")


def test_without_parent_the_harmless_name_is_an_unknown_group() -> None:
    data = copy.deepcopy(BASE)
    data["counterparts"][1].pop("part_of")
    ct = _rule(_check(data), "UK", "uk.sanctions.ct")
    assert ct.outcome == Outcome.needs_review
    assert [q.key for q in ct.open_questions] == ["aliases"]


def test_unanswered_test_asks_and_answers_decide_each_layer() -> None:
    res = _check(copy.deepcopy(BASE))
    assert {q.key for q in _finding(res, "UK").open_questions} >= {"controlled_by_group", "benefits_group"}
    data = copy.deepcopy(BASE)
    data["counterparts"][1]["facts"] = {"controlled_by_group": False, "benefits_group": False}
    res = _check(data)
    ct = _rule(res, "UK", "uk.sanctions.ct")  # "not controlled" under an unsettled test clears nothing
    assert ct.outcome == Outcome.needs_review and any("not met" in r for r in ct.reasons)
    assert _rule(res, "UK", "uk.ta2000.s15-17").outcome == Outcome.permitted
    assert not _finding(res, "UK").open_questions


def test_the_unsettled_test_is_shared_with_rules_deciding_on_the_same_fact() -> None:
    data = copy.deepcopy(BASE)
    data["organisation"]["staff"] = [{"nationality": "US", "residence": "GB"}]
    data["counterparts"][1]["facts"] = {"controlled_by_group": True}
    res = _check(data)
    gtsr = _rule(res, "US", "us.gtsr")
    assert gtsr.outcome == Outcome.prohibited
    assert "where it is unsettled" in gtsr.explanation and "Independent Reviewer" in gtsr.explanation


def _somalia_admin() -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["counterparts"] = [{"id": "shabaab", "name": "Al-Shabaab", "kind": "group"},
                            {"id": "muni", "name": "Jilib District Administration", "kind": "administration",
                             "part_of": "shabaab"}]
    data["location"] = {"country": "SO", "area": "Middle Juba"}
    return data


def test_rule_without_a_test_fails_closed_for_an_administration() -> None:
    rs = rules()  # every sanctions rule now encodes a test: take the UK Somalia one away for this check
    somalia = next(p for j in rs.ordered_jurisdictions() for p in j.prohibitions if p.id == "uk.sanctions.somalia")
    saved = somalia.de_facto
    object.__setattr__(somalia, "de_facto", [])
    try:
        res = _check(_somalia_admin())
    finally:
        object.__setattr__(somalia, "de_facto", saved)
    comps = [c for c in _finding(res, "UK").components if "encodes no test" in c.explanation]
    assert [c.rule for c in comps] == ["uk.sanctions.somalia"]
    assert all(c.outcome == Outcome.needs_review for c in comps)


def test_uk_somalia_regulations_apply_their_own_test_to_an_administration() -> None:
    data = _somalia_admin()
    somalia = _rule(_check(data), "UK", "uk.sanctions.somalia")
    assert somalia.outcome == Outcome.needs_review and "benefits_group" in somalia.explanation
    data["counterparts"][1]["facts"] = {"benefits_group": False}
    assert _rule(_check(data), "UK", "uk.sanctions.somalia").outcome == Outcome.permitted
    data["counterparts"][1]["facts"] = {"benefits_group": True}
    assert _rule(_check(data), "UK", "uk.sanctions.somalia").outcome == Outcome.prohibited


def test_hamas_act_support_asks_whether_the_administration_benefits_hamas() -> None:
    data = copy.deepcopy(BASE)
    data["date"] = "2025-08-01"  # the Swiss Hamas Act is in force from 15 May 2025
    data["organisation"]["staff"] = [{"nationality": "CH", "residence": "CH"}]
    data["organisation"]["incorporated_in"] = "CH"
    hamas_act = _rule(_check(data), "CH", "ch.hamas-act.support")
    assert hamas_act.outcome == Outcome.needs_review and "benefits_group" in hamas_act.explanation
    data["counterparts"][1]["facts"] = {"benefits_group": False}  # the test is unverified: "not met" is no all-clear
    assert _rule(_check(data), "CH", "ch.hamas-act.support").outcome == Outcome.needs_review


def test_business_in_union_is_asked_only_with_an_eu_link() -> None:
    data = copy.deepcopy(BASE)
    data.update(date="2025-06-15")
    data["organisation"].update(incorporated_in="JO", staff=[{"nationality": "JO", "residence": "JO"}])
    data["funders"] = [{"name": "F", "country": "JO", "kind": "private"}]
    data["counterparts"] = [{"id": "hamas", "name": "Hamas", "kind": "group"}]
    data["activities"] = [{"id": "a", "kind": "checkpoint_payment", "counterpart": "hamas"}]
    assert _finding(_check(data), "EU").outcome == Outcome.not_applicable
    data["organisation"]["offices"] = ["BE"]
    eu = _finding(_check(data), "EU")
    assert eu.outcome == Outcome.needs_review and "paid_from" in {q.key for q in eu.open_questions}
    data["activities"][0]["paid_from"] = "DE"
    assert _rule(_check(data), "EU", "eu.reg2580-2001.art2-2").outcome == Outcome.prohibited


def test_consent_is_noted_abroad_only_and_immunity_changes_exposure() -> None:
    data = copy.deepcopy(BASE)
    data["counterparts"][1]["facts"] = {"benefits_group": True, "controlled_by_group": True}
    uk = _finding(_check(data), "UK")
    assert uk.exposure is not None and any("Attorney General" in n for n in uk.exposure.notes)
    data["location"] = {"country": "GB", "area": "London"}
    uk = _finding(_check(data), "UK")
    assert uk.exposure is not None and not any("Attorney General" in n for n in uk.exposure.notes)
    data["organisation"]["staff"][0]["un_official"] = True
    data["organisation"]["staff"].append({"nationality": "GB", "residence": "GB", "un_official": False})
    uk = _finding(_check(data), "UK")  # one of those who act is not immune: still prohibited, the note says who is
    assert uk.exposure is not None and any("s.18(a)" in n for n in uk.exposure.notes)
    assert uk.outcome == Outcome.prohibited
    data["organisation"]["staff"].pop()
    uk = _finding(_check(data), "UK")  # everyone who acts is immune: not an all-clear, a review
    assert uk.outcome == Outcome.needs_review
    assert any("holds an immunity" in r for c in uk.components for r in c.reasons)
