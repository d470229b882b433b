"""Issue 11: unverified listing and delisting dates decide only within their margin, in both directions; verified
evidence is preferred; a list states its coverage window."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from legalcheck.designation_status import (
    CounterpartScreen,
    list_status,
    listing_dates,
    status_rank,
    unverified_deciding_dates,
)
from legalcheck.models.designations import Designation, DesignationList
from legalcheck.screening import NameMatch

SRC = [{"title": "t", "url": "https://example.org/x"}]


def _list(margin: int | None, **entry: Any) -> DesignationList:
    e = {"id": "ll.x", "entity": "grp", "name": "Group", "listed_from": "2010-03-05", "sources": SRC,
         "verified": False, **entry}
    return DesignationList.model_validate({
        "id": "ll", "title": "t", "jurisdiction": "UK", "kind": "proscription", "authority": "a", "legal_basis": "b",
        "url": "https://example.org", "as_of": "2026-01-01", "covers_from": "2001-01-01", "description": "d",
        "unverified_margin_days": margin, "entries": [e]})


def _status(lst: DesignationList, day: str) -> tuple[str, list[str]]:
    e = lst.entries[0]
    m = NameMatch(list_id="l", designation=e, matched_name=e.name, query="Group", score=1.0, match=True,
                  kind="exact", explanation="e")
    d = dt.date.fromisoformat(day)
    st = list_status(CounterpartScreen("g", "Group", [m]), "l", lst.entries, d)
    return st.state, unverified_deciding_dates(st, d)


def test_an_unverified_listing_date_decides_only_within_its_margin_both_ways() -> None:
    lst = _list(92)
    assert _status(lst, "2010-04-01") == ("designated", ["'Group' on l: listed from 2010-03-05 (may be off by up to "
                                                         "92 days)"])
    assert _status(lst, "2024-01-01") == ("designated", [])  # years after: the date does not decide
    assert _status(lst, "2010-02-01")[1] == ["'Group' on l: listed only from 2010-03-05 (may be off by up to 92 days)"]
    assert _status(lst, "2009-01-01") == ("not_listed", [])
    # the edges of the margin are among the dates compared (so plan caching stays exact)
    assert {dt.date(2009, 12, 3), dt.date(2010, 6, 6)} <= listing_dates(lst.entries)
    assert _status(_list(None), "2024-01-01")[1], "without a margin any unverified date decides"


def test_an_unverified_delisting_date_decides_both_ways() -> None:
    lst = _list(31, listed_to="2021-02-16")
    assert _status(lst, "2021-02-01") == ("designated", ["'Group' on l: delisted on 2021-02-16 (may be off by up to "
                                                         "31 days)"])
    assert _status(lst, "2021-03-01") == ("not_listed", ["'Group' on l: delisted on 2021-02-16 (may be off by up "
                                                         "to 31 days)"])
    assert _status(lst, "2023-01-01") == ("not_listed", [])
    entry = _list(None, date_margin_days=1, listed_to="2021-02-16")  # the entry's margin overrides the list's
    assert entry.entries[0].margin_days == 1 and _status(entry, "2021-02-18")[1] == []


def test_verified_evidence_is_preferred_and_deciding_not_listed_is_not_hidden() -> None:
    unverified = _list(None).entries[0]
    verified = Designation.model_validate({"id": "ll.y", "entity": "grp", "name": "Group", "listed_from": "2001-01-01",
                                           "sources": SRC})
    m = NameMatch(list_id="l", designation=unverified, matched_name="Group", query="Group", score=1.0, match=True,
                  kind="exact", explanation="e")
    day = dt.date(2024, 1, 1)
    st = list_status(CounterpartScreen("g", "Group", [m]), "l", [unverified, verified], day)
    assert st.state == "designated" and st.entries[0][1] is verified and not unverified_deciding_dates(st, day)
    soft = list_status(CounterpartScreen("g", "Group", [m]), "l", [unverified], day)
    assert unverified_deciding_dates(soft, day) and status_rank(st, day) > status_rank(soft, day)
    # between two "not listed" answers, the one an unverified date decides is the one kept (never hidden)
    gone = _list(None, listed_to="2020-01-01")
    m2 = NameMatch(list_id="l", designation=gone.entries[0], matched_name="Group", query="Group", score=1.0,
                   match=True, kind="exact", explanation="e")
    decided = list_status(CounterpartScreen("g", "Group", [m2]), "l", gone.entries, day)
    plain = list_status(CounterpartScreen("g", "Group", [m2]), "m", [], day)
    assert decided.state == plain.state == "not_listed" and status_rank(decided, day) > status_rank(plain, day)


def test_list_window_is_validated() -> None:
    with pytest.raises(ValueError, match="covers_from"):
        DesignationList.model_validate({
            "id": "ll", "title": "t", "jurisdiction": "UK", "kind": "proscription", "authority": "a",
            "legal_basis": "b", "url": "https://example.org", "as_of": "2026-01-01", "covers_from": "2026-02-01",
            "description": "d"})
    with pytest.raises(ValueError, match="also_binds"):
        DesignationList.model_validate({
            "id": "ll", "title": "t", "jurisdiction": "UN", "kind": "sanctions", "authority": "a",
            "legal_basis": "b", "url": "https://example.org", "as_of": "2026-01-01", "description": "d",
            "also_binds": ["UK"]})
