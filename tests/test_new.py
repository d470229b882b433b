"""``legalcheck new``: the questionnaire writes a valid engagement, asks only what a rule of a jurisdiction reaching
the engagement reads, explains its choices, asks plain facts rather than legal conclusions, and can go back."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT, rules

from legalcheck.cli import main
from legalcheck.commands.new import check_draft
from legalcheck.engagement_io import load_engagement
from legalcheck.interview import Basics, open_asks
from legalcheck.yamlio import load_document

DONT_KNOW = "\n" * 60  # every later question left as "don't know"


def _basics(kinds: list[str], staff: list[str], *, inc: str = "UK", funder: tuple[str, str] | None = ("FCDO", "GB"),
            group: str = "Hamas", country: str = "QA") -> list[str]:
    ids = list(rules().activity_kinds)
    lines = ["Talks in Doha", "2024-06-20", "peacebuilding", "Bridges Peace Dialogue Centre", "ngo_peacebuilding",
             inc, *staff, ""]
    lines += [funder[0], funder[1], "government", ""] if funder else [""]
    lines += [group, "Harakat al-Muqawama al-Islamiya" if group == "Hamas" else "", country, "Doha",
              ",".join(str(ids.index(k) + 1) for k in kinds)]
    for n in range(len(kinds)):
        lines.append(f"activity {n + 1}")
        if len(set(staff)) > 1:
            lines.append("")
    return lines


def test_new_writes_a_valid_engagement_and_asks_the_open_questions(tmp_path: Path) -> None:
    out = tmp_path / "eng.yaml"
    kinds = ["dialogue_meeting", "publish_statement"]
    r = CliRunner().invoke(main, ["new", "-o", str(out)], input="\n".join(_basics(kinds, ["GB", "DE"])) + DONT_KNOW)
    assert r.exit_code == 0, r.output
    eng, _ = load_engagement(out, rules())
    assert eng.organisation.incorporated_in == "GB"  # 'UK' accepted and normalised
    assert [s.nationality for s in eng.organisation.staff] == ["GB", "DE"]
    assert [a.kind for a in eng.activities] == kinds
    assert eng.counterparts[0].name == "Hamas" and eng.counterparts[0].aliases
    assert eng.activities[0].counterpart == "group"  # a meeting involves the group
    assert eng.activities[1].counterpart is None  # publishing a statement does not
    assert eng.location.country == "QA" and eng.location.area == "Doha"
    assert eng.funders[0].kind.value == "government"
    # every open question of the draft was put (all left as "don't know", so the draft's questions are the file's)
    data, _ = load_document(out)
    asks = open_asks(check_draft(data, rules()), rules())
    assert asks
    for a in asks:
        assert a.text in r.output, a.key
    assert "e.g. a mediation centre" in r.output  # organisation types are explained with examples
    assert "e.g. A meeting with a commander" in r.output  # activity kinds too


def test_new_asks_no_uk_or_us_question_without_a_uk_or_us_link(tmp_path: Path) -> None:
    out = tmp_path / "ke.yaml"
    lines = _basics(["dialogue_meeting", "per_diem_payment"], ["KE"], inc="KE", funder=None,
                    group="al-Shabaab", country="SO")
    r = CliRunner().invoke(main, ["new", "-o", str(out)], input="\n".join(lines) + DONT_KNOW)
    assert r.exit_code == 0, r.output
    data, _ = load_document(out)
    asks = open_asks(check_draft(data, rules()), rules())
    assert all(not by.startswith(("US ", "UK ")) for a in asks for by in a.asked_by), asks
    uk_us_only = {"usg_official_business", "nca_consent", "addressed_by_member", "private", "arranged_from"}
    for key in uk_us_only:
        fd = rules().facts.get(key)
        if fd is not None:
            assert fd.question not in r.output, key
    assert not {j.code for j in check_draft(data, rules()).jurisdictions if j.applies} & {"US", "UK"}
    # the same engagement with a US national on the staff is reached by US law (and asked what US rules read)
    lines_us = _basics(["dialogue_meeting", "per_diem_payment"], ["KE", "US"], inc="KE", funder=None,
                       group="al-Shabaab", country="SO")
    r2 = CliRunner().invoke(main, ["new", "-o", str(tmp_path / "us.yaml")], input="\n".join(lines_us) + DONT_KNOW)
    assert r2.exit_code == 0, r2.output
    data_us, _ = load_document(tmp_path / "us.yaml")
    assert "US" in {j.code for j in check_draft(data_us, rules()).jurisdictions if j.applies}


def test_new_asks_facts_not_legal_conclusions() -> None:
    b = Basics(title="Clinic", purpose="humanitarian", org_name="X", org_type="ngo_humanitarian",
               incorporated_in="CH", staff=["CH"], group="al-Shabaab", country="SO")
    from legalcheck.interview import ActivityPlan, engagement_data

    b.date = __import__("datetime").date(2024, 6, 1)
    b.activities = [ActivityPlan("medical_care_members")]
    asks = open_asks(check_draft(engagement_data(b, rules()), rules()), rules())
    plain = {k: f.plain_question for k, f in rules().facts.items() if f.plain_question}  # from the vocabulary
    for a in asks:
        assert "common Article 3" not in a.text and "Geneva Conventions" not in a.text, a.text
        if a.key in plain:
            assert a.legal_wording and a.text == plain[a.key]


def test_a_legal_test_is_asked_in_the_plain_words_of_its_fact() -> None:
    """The Swiss common Article 3 test is asked in the vocabulary fact's ``plain_question``, the legal wording kept
    as help (the words live in the data: tests/test_data_only.py changes them there)."""
    from legalcheck.engine import Checker

    eng, _ = load_engagement(ROOT / "examples" / "engagements" / "swiss-ngo-somalia.yaml", rules())
    asks = {a.key: a for a in open_asks(Checker(rules()).check(eng), rules())}
    fact = rules().facts["impartial_ca3_service"]
    assert fact.plain_question and asks["impartial_ca3_service"].text == fact.plain_question
    assert "common Article 3" in asks["impartial_ca3_service"].legal_wording


def test_new_goes_back_and_reprompts_bad_answers(tmp_path: Path) -> None:
    out = tmp_path / "e.yaml"
    lines = _basics(["dialogue_meeting"], ["GB"])
    lines[1:2] = ["20/06/2024", "2024-06-19", "back", "back", "Talks in Doha, round two", "2024-06-20"]
    lines[lines.index("UK")] = "ZZ\nUK"
    r = CliRunner().invoke(main, ["new", "-o", str(out)], input="\n".join(lines) + DONT_KNOW)
    assert r.exit_code == 0, r.output
    assert "YYYY-MM-DD" in r.output and "unknown country code 'ZZ'" in r.output
    eng, _ = load_engagement(out, rules())
    assert eng.title == "Talks in Doha, round two"  # went back twice, to the title, and changed it
    assert str(eng.date) == "2024-06-20"
    # input ends early: nothing is written, no traceback
    r = CliRunner().invoke(main, ["new", "-o", str(tmp_path / "x.yaml")], input="Only a title\n")
    assert r.exit_code == 1 and not (tmp_path / "x.yaml").exists()
    assert "Traceback" not in r.output
