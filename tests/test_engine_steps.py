"""Each step of the engine on its own: one situation, one prohibition, the step's result."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from legalcheck.designation_status import CounterpartScreen
from legalcheck.engine import Checker, Situation, decide, reached, run_steps
from legalcheck.engine.component import evaluate_rule
from legalcheck.engine.situation import DAY_SLOT
from legalcheck.engine.step import StepResult
from legalcheck.engine.steps import (
    area_step,
    conditions_step,
    designation_step,
    doubts_step,
    exemptions_step,
    licences_step,
    reach_step,
)
from legalcheck.models.common import Outcome
from legalcheck.models.engagement import Engagement
from legalcheck.models.rules import Prohibition
from legalcheck.ruleset import RuleSet, load_ruleset

_RULES: RuleSet | None = None


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    global _RULES
    if _RULES is None:
        _RULES = load_ruleset()
    return _RULES


def engagement(**over: Any) -> Engagement:
    data: dict[str, Any] = {
        "title": "t", "date": "2024-03-01", "purpose": "humanitarian",
        "organisation": {"name": "X", "type": "ngo_humanitarian", "incorporated_in": "GB",
                         "staff": [{"nationality": "GB"}]},
        "funders": [], "counterparts": [{"id": "g", "name": "Harakat al-Shabaab al-Mujahideen"}],
        "location": {"country": "SO", "area": "Gedo"},
        "activities": [{"id": "a", "kind": "checkpoint_payment"}],
    }
    for k, v in over.items():
        if k in ("organisation", "activity"):
            target = data["organisation"] if k == "organisation" else data["activities"][0]
            target.update(v)
        else:
            data[k] = v
    return Engagement.model_validate(data)


def situation(rules: RuleSet, eng: Engagement, jur: str, day: str = "2024-03-01") -> Situation:
    checker = Checker(rules)
    screens = {c.id: CounterpartScreen(c.id, c.name, checker.screener.screen(c.name, c.aliases))
               for c in eng.counterparts}
    return Situation(eng, eng.activities[0], rules.jurisdictions[jur], dt.date.fromisoformat(day),
                     eng.purpose.value, screens, rules)


def rule(rules: RuleSet, rule_id: str, **update: Any) -> Prohibition:
    p = next(p for j in rules.jurisdictions.values() for p in j.prohibitions if p.id == rule_id)
    return p.model_copy(update=update)


# --------------------------------------------------------------------------- reached(): one function, every basis
def test_reached_every_basis(rules: RuleSet) -> None:
    eng = engagement(organisation={"staff": [{"nationality": "GB", "residence": "KE"}, {"nationality": "US"}]},
                     funders=[{"name": "FCDO", "country": "GB", "kind": "government"}])
    sit = situation(rules, eng, "UK")
    assert [h.subject for h in reached("incorporation", [], sit).hits] == ["GB"]
    assert [h.subject for h in reached("nationality", [], sit).hits] == ["GB"]
    assert [h.subject for h in reached("residence", ["KE"], sit).hits] == ["KE"]
    assert reached("territory", [], sit).hits == ()
    assert [(h.subject, h.detail) for h in reached("government_funding", [], sit).hits] == [("FCDO", "GB")]
    assert len(reached("any_person", [], sit).hits) == 1
    listed = reached("counterpart_listed", [], sit, ["un-somalia"]).hits
    assert [(h.subject, h.strength) for h in listed] == [("Harakat al-Shabaab al-Mujahideen", "established")]
    # not listed before a snapshot's covers_from: taken as an answer (an assumption, no hit) or a possible hit
    pkk = reached("counterpart_listed", [], situation(rules, engagement(counterparts=[{"id": "g", "name": "PKK"}]),
                                                      "UN"), ["un-somalia"])
    assert pkk.hits == () and "taken not to have been on un-somalia" in pkk.assumptions[0]
    hts = reached("counterpart_listed", [], situation(rules, engagement(
        counterparts=[{"id": "g", "name": "Hay'at Tahrir al-Sham"}]), "UN", "2024-03-01"), ["un-somalia"])
    assert [h.strength for h in hts.hits] == ["possible"] and not hts.assumptions


def test_government_funding_reads_funder_kinds_from_the_data(rules: RuleSet) -> None:
    """EU's connection counts EU-institution funding; the UK's (default: government) does not count it."""
    eng = engagement(funders=[{"name": "ECHO", "country": "EU", "kind": "eu_institution"}])
    assert [h.subject for h in reached("government_funding", [], situation(rules, eng, "EU")).hits] == ["ECHO"]
    assert reached("government_funding", ["@EU"], situation(rules, eng, "UK")).hits == ()


def test_reached_records_membership_dates(rules: RuleSet) -> None:
    """Union law applied to the UK until the end of the transition period (2021-01-01): @EU membership dates are
    recorded as compared."""
    eng = engagement()
    r = reached("nationality", ["@EU"], situation(rules, eng, "EU", "2020-06-01"))
    assert [h.subject for h in r.hits] == ["GB"] and dt.date(2021, 1, 1) in r.dates
    assert reached("nationality", ["@EU"], situation(rules, eng, "EU", "2021-06-01")).hits == ()


# --------------------------------------------------------------------------- the steps
def test_reach_step_not_reached_settles_not_applicable(rules: RuleSet) -> None:
    eng = engagement(organisation={"incorporated_in": "KE", "staff": [{"nationality": "KE"}]})
    r = reach_step(situation(rules, eng, "UK"), rule(rules, "uk.ta2000.s58b"), ())
    assert r.settles and r.outcome == Outcome.not_applicable and r.explanation
    assert dict(r.facts)["performed by"] == "KE"


def test_reach_step_arguable_only_doubts(rules: RuleSet) -> None:
    eng = engagement(organisation={"incorporated_in": "CH", "staff": [{"nationality": "KE"}]})
    r = reach_step(situation(rules, eng, "CH"), rule(rules, "ch.seco.somalia.funds-ban"), ())
    assert not r.settles and r.doubtful and r.arguable and not r.reached
    assert r.reasons[0].startswith("reach is arguable only")


def test_designation_step(rules: RuleSet) -> None:
    p = rule(rules, "un.somalia.asset-freeze")
    listed = designation_step(situation(rules, engagement(), "UN"), p, ())
    assert not listed.settles and not listed.doubtful and "is designated" in (listed.trigger or "") and listed.dates
    pkk_eng = engagement(counterparts=[{"id": "g", "name": "PKK"}])
    pkk = designation_step(situation(rules, pkk_eng, "UN", "2026-06-01"), p, ())
    assert pkk.outcome == Outcome.permitted and pkk.explanation and pkk.explanation.startswith("Not engaged")
    # before the list's covers_from (the UN snapshot keeps no removed entries), "not listed" is an answer only as
    # a stated assumption: the PKK is identified on lists that reach back (uk-proscribed, us-fto) and none removed it
    assumed = designation_step(situation(rules, pkk_eng, "UN"), p, ())
    assert assumed.outcome == Outcome.permitted and len(assumed.assumptions) == 1
    assert "un-somalia holds no removals before 2026-02-27" in assumed.assumptions[0]
    assert "taken not to have been on un-somalia and removed since" in (assumed.explanation or "")
    assert dt.date(2026, 2, 27) in assumed.dates
    # HTS: its UK proscription and US FTO listing ended since 2024, so its absence from un-somalia is no answer
    early = designation_step(situation(rules, engagement(counterparts=[{"id": "g", "name": "Hay'at Tahrir al-Sham"}]),
                                       "UN"), p, ())
    assert early.doubtful and early.outcome is None and "does not reach back" in early.reasons[0]
    assert "a list shows a removal of" in early.reasons[0] and "ended on 2025-11-10" in early.reasons[0]
    assert early.questions[0].key is None and early.questions[0].no_fact
    assert {dt.date(2026, 2, 27), dt.date(2025, 11, 10)} <= early.dates
    unknown = designation_step(situation(rules, engagement(counterparts=[{"id": "g", "name": "Zqxv Brigade"}]),
                                         "UN"), p, ())
    assert unknown.doubtful and unknown.questions[0].scope == "counterpart"
    none = designation_step(situation(rules, engagement(counterparts=[]), "UN"), p, ())
    assert none.doubtful and none.questions[0].text == "Which group is the counterpart of this activity?"


def test_designation_step_quotes_the_day_as_told(rules: RuleSet) -> None:
    eng = engagement()
    sit = situation(rules, eng, "UN")
    slotted = Situation(eng, sit.activity, sit.jurisdiction, sit.day, sit.purpose, sit.screens, rules, DAY_SLOT)
    r = designation_step(slotted, rule(rules, "un.somalia.asset-freeze"), ())
    assert f"on {DAY_SLOT}" in (r.trigger or "") and "on 2024-03-01" not in (r.trigger or "")


def test_area_step(rules: RuleSet) -> None:
    p = rule(rules, "ke.pota.s30b-30c")
    eng = engagement(activity={"kind": "staff_travel"})
    assert area_step(situation(rules, eng, "KE", "2016-06-01"), p, ()).trigger
    before = area_step(situation(rules, eng, "KE", "2015-01-01"), p, ())
    assert before.outcome == Outcome.permitted and before.dates  # Somalia designated later: dates recorded


def test_conditions_step_question_assumption_and_not_met(rules: RuleSet) -> None:
    p = rule(rules, "uk.ta2000.s12-2c")
    eng = engagement(location={"country": "GB"}, activity={"kind": "dialogue_meeting"})
    r = conditions_step(situation(rules, eng, "UK"), p, ())
    assert r.doubtful and r.questions[0].key == "addressed_by_member" and r.assumptions  # participants assumed
    eng2 = engagement(location={"country": "GB"}, activity={"kind": "dialogue_meeting",
                                                            "facts": {"participants": 2}})
    r2 = conditions_step(situation(rules, eng2, "UK"), p, ())
    assert r2.outcome == Outcome.permitted and dict(r2.facts)["participants"] == "2"


def test_doubts_step(rules: RuleSet) -> None:
    sit = situation(rules, engagement(), "UN")
    assert doubts_step(sit, rule(rules, "un.somalia.asset-freeze"), ()) == StepResult("doubts")
    r = doubts_step(sit, rule(rules, "un.somalia.asset-freeze", verified=False, unverified_points=["x"]), ())
    assert r.doubtful and r.reasons == ("this rule has not been verified against the primary text: x",)


def test_exemptions_step_settles_with_the_least_restrictive(rules: RuleSet) -> None:
    """UNSCR 2664: a bilaterally funded UN-plan NGO's humanitarian payment is exempt from the UN asset freeze from
    2022-12-09; with no funder listed, the funding (category d) is asked, never presumed."""
    eng = engagement(organisation={"un_plan_participant": True},
                     funders=[{"name": "FCDO", "country": "GB", "kind": "government"}])
    p = rule(rules, "un.somalia.asset-freeze")
    after = exemptions_step(situation(rules, eng, "UN", "2023-06-01"), p, ())
    assert after.outcome == Outcome.exempt and after.considered and dt.date(2022, 12, 9) in after.dates
    unfunded = exemptions_step(situation(rules, engagement(organisation={"un_plan_participant": True}), "UN",
                                         "2023-06-01"), p, ())
    assert unfunded.outcome is None and any(q.key == "bilaterally_funded" for q in unfunded.questions)
    before = exemptions_step(situation(rules, eng, "UN", "2011-06-01"), p, ())
    assert not before.settles and any(e.result == "not_in_force" for e in before.considered)


def test_licences_step(rules: RuleSet) -> None:
    p = rule(rules, "us.gtsr")
    eng = engagement(organisation={"incorporated_in": "US", "staff": [{"nationality": "US"}]},
                     activity={"licences": ["OFAC licence SDGT-2024-1"]})
    assert licences_step(situation(rules, eng, "US"), p, ()).outcome == Outcome.licensed
    other = engagement(activity={"licences": ["a letter from the mayor"]})
    r = licences_step(situation(rules, other, "US"), p, ())
    assert r.doubtful and not r.settles and r.questions
    assert licences_step(situation(rules, engagement(), "US"), p, ()) == StepResult("licences")


# --------------------------------------------------------------------------- the outcome, decided once
def test_decide() -> None:
    assert decide((StepResult("a"), StepResult("b"))) == Outcome.prohibited
    assert decide((StepResult("a", doubtful=True), StepResult("b"))) == Outcome.needs_review
    assert decide((StepResult("a", doubtful=True), StepResult("b", Outcome.exempt))) == Outcome.exempt


def test_run_steps_stops_at_the_first_settling_step(rules: RuleSet) -> None:
    eng = engagement(counterparts=[{"id": "g", "name": "PKK"}])
    results = run_steps(situation(rules, eng, "UN", "2026-06-01"), rule(rules, "un.somalia.asset-freeze"))
    assert [r.step for r in results] == ["reach", "designation"]
    flags = {"un_plan_participant": False, "ga_observer": False, "eu_certified_partner": False,
             "implementing_partner": False}
    ev = evaluate_rule(situation(rules, engagement(organisation=flags), "UN"), rule(rules, "un.somalia.asset-freeze"))
    assert ev.component.outcome == Outcome.prohibited and dt.date(2008, 11, 20) in ev.dates  # rule in force
    assert [r.step for r in ev.results][-1] == "licences"


def test_evaluation_records_the_dates_it_compared(rules: RuleSet) -> None:
    ev = Checker(rules).evaluate(engagement())
    assert dt.date(2021, 1, 1) in ev.dates  # UK sanctions regulations in force from 2021-01-01
    assert ev.result == Checker(rules).check(engagement())


# --------------------------------------------------------------------------- coverage: decided, never defaulted
def test_uncovered_kind_without_decision_is_not_encoded_needs_review(rules: RuleSet) -> None:
    import dataclasses

    from legalcheck.engine.coverage import uncovered

    eng = engagement(activity={"kind": "food_distribution_civilians"})
    sit = situation(rules, eng, "EU")
    assert uncovered(sit, engaged_elsewhere=False)[0] == Outcome.permitted  # the cited EU decision
    bare = dataclasses.replace(rules.jurisdictions["EU"], coverage=[])
    outcome, summary, _ = uncovered(dataclasses.replace(sit, jurisdiction=bare), engaged_elsewhere=False)
    assert outcome == Outcome.needs_review and summary.startswith("Not encoded")


def test_uncovered_kind_unsettled_decision_and_dates_outside_the_rules(rules: RuleSet) -> None:
    from legalcheck.engine.coverage import uncovered

    sit = situation(rules, engagement(activity={"kind": "medicine_to_facility"}), "KE")
    outcome, summary, _ = uncovered(sit, engaged_elsewhere=False)
    assert outcome == Outcome.needs_review and "unsettled (coverage decision)" in summary
    outcome, summary, _ = uncovered(sit, engaged_elsewhere=True)  # rules cover the kind, none on this day
    assert outcome == Outcome.needs_review and "not in force on that date" in summary


def test_kind_covered_only_on_other_dates_is_needs_review_not_permitted(rules: RuleSet) -> None:
    import dataclasses

    eng = engagement(date="2010-06-01", organisation={"incorporated_in": "KE"}, activity={"kind": "per_diem_payment"})
    ke = next(f for f in Checker(rules).check(eng).findings if f.jurisdiction == "KE")
    assert ke.outcome == Outcome.needs_review and "Outside the encoded horizon" in ke.summary  # from 2013-11-22
    no_horizon = dataclasses.replace(rules.jurisdictions["KE"], meta=rules.jurisdictions["KE"].meta.model_copy(
        update={"encoded_from": None}))
    rs = dataclasses.replace(rules, jurisdictions={**rules.jurisdictions, "KE": no_horizon})
    ke = next(f for f in Checker(rs).check(eng).findings if f.jurisdiction == "KE")
    assert ke.outcome == Outcome.needs_review and "not in force on that date" in ke.summary  # POTA from 2012


def test_every_pair_is_decided_and_validation_flags_an_undecided_one(rules: RuleSet) -> None:
    import dataclasses

    from legalcheck.coverage import coverage_matrix, undecided
    from legalcheck.validation import cross_reference_problems

    cells = coverage_matrix(rules)
    assert len(cells) == len(rules.jurisdictions) * len(rules.activity_kinds) and not undecided(rules)
    un = dataclasses.replace(rules.jurisdictions["UN"], coverage=[])
    bare = dataclasses.replace(rules, jurisdictions={**rules.jurisdictions, "UN": un})
    gaps = [p for p in cross_reference_problems(bare, dt.date(2026, 1, 1)) if "undecided coverage" in p.message]
    assert gaps and all(p.severity == "warning" for p in gaps)
    assert any("UN × dialogue_meeting" in p.message for p in gaps)


def test_unverified_deciding_date_caps_not_listed_at_needs_review(rules: RuleSet) -> None:
    eng = engagement(organisation={"incorporated_in": "US"},
                     counterparts=[{"id": "g", "name": "Hay'at Tahrir al-Sham"}],
                     location={"country": "SY", "area": "Idlib"})
    sit = situation(rules, eng, "US", day="2025-09-01")
    r = designation_step(sit, rule(rules, "us.gtsr"), ())
    assert r.doubtful and r.outcome is None
    assert "not verified against the official list" in r.reasons[0] and "delisted on 2025-07-08" in r.reasons[0]
    unverified = [e for e in rules.lists["us-sdgt"].entries if not e.verified]
    try:  # the same date, verified, gives the confident answer
        for e in unverified:
            e.verified = True
        # a new situation (a new check): within one check the step is evaluated once per activity and lists
        fresh = situation(rules, eng, "US", day="2025-09-01")
        assert designation_step(fresh, rule(rules, "us.gtsr"), ()).outcome == Outcome.permitted
    finally:
        for e in unverified:
            e.verified = False


def test_connection_wording_comes_from_the_data(rules: RuleSet) -> None:
    """The UN overlay's "listed by the Security Council" is the jurisdiction's own `holds`, not code."""
    import dataclasses

    from legalcheck.engine.finding import connections
    from legalcheck.models.rules import Connection

    sit = situation(rules, engagement(), "UN")
    (conn,), _ = connections(sit)
    un = rules.jurisdictions["UN"]
    assert conn.description == un.meta.connections[0].holds.format(subject="Harakat al-Shabaab al-Mujahideen")
    worded = un.meta.connections[0].model_copy(update={"holds": "{subject} is on a UN list (reworded)"})
    meta = un.meta.model_copy(update={"connections": [worded]})
    sit = dataclasses.replace(sit, jurisdiction=dataclasses.replace(un, meta=meta))
    (conn,), _ = connections(sit)
    assert conn.description == "Harakat al-Shabaab al-Mujahideen is on a UN list (reworded)"
    bare = Connection.model_validate({"basis": "counterpart_listed", "lists": ["un-somalia"]})
    sit = dataclasses.replace(sit, jurisdiction=dataclasses.replace(
        un, meta=un.meta.model_copy(update={"connections": [bare]})))
    (conn,), _ = connections(sit)
    assert conn.description == "counterpart Harakat al-Shabaab al-Mujahideen is on a list this jurisdiction names"
