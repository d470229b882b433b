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
    # the Swiss points: reach, the two unsettled rules (from the data's `unsettled` reasons), the open coverage of d
    assert "Switzerland law for a, b, c, d — its reach, “The general ruling defines related groups" in line
    assert "“Switzerland has no list of terrorist organisations”" in line
    assert line.count("“Switzerland has no list") == 1  # three activities, said once
    assert "United States law for b, c — its reach;" in line
    # jurisdictions with the same activities and points are named together
    assert "European Union and UN Security Council sanctions (overlay) law for d — its coverage of the activity" in line
    kenya = _counsel("kenyan-ngo-gedo.yaml")
    assert "unverified rule text" in kenya and "“The text of s.9A was not read”" in kenya
    assert "residence" not in kenya  # facts are asked under "Answer", not of counsel
