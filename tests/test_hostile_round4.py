"""Hostile and careless input, round 4 (red team): each test is an attack that found a defect, kept so that the
defect stays fixed. Single-command cases are in tests/bad_inputs/cases.yaml (ids starting ``r4-``)."""

from __future__ import annotations

import datetime as dt

from legalcheck.designation_status import CounterpartScreen, list_status
from legalcheck.models.designations import Designation
from legalcheck.screening import NameMatch

SRC = [{"title": "t", "url": "https://example.org/x"}]
DAY = dt.date(2026, 1, 1)


def _entry(entry_id: str, entity: str, name: str) -> Designation:
    return Designation.model_validate({"id": entry_id, "entity": entity, "name": name, "listed_from": "2010-01-01",
                                       "sources": SRC})


def _match(list_id: str, e: Designation, score: float, match: bool) -> NameMatch:
    return NameMatch(list_id=list_id, designation=e, matched_name=e.name, query="Movement", score=score, match=match,
                     kind="fuzzy", explanation="e")


# ---- a close match to a group on one list hid a resemblance to another group on the list a rule reads ----------

def test_close_identification_elsewhere_does_not_clear_a_resemblance_on_this_list() -> None:
    """"Movement" matched an alias "ML Movement" of Katiba Macina (EU list, 0.93) and resembled "Nujaba Movement"
    (Harakat al-Nujaba, us-fto, 0.82): the US status was "identified on other lists but is not on us-fto", so a
    per diem to it was `permitted` under US law. The resemblance on us-fto now keeps it ambiguous."""
    macina = _entry("eu.macina", "katiba-macina", "Katiba Macina")
    nujaba = _entry("us.nujaba", "harakat-al-nujaba", "Harakat al-Nujaba")
    cs = CounterpartScreen("g", "Movement", [_match("eu", macina, 0.93, True), _match("us", nujaba, 0.82, False)])
    st = list_status(cs, "us", [nujaba], DAY)
    assert st.state == "ambiguous"
    assert "Harakat al-Nujaba" in st.explanation and "Katiba Macina" in st.explanation
    assert list_status(cs, "eu", [macina], DAY).state == "designated"


def test_exact_identification_elsewhere_still_answers_not_listed() -> None:
    """Control: an exact identification (score 1.0) is certain; a faint resemblance to another group on the list
    read does not make it ambiguous (the Taliban are not "Tehrik-e Taliban Pakistan")."""
    taliban = _entry("us.taliban", "taliban", "Taliban")
    ttp = _entry("un.ttp", "ttp", "Tehrik-e Taliban Pakistan")
    cs = CounterpartScreen("g", "Taliban", [_match("us", taliban, 1.0, True), _match("un", ttp, 0.77, False)])
    st = list_status(cs, "un", [ttp], DAY)
    assert st.state == "not_listed" and "identified on other lists" in st.explanation
