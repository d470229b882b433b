"""Absence from a curated subset (``complete: false``) is not "not listed" (false all-clear, Hurras al-Din 2025)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from legalcheck.designation_status import CounterpartScreen, ListStatus, absence_fact, list_status
from legalcheck.engine.subset import answered_subset, combine, on_subset
from legalcheck.models.designations import Designation, DesignationList
from legalcheck.screening import NameMatch

SRC = [{"title": "t", "url": "https://example.org/x"}]
DAY = dt.date(2025, 3, 1)


def _entry(entry_id: str, entity: str, name: str) -> Designation:
    return Designation.model_validate({"id": entry_id, "entity": entity, "name": name, "listed_from": "2010-01-01",
                                       "sources": SRC})


def _list(list_id: str, entries: list[Designation], **extra: Any) -> DesignationList:
    return DesignationList.model_validate({
        "id": list_id, "title": f"List {list_id}", "jurisdiction": "US", "kind": "sanctions", "authority": "a",
        "legal_basis": "b", "url": "https://example.org/list", "as_of": "2026-01-01", "description": "d",
        "entries": entries, **extra})


def _screen(e: Designation, list_id: str) -> CounterpartScreen:
    m = NameMatch(list_id=list_id, designation=e, matched_name=e.name, query=e.name, score=1.0, match=True,
                  kind="exact", explanation="exact name")
    return CounterpartScreen("g", e.name, [m])


GROUP = _entry("eu.g", "guardians", "Guardians")
CS = _screen(GROUP, "eu")


def _status(lst: DesignationList, day: dt.date = DAY) -> ListStatus:
    return on_subset(list_status(CS, lst.id, lst.entries, day), lst, CS, day)


def test_absent_from_a_curated_list_is_not_not_listed() -> None:
    curated = _list("us-x", [_entry("us.other", "other", "Other")], complete=False)
    st = _status(curated)
    assert st.state == "unlisted_subset" and st.absent_from == (("us-x", "List us-x"),)
    assert "curated subset" in st.explanation and "https://example.org/list" in st.explanation
    assert "legalcheck designations import" in st.explanation


def test_absent_from_a_complete_list_or_one_holding_every_group_is_not_listed() -> None:
    assert _status(_list("us-x", [], complete=True)).state == "not_listed"
    assert _status(_list("us-x", [], complete=False, groups_complete=True)).state == "not_listed"


def test_groups_complete_to_ends_the_answer_and_records_the_date() -> None:
    lst = _list("us-x", [], complete=False, groups_complete=True, groups_complete_to="2026-02-01")
    before = _status(lst, dt.date(2026, 1, 31))
    assert before.state == "not_listed" and dt.date(2026, 2, 1) in before.dates
    assert _status(lst, dt.date(2026, 2, 1)).state == "unlisted_subset"


def test_a_group_with_entries_on_the_curated_list_keeps_its_status() -> None:
    mine = _entry("us.g", "guardians", "Guardians")
    assert _status(_list("us-x", [mine], complete=False)).state == "designated"
    later = Designation.model_validate({"id": "us.g", "entity": "guardians", "name": "Guardians",
                                        "listed_from": "2030-01-01", "sources": SRC})
    assert _status(_list("us-x", [later], complete=False)).state == "not_listed"


def test_answers_per_list() -> None:
    a, b = _status(_list("us-a", [], complete=False)), _status(_list("us-b", [], complete=False))
    both = combine([a, b], DAY)
    assert [lid for lid, _ in both.absent_from] == ["us-a", "us-b"]

    def answered(**facts: bool) -> ListStatus:
        return answered_subset(SimpleNamespace(name="Guardians", facts=facts), both, "2025-03-01")  # type: ignore[arg-type]

    assert answered().state == "unlisted_subset"
    half = answered(on_list_us_a=False)
    assert half.state == "unlisted_subset" and [lid for lid, _ in half.absent_from] == ["us-b"]
    assert answered(on_list_us_b=True).state == "designated"
    done = answered(on_list_us_a=False, on_list_us_b=False)
    assert done.state == "not_listed" and "on_list_us_a: false" in done.explanation


def test_a_designation_on_another_list_of_the_rule_wins() -> None:
    absent = _status(_list("us-a", [], complete=False))
    listed = list_status(CS, "eu", [GROUP], DAY)
    assert combine([absent, listed], DAY).state == "designated"


def test_fact_key_naming() -> None:
    assert absence_fact("us-sdgt") == "on_list_us_sdgt" and absence_fact("ke-specified") == "on_list_ke_specified"
