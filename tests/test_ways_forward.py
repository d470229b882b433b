"""Ways forward: one test per kind of alternative, each on a real engagement run through the real rules.

Each test asserts the alternative is offered with the outcome the engine gives on the changed facts and the rule
that makes the difference, and that the real result is left as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import rules
from memo_helpers import EXAMPLES

from legalcheck.engagement_io import load_engagement
from legalcheck.engine import Checker
from legalcheck.models.engagement import Engagement
from legalcheck.models.result import Result
from legalcheck.ways_forward import WayForward, ways_forward

SWISS = EXAMPLES / "swiss-ngo-somalia.yaml"
KENYAN = EXAMPLES / "kenyan-ngo-gedo.yaml"
UK = EXAMPLES / "uk-peacebuilding-dialogue-readiness.yaml"


def _load(path: Path, tmp: Path, change: Any = None) -> tuple[Engagement, Result]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("$schema", None)
    if change:
        change(data)
    f = tmp / f"{path.stem}.yaml"
    f.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    eng, _ = load_engagement(f, rules())
    return eng, Checker(rules()).check(eng)


def _ways(eng: Engagement, result: Result, activity: str, kind: str) -> list[WayForward]:
    before = result.model_dump_json()
    out = [w for w in ways_forward(result, eng, rules()) if w.activity == activity and w.kind == kind]
    assert result.model_dump_json() == before  # the real outcome is never changed
    return out


def test_staff_of_another_nationality(tmp_path: Path) -> None:
    eng, result = _load(SWISS, tmp_path)
    (w,) = _ways(eng, result, "a", "staff")
    assert "nationality CH instead of US" in w.description
    assert ("US", "prohibited", "needs_review") in w.outcomes
    assert any(d.startswith("us.2339b ") and "PROHIBITED → NEEDS REVIEW" in d for d in w.differences)


def test_without_the_funder_that_brings_a_jurisdiction_in(tmp_path: Path) -> None:
    eng, result = _load(SWISS, tmp_path)
    (w,) = _ways(eng, result, "b", "funder")
    assert "US Department of State (PRM)" in w.description
    assert w.outcomes == [("US", "needs_review", "not_applicable")]
    assert any("US law no longer reaches the activity" in d and "us.2339b" in d for d in w.differences)


def test_delivered_in_kind_instead_of_cash(tmp_path: Path) -> None:
    def benefits(data: dict[str, Any]) -> None:  # the travel money benefits the group: prohibited under the UN freeze
        data["activities"][2]["facts"] = {"benefits_group": True}

    eng, result = _load(UK, tmp_path, benefits)
    (w,) = _ways(eng, result, "c", "delivery")
    assert "in kind" in w.description
    assert ("UN", "prohibited", "needs_review") in w.outcomes and w.before == "prohibited"
    assert any(d.startswith("un.somalia.asset-freeze") for d in w.differences)


def test_nothing_of_value_passing_is_offered_only_when_it_helps(tmp_path: Path) -> None:
    def before_2664(data: dict[str, Any]) -> None:
        data["date"] = "2022-11-01"
        data["activities"] = [dict(data["activities"][2], date="2022-11-01")]

    eng, result = _load(SWISS, tmp_path, before_2664)
    (w,) = _ways(eng, result, "c", "delivery")
    assert "nothing of value" in w.description and ("UN", "needs_review", "permitted") in w.outcomes


def test_after_a_known_date_a_licence_or_exemption_takes_effect(tmp_path: Path) -> None:
    def before_2664(data: dict[str, Any]) -> None:
        data["date"] = "2022-11-01"
        data["activities"] = [dict(data["activities"][2], date="2022-11-01")]

    eng, result = _load(SWISS, tmp_path, before_2664)
    (w,) = _ways(eng, result, "c", "later")
    assert "2022-12-09" in w.description  # UNSCR 2664 (2022) in force
    assert ("UN", "needs_review", "exempt") in w.outcomes


def test_under_a_specific_licence_with_where_and_how_to_apply(tmp_path: Path) -> None:
    eng, result = _load(SWISS, tmp_path)
    (w,) = _ways(eng, result, "a", "licence")
    assert w.apply is not None and "2339B(j)" in w.apply[0] and "Secretary of State" in w.apply[1]
    assert w.apply[2] and w.apply[3].startswith("https://")
    assert ("US", "prohibited", "licensed") in w.outcomes
    eng, result = _load(KENYAN, tmp_path)
    (w,) = _ways(eng, result, "a", "licence")  # the Kenyan authorisation helps nothing under UK law: not offered
    assert "National Crime Agency" in w.apply[1] and ("UK", "prohibited", "licensed") in w.outcomes


def test_through_a_un_agency_or_2664_partner(tmp_path: Path) -> None:
    def national_ngo(data: dict[str, Any]) -> None:
        data["organisation"].update(type="national_ngo", un_plan_participant=False, implementing_partner=False)
        data["funders"] = []
        data["activities"] = [data["activities"][2]]

    eng, result = _load(SWISS, tmp_path, national_ngo)
    (w,) = _ways(eng, result, "c", "un_partner")
    assert "implementing partner" in w.description
    assert any(j == "UN" and a in ("exempt", "permitted") for j, _, a in w.outcomes)


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_way_improves_and_only_prohibited_or_review_activities_get_ways(example: Path, tmp_path: Path) -> None:
    from legalcheck.vocabulary import VOCABULARY

    eng, result = _load(example, tmp_path)
    ways = ways_forward(result, eng, rules())
    outcomes = {a.id: a.outcome.value for a in result.activities}
    assert ways
    for w in ways:
        assert outcomes[w.activity] in ("prohibited", "needs_review")
        assert w.outcomes and w.differences
        for _, before, after in w.outcomes:
            assert VOCABULARY.severity(after) < VOCABULARY.severity(before)


def test_redacted_memo_has_the_same_ways_forward_computed_on_the_real_engagement(tmp_path: Path) -> None:
    """A redacted engagement screens placeholders; the ways forward are computed before redaction."""
    import re

    from memo_helpers import render

    def ways(*extra: str) -> list[str]:
        md = render(UK, "md", tmp_path, *extra).decode("utf-8")
        section = md.split("## 9. Ways forward", 1)[1].split("\n## ", 1)[0]
        return re.findall(r"^- \*\*\S+\*\* ([^:]+):.* — (.*)$", section, flags=re.M)

    plain, redacted = ways(), ways("--redact")
    assert plain and [k for k, _ in plain] == [k for k, _ in redacted]
    assert [o for _, o in plain] == [o for _, o in redacted]
