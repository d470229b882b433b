"""Loose ends of issue 14: the action list names what counsel is asked, staleness covers every list a finding's
rules read and every rule past its review date."""

from __future__ import annotations

from memo_helpers import EXAMPLES, run

SWISS = EXAMPLES / "swiss-ngo-somalia.yaml"


def _counsel(example: str) -> str:
    out = run("check", str(EXAMPLES / example), "--format", "md", "--memo-date", "2026-12-01")[1]
    summary = out.split("## 1. Summary", 1)[1].split("## 2. Question", 1)[0]
    return next(line for line in summary.splitlines() if "**Ask counsel**" in line)


def test_ask_counsel_names_the_unsettled_points_once_each() -> None:
    line = _counsel("swiss-ngo-somalia.yaml")
    # the Swiss points: reach and the two unsettled rules (from the data's `unsettled` reasons); whether al-Shabaab
    # is a group banned with Al-Qaïda is a fact (aq_is_related_group), asked under "Answer"
    assert "Switzerland law for a, b, c, d — its reach, “For a group within the ruling, whether this" in line
    assert "“Switzerland has no list of terrorist organisations”" in line
    assert line.count("“Switzerland has no list") == 1  # three activities, said once
    assert "United States law for b, c — its reach" in line
    # EU and UN law on d turn on a fact (is the facility run by the group?): asked under "Answer", not of counsel
    assert "European Union" not in line and "UN Security Council" not in line
    out = run("check", str(SWISS), "--format", "md", "--memo-date", "2026-12-01")[1]
    answer = next(x for x in out.split("## 2. Question", 1)[0].splitlines() if "**Answer**" in x)
    assert "facility_run_by_group" in answer
    assert "aq_is_related_group at counterparts\\[shabaab\\]" in answer
    kenya = _counsel("kenyan-ngo-gedo.yaml")
    assert "unverified rule text" in kenya and "“The text of s.9A was not read”" in kenya
    assert "residence" not in kenya  # facts are asked under "Answer", not of counsel


def _late(memo_date: str = "2031-01-01") -> list[str]:
    return run("check", str(SWISS), "--format", "md", "--memo-date", memo_date)[1].splitlines()


def test_staleness_covers_every_list_a_rule_reads_and_rules_not_engaged() -> None:
    lines = _late()
    # us.2339b engaged on us-fto (its trigger); the GTSR rule reads two lists, both are named beside it
    gtsr = lines.index(next(x for x in lines if "OFAC general licence for NGO activities" in x))
    after = lines[gtsr:gtsr + 6]
    assert any("list us-sdgt was due for re-checking on" in x for x in after)
    assert any("list us-fto was due for re-checking on" in x for x in after)
    # a rule found not engaged because the group is not on its list: that list may be out of date, said beside it
    quiet = next(i for i, x in enumerate(lines) if x.startswith("- No prohibition found under")
                 and "ch.ndg.art74 (the counterpart is on none of their lists)" in x)
    assert lines[quiet + 1] == "  - Out of date? list ch-ndg74 was due for re-checking on 2027-11-27."
    # a rule past its review_by on the memo date, also when not engaged
    assert any("rule ch.ndg.art74 was due for review on 2027-12-31." in x
               for x in lines[quiet + 1:quiet + 4])
    assert not [x for x in _late("2026-12-01") if "Out of date?" in x]
