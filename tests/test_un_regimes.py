"""The curated per-regime UN lists are generated from the real consolidated list and kept current."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import ROOT, shared_path

from legalcheck.errors import InputError
from legalcheck.importers import un_regimes
from legalcheck.importers.un_regimes import REGIMES, build_regime_lists, render


@pytest.fixture(scope="module")
def xml() -> Path:
    return shared_path("data", "lists", "un_sc_consolidated_2026-02-27", "consolidated.xml")


def test_checked_in_files_are_what_the_generator_writes(xml: Path) -> None:
    for lst in build_regime_lists(xml):
        path = ROOT / "designations" / f"{lst.id}.yaml"
        assert path.read_text(encoding="utf-8") == render(lst), (
            f"{path.name} is stale: run legalcheck designations un-regimes {xml} --out designations")


def test_houthis_are_listed_for_the_arms_embargo_not_the_asset_freeze(xml: Path) -> None:
    lists = {lst.id: lst for lst in build_regime_lists(xml)}
    (houthis,) = lists["un-yemen-arms-embargo"].entries
    assert (houthis.reference, houthis.entity, str(houthis.listed_from)) == ("YEe.001", "ansarallah", "2022-02-28")
    assert "ANSARALLAH" in houthis.aliases and "2216" in (houthis.sources[0].quote or "")
    assert all(e.type == "person" for e in lists["un-yemen"].entries)
    leader = next(e for e in lists["un-yemen"].entries if e.reference == "YEi.004")
    assert leader.name == "ABDULMALIK AL-HOUTHI" and str(leader.listed_from) == "2015-04-14"


def test_key_groups_carry_the_list_dates(xml: Path) -> None:
    entries = {e.reference: e for lst in build_regime_lists(xml) for e in lst.entries}
    expected = {"CDe.006": "2012-12-31", "CDe.001": "2014-06-30", "CFe.002": "2016-03-07",
                "HTe.002": "2025-07-08", "SSi.002": "2015-07-01", "SDi.008": "2026-02-24", "LYi.028": "2018-11-16"}
    assert {r: str(entries[r].listed_from) for r in expected} == expected
    assert "NALU" in entries["CDe.001"].weak_aliases  # short acronyms are exact-match only


def test_a_selected_reference_missing_from_the_file_is_an_error(xml: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = dataclasses.replace(REGIMES[0], refs={**REGIMES[0].refs, "YEi.999": None})
    monkeypatch.setattr(un_regimes, "REGIMES", (broken,))
    with pytest.raises(InputError, match=r"YEi\.999"):
        build_regime_lists(xml)


def test_a_reference_from_another_regime_is_an_error(xml: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = dataclasses.replace(REGIMES[0], refs={"SOe.001": "al-shabaab"})
    monkeypatch.setattr(un_regimes, "REGIMES", (broken,))
    with pytest.raises(InputError, match=r"SOe\.001"):
        build_regime_lists(xml)


def test_unencoded_regimes_list_takes_every_entity_no_encoded_list_takes(xml: Path) -> None:
    from legalcheck.importers.un_regimes import build_unencoded_list

    lst = build_unencoded_list(xml)
    assert (ROOT / "designations" / f"{lst.id}.yaml").read_text(encoding="utf-8") == render(lst)
    assert not lst.regime_encoded and set(lst.also_binds) == {"UK", "EU", "CH", "KE", "US"}
    refs = {e.reference for e in lst.entries}
    assert {"KPe.001", "KPi.001", "QDi.001"} <= refs and not refs & {r for regime in REGIMES
                                                                                for r in regime.refs}
    orgs = {e.scope_note for e in lst.entries if e.type == "organisation"}
    assert {"UN DPRK list", "UN Iran list", "UN Iraq list"} <= orgs
    # the entities of the regimes kept by hand are held there; their individuals (leaders) are not, so they are here
    assert not orgs & {"UN Al-Qaida list", "UN Taliban list", "UN Somalia list"}
    people = {e.scope_note for e in lst.entries if e.type == "person"}
    assert {"UN Al-Qaida list", "UN Taliban list", "UN Somalia list", "UN DPRK list"} <= people


def test_a_counterpart_on_an_unencoded_regime_is_needs_review_and_unknown_elsewhere() -> None:
    from conftest import rules

    from legalcheck.engine import Checker
    from legalcheck.models.common import Outcome
    from legalcheck.models.engagement import Engagement

    eng = Engagement.model_validate({
        "title": "t", "date": "2024-06-01", "purpose": "humanitarian",
        "organisation": {"name": "X", "type": "ngo_humanitarian", "incorporated_in": "US",
                         "staff": [{"nationality": "US"}]},
        "counterparts": [{"id": "k", "name": "Korea Mining Development Trading Corporation"}],
        "location": {"country": "KP"}, "activities": [{"id": "a", "kind": "payment_fees_authorities"}]})
    findings = {f.jurisdiction: f for f in Checker(rules()).check(eng).findings}
    assert findings["UN"].outcome == Outcome.needs_review
    assert "listed under a regime legalcheck does not encode" in findings["UN"].summary.lower()
    # the unencoded list never makes the group "known": US screening still treats it as an unknown group
    assert findings["US"].outcome == Outcome.needs_review
