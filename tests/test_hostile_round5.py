"""Hostile input, round 5 (red team): how a counterpart's name, aliases, ``kind`` and ``part_of`` decide the outcome.
Each test is an attack that found a defect, kept so that the defect stays fixed; the scenarios named ``hostile5-*``
under tests/scenarios/ are the end-to-end cases."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from conftest import rules

from legalcheck.engagement_io import engagement_from_data
from legalcheck.engine import Checker
from legalcheck.models.result import Finding, Result
from legalcheck.screening.namewords import institution_word, only_generic
from legalcheck.yamlio import LineMap

FLAGS = {"un_plan_participant": False, "ga_observer": False, "eu_certified_partner": False,
         "implementing_partner": False}
BASE: dict[str, Any] = {
    "title": "t", "date": "2024-05-15", "purpose": "humanitarian",
    "organisation": {"name": "N", "type": "ngo_humanitarian", "incorporated_in": "GB", **FLAGS,
                     "staff": [{"nationality": "GB", "residence": "GB"}]},
    "funders": [{"name": "F", "country": "GB", "kind": "private"}],
    "counterparts": [{"id": "c", "name": "Hamas"}],
    "location": {"country": "SO", "area": "Gedo"},
    "activities": [{"id": "a", "kind": "checkpoint_payment", "counterpart": "c", "arranged_from": ["GB"]}],
}


def _check(name: str, **cp: Any) -> Result:
    data = copy.deepcopy(BASE)
    data["counterparts"] = [{"id": "c", "name": name, **cp}]
    return Checker(rules()).check(engagement_from_data(data, LineMap("t"), "t", rules()))


def _uk(result: Result) -> Finding:
    return next(f for f in result.findings if f.jurisdiction == "UK")


def _keys(f: Finding) -> set[str | None]:
    return {q.key for q in f.open_questions}


# ---- an institution named with its group in brackets was dealt with as the group itself -------------------------

@pytest.mark.parametrize("name", ["Gaza Ministry of Health (Hamas)", "Al Shabaab (Gedo district administration)",
                                  "Hospital of the Taliban (Taliban)"])
def test_institution_named_with_its_group_asks_the_kind(name: str) -> None:
    """The bracketed group name was screened on its own and matched; the counterpart was then dealt with as the
    group's fighters (UK TA 2000 s.15-17 prohibited). The name says ministry / administration / hospital and the
    file gives no kind: needs_review, asking ``kind`` (answered at counterparts[c].kind)."""
    uk = _uk(_check(name))
    if name.startswith("Hospital of the Taliban"):  # not proscribed in the UK: nothing to ask there
        return
    assert uk.outcome == "needs_review"
    assert "kind" in _keys(uk)
    q = next(q for q in uk.open_questions if q.key == "kind")
    assert q.answer_at == "counterparts[c].kind (group, wing, administration, facility, members or intermediary)"


def test_the_group_itself_still_prohibited() -> None:
    """Controls: the group by name, and the institution stated to be the group (kind: group), stay prohibited."""
    assert _uk(_check("Hamas")).outcome == "prohibited"
    assert _uk(_check("Gaza Ministry of Health (Hamas)", kind="group")).outcome == "prohibited"


def test_a_listed_name_with_an_institution_word_is_the_group() -> None:
    """A listed group whose own name has the word ("Mujahidin Shura Council") named as itself asks nothing."""
    assert institution_word("Mujahidin Shura Council in the Environs of Jerusalem",
                            ["Mujahidin Shura Council in the Environs of Jerusalem"]) is None
    assert institution_word("Ministry of Public Health (Taliban)", ["TALIBAN"]) == ("ministry", "administration")
    assert institution_word("Salvation Government hospital", []) == ("government", "administration")


# ---- generic words matched a listed group's translated name: an innocent name became the group --------------------

@pytest.mark.parametrize("name", ["Youth", "The Movement", "Resistance Movement", "Supporters", "The Base"])
def test_generic_words_alone_are_not_an_identification(name: str) -> None:
    """"Youth" matched al-Shabaab ("the Youth") at 1.0, "The Movement" Katiba Macina (0.93), "Resistance
    Movement" the LRA and Hamas (0.9), "Supporters" the Houthis (0.92): a counterpart of that name was designated
    and a checkpoint payment to it prohibited. Now ambiguous: needs_review, asking whether it is the group."""
    r = _check(name)
    assert r.counterparts[0].status == "ambiguous"
    uk = _uk(r)
    assert uk.outcome == "needs_review" and "designated_part" in _keys(uk)
    assert any("generic words" in m.explanation for m in r.counterparts[0].matches)


def test_generic_word_answered_as_the_group_is_prohibited() -> None:
    """The keyed answer settles it: designated_part yes makes "The Base" (a proscribed group) the group."""
    assert _uk(_check("The Base", designated_part="yes")).outcome == "prohibited"


@pytest.mark.parametrize("name", ["Islamic Army", "Party of God", "Hamas", "Al Shabab", "Tamil Tigers"])
def test_names_with_a_distinctive_word_still_match(name: str) -> None:
    assert not only_generic(name)
    assert _check(name).counterparts[0].status == "designated"


# ---- a wing, front or institution named with a listed group's name "matched nothing" -----------------------------

@pytest.mark.parametrize(("name", "group"), [("Hamas Youth Wing", "Hamas"), ("Hezbollah Youth", "Hizballah"),
                                             ("Al-Shabaab Health Office", "Shabaab"),
                                             ("Taliban Ministry of Public Health", "TALIBAN")])
def test_a_name_containing_a_listed_name_says_so_and_asks_part_of(name: str, group: str) -> None:
    """The memo said "matched nothing" and asked for an alias: it now says which listed group the name contains,
    what to check (a wing, branch, institution: part_of) and asks ``part_of``. The outcome stays needs_review."""
    r = _check(name)
    cp = r.counterparts[0]
    assert cp.status == "unknown"
    assert "contains the name of a listed group" in cp.summary and group.casefold() in cp.summary.casefold()
    uk = _uk(r)
    assert uk.outcome == "needs_review" and "part_of" in _keys(uk)


def test_a_name_of_generic_words_only_is_not_said_to_contain_a_group() -> None:
    """"Somali Youth League" (a historical party) matches nothing and names no listed group: "Youth" alone is not
    searched (it would read as al-Shabaab, "the Youth")."""
    cp = _check("Somali Youth League").counterparts[0]
    assert cp.status == "unknown" and "contains" not in cp.summary


def test_part_of_answered_screens_the_wing_through_its_group() -> None:
    """Answering the question: the wing, part of Hamas, is reached through Hamas's listing (UK: prohibited)."""
    data = copy.deepcopy(BASE)
    data["counterparts"] = [{"id": "h", "name": "Hamas", "kind": "group"},
                            {"id": "c", "name": "Hamas Youth Wing", "part_of": "h"}]
    r = Checker(rules()).check(engagement_from_data(data, LineMap("t"), "t", rules()))
    assert _uk(r).outcome == "prohibited"


def test_the_kind_question_can_be_answered_in_the_web_form() -> None:
    """``kind`` is offered as an answer field (``legalcheck new``, web app) and written to counterparts[].kind; the
    answer "Administration" settles the question (the de facto test is then the rule's own)."""
    from legalcheck.interview import apply_answer, open_asks

    data = copy.deepcopy(BASE)
    data["counterparts"] = [{"id": "c", "name": "Gaza Ministry of Health (Hamas)"}]
    result = Checker(rules()).check(engagement_from_data(data, LineMap("t"), "t", rules()))
    ask = next(a for a in open_asks(result, rules()) if a.key == "kind")
    assert ask.counterpart == "c" and ask.type == "str"
    apply_answer(data, ask, "Administration ")
    assert data["counterparts"][0]["kind"] == "administration"
    after = Checker(rules()).check(engagement_from_data(data, LineMap("t"), "t", rules()))
    assert "kind" not in _keys(_uk(after))


# ---- a group named in brackets after another name designated the counterpart as that group ------------------------

@pytest.mark.parametrize("name", ["Yazidi Survivors (Daesh)", "al-Quds Brigades (PIJ)"])
def test_a_bracketed_group_name_alone_does_not_identify_the_counterpart(name: str) -> None:
    """"Yazidi Survivors (Daesh)" was designated as ISIL (its bracketed "Daesh" screened on its own) and a
    checkpoint payment to it was UK prohibited. The name outside the brackets is not a name of the group: the
    counterpart is ambiguous (needs_review, designated_part asked)."""
    r = _check(name)
    assert r.counterparts[0].status == "ambiguous"
    uk = _uk(r)
    assert uk.outcome == "needs_review" and "designated_part" in _keys(uk)
    assert any("bracketed" in m.explanation for m in r.counterparts[0].matches)


@pytest.mark.parametrize("name", ["Kurdistan Workers' Party (PKK)", "HTS (Hay'at Tahrir al-Sham)",
                                  "Harakat al-Shabaab al-Mujahideen (al-Shabaab)",
                                  "Hamas (Izz ad-Din al-Qassam Brigades)"])
def test_a_bracketed_short_form_of_the_same_group_still_identifies_it(name: str) -> None:
    assert _check(name).counterparts[0].status == "designated"


def test_redacted_memo_does_not_quote_the_name_outside_its_brackets() -> None:
    """The bracketed-name explanation quoted "('Yazidi Survivors')" — part of the counterpart's name — in a
    redacted memo; the part-word list quoted "youth, wing". Both are redacted now."""
    from legalcheck.redact import redact_all

    for name, secret in (("Yazidi Survivors (Daesh)", "Yazidi"), ("Hamas Youth Wing", "youth, wing")):
        data = copy.deepcopy(BASE)
        data["counterparts"] = [{"id": "c", "name": name}]
        eng = engagement_from_data(data, LineMap("t"), "t", rules())
        red, _ = redact_all(Checker(rules()).check(eng), eng)
        assert secret not in red.model_dump_json()
