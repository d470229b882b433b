""""Not listed" on a list before its ``covers_from`` (a snapshot keeps no removals): accepted, as a stated
assumption, only when (1) the counterpart is identified with certainty on a list whose data answers for the day and
(2) none of its entries on any loaded list ends after the day. Each condition failing alone keeps the doubt."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from legalcheck.designation_status import CounterpartScreen
from legalcheck.engine.horizon import Gap, not_listed_before_coverage
from legalcheck.engine.situation import Situation
from legalcheck.models.designations import Designation, DesignationList
from legalcheck.models.engagement import Counterpart, Engagement
from legalcheck.ruleset import RuleSet, load_ruleset
from legalcheck.screening import NameMatch

SRC = [{"title": "t", "url": "https://example.org/x"}]
DAY = "2024-03-01"


def _entry(eid: str, **over: Any) -> dict[str, Any]:
    return {"id": eid, "entity": "grp", "name": "Group", "listed_from": "2010-03-05", "sources": SRC, **over}


def _list(lid: str, covers_from: str | None, entries: list[dict[str, Any]],
          as_of: str = "2026-02-27") -> DesignationList:
    return DesignationList.model_validate({
        "id": lid, "title": "t", "jurisdiction": "UK", "kind": "sanctions", "authority": "a", "legal_basis": "b",
        "url": "https://example.org", "as_of": as_of, "covers_from": covers_from, "description": "d",
        "entries": entries})


def _engagement(day: str, counterparts: list[dict[str, str]]) -> Engagement:
    return Engagement.model_validate({
        "title": "t", "date": day, "purpose": "humanitarian", "counterparts": counterparts,
        "organisation": {"name": "X", "type": "ngo_humanitarian", "incorporated_in": "GB",
                         "staff": [{"nationality": "GB"}]},
        "location": {"country": "SO"}, "activities": [{"id": "a", "kind": "checkpoint_payment"}]})


@pytest.fixture(scope="module")
def base() -> RuleSet:
    return load_ruleset()


def _gap(base: RuleSet, lists: list[DesignationList], match_on: str, day: str = DAY, strong: bool = True,
         cp: Counterpart | None = None) -> Gap:
    """The gap for a counterpart matched (strongly or only in the grey band) on ``match_on``'s first entry, on
    the snapshot list ``snap`` (which names no entry of the group)."""
    rules = dataclasses.replace(base, lists={lst.id: lst for lst in lists})
    rules.__dict__.pop("_entity_index", None)
    e: Designation = rules.lists[match_on].entries[0]
    m = NameMatch(list_id=match_on, designation=e, matched_name=e.name, query="Group", score=1.0 if strong else 0.8,
                  match=strong, kind="exact" if strong else "fuzzy", explanation="e")
    eng = _engagement(day, [{"id": "g", "name": "Group"}])
    sit = Situation(eng, eng.activities[0], base.jurisdictions["UK"], dt.date.fromisoformat(day), "humanitarian",
                    {"g": CounterpartScreen("g", "Group", [m])}, rules)
    return not_listed_before_coverage(sit, cp or eng.counterparts[0], ["snap"])


SNAP = _list("snap", "2026-02-27", [_entry("snap.other", entity="other", name="Other")])
HIST = _list("hist", "2001-01-01", [_entry("hist.grp")], as_of="2026-11-27")
SNAP2 = _list("snap2", "2026-02-27", [_entry("snap2.grp")])


def test_both_conditions_hold_the_absence_is_an_assumption_stated(base: RuleSet) -> None:
    g = _gap(base, [SNAP, HIST], "hist")
    assert g.doubt is None and g.assumption == (
        "snap holds no removals before 2026-02-27; Group is identified on hist, whose data answers for 2024-03-01, "
        "and no list shows a removal of it since 2024-03-01; it is taken not to have been on snap and removed since")
    assert {dt.date(2026, 2, 27), dt.date(2001, 1, 1)} <= g.dates


def test_condition_1_fails_alone_identified_only_on_snapshot_lists(base: RuleSet) -> None:
    g = _gap(base, [SNAP, SNAP2], "snap2")  # no removal anywhere, but no list answers for the day
    assert g.assumption is None and g.doubt == ("Group is identified only on lists whose data does not answer for "
                                                "2024-03-01 (snap2)")


def test_condition_1_fails_alone_a_possible_match_identifies_nothing(base: RuleSet) -> None:
    g = _gap(base, [SNAP, HIST], "hist", strong=False)  # the same list that answers, but only a grey-band match
    assert g.assumption is None and g.doubt and "not identified with certainty" in g.doubt


def test_condition_1_a_list_too_old_for_the_day_does_not_answer(base: RuleSet) -> None:
    old = _list("hist", "2001-01-01", [_entry("hist.grp")], as_of="2020-01-01")  # answers to 2020-12-31 only
    assert _gap(base, [SNAP, old], "hist").doubt


def test_condition_2_fails_alone_a_removal_since_the_day(base: RuleSet) -> None:
    ended = _list("other", "2001-01-01", [_entry("other.grp", listed_to="2025-11-10")], as_of="2026-11-27")
    g = _gap(base, [SNAP, HIST, ended], "hist")  # identified on hist, which answers; another list removed it
    assert g.assumption is None and g.doubt == ("a list shows a removal of Group since 2024-03-01: 'Group' on other "
                                                "ended on 2025-11-10")
    assert dt.date(2025, 11, 10) in g.dates
    assert _gap(base, [SNAP, HIST, ended], "hist", day="2025-12-01").assumption, "removed before the day: no doubt"


def test_a_renewal_or_widening_and_a_scheduled_end_are_no_removal(base: RuleSet) -> None:
    widened = _list("hist", "2001-01-01", [
        _entry("hist.grp", listed_from="2021-11-26"),
        _entry("hist.wing", entity="wing", part_of="grp", name="Wing", covers="part", scope_note="the wing",
               listed_from="2001-03-29", listed_to="2021-11-26")], as_of="2026-11-27")
    assert _gap(base, [SNAP, widened], "hist", day="2019-01-01").assumption
    sunset = _list("law", "2025-05-15", [_entry("law.grp", listed_from="2025-05-15", listed_to="2030-05-15")],
                   as_of="2026-11-27")
    assert _gap(base, [SNAP, HIST, sunset], "hist").assumption, "a law's sunset after the check date is no removal"


def test_on_or_after_covers_from_nothing_to_decide(base: RuleSet) -> None:
    g = _gap(base, [SNAP, SNAP2], "snap2", day="2026-03-01")
    assert g.early == () and g.assumption is None and g.doubt is None and dt.date(2026, 2, 27) in g.dates


def test_a_part_of_counterpart_whose_own_name_matches_nothing_is_identified_through_its_parent(
        base: RuleSet) -> None:
    rules = dataclasses.replace(base, lists={"snap": SNAP, "hist": HIST})
    e = HIST.entries[0]
    m = NameMatch(list_id="hist", designation=e, matched_name=e.name, query="Group", score=1.0, match=True,
                  kind="exact", explanation="e")
    eng = _engagement(DAY, [{"id": "g", "name": "Group"},
                            {"id": "adm", "name": "Group administration", "part_of": "g"}])
    screens = {"g": CounterpartScreen("g", "Group", [m]), "adm": CounterpartScreen("adm", "Group administration", [])}
    sit = Situation(eng, eng.activities[0], base.jurisdictions["UK"], dt.date.fromisoformat(DAY), "humanitarian",
                    screens, rules)
    g = not_listed_before_coverage(sit, eng.counterparts[1], ["snap"])
    assert g.assumption and "Group is identified on hist" in g.assumption


def test_the_assumption_that_leaves_a_jurisdiction_unconnected_is_the_findings_and_the_memos(base: RuleSet) -> None:
    from legalcheck.engine import Checker
    from legalcheck.memo.facts import assumptions

    def un(name: str, day: str = DAY) -> tuple[Any, Any]:
        eng = _engagement(day, [{"id": "g", "name": name}])
        res = Checker(base).check(eng)
        return next(f for f in res.findings if f.jurisdiction == "UN"), res

    pkk, res = un("Kurdistan Workers' Party")
    assert pkk.outcome.value == "not_applicable" and len(pkk.assumptions) == 1
    assert "Kurdistan Workers' Party is identified on uk-proscribed" in pkk.assumptions[0]
    lacking = set(pkk.assumptions[0].split(" hold")[0].split(", "))  # the memo merges such sentences, naming each list
    assert pkk.assumptions[0] in pkk.summary
    assert any("Kurdistan Workers' Party is identified on uk-proscribed" in str(x)
               and lacking <= set(str(x).split(" hold")[0].split(", ")) for x in assumptions(res))
    # identified only on a snapshot list (the Kenyan list, from 2026-11-27): connected as "may be listed", no assumption
    mb, _ = un("Muslim Brotherhood", "2025-06-10")
    assert mb.outcome.value == "needs_review" and not mb.assumptions and "reach back" in " ".join(
        r for c in mb.components for r in c.reasons)


def test_not_listed_on_list_data_too_old_for_the_day_connects_the_overlay_possibly(base: RuleSet) -> None:
    """After a list's data stops answering (check date + review interval), "not listed" is no answer: the UN overlay
    is connected as possible and reviews, never not_applicable."""
    from legalcheck.engine import Checker

    un_until = max(lst.as_of for lid, lst in base.lists.items() if lid.startswith("un-")) + dt.timedelta(days=400)
    eng = _engagement(un_until.isoformat(), [{"id": "g", "name": "Kurdistan Workers' Party"}])
    un = next(f for f in Checker(base).check(eng).findings if f.jurisdiction == "UN")
    assert un.outcome.value == "needs_review"
