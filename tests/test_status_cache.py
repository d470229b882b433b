"""A checker remembers each counterpart's screen and list statuses across checks (``reach._own_status``,
``designation_status.list_status``, ``horizon.not_listed_before_coverage``). Those answers belong to one rule set:
when the designation data changes in the same process (a server reloading its data into a kept checker, a
``legalcheck test`` run after a data edit, the rule set object reused for new data), the next check answers from
the new data, exactly as a fresh checker does."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from legalcheck.engagement_io import load_engagement
from legalcheck.engine import Checker
from legalcheck.models.runtime import Result
from legalcheck.ruleset import RuleSet, load_ruleset

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "bad_inputs" / "rules" / "_base"
ENGAGEMENT = {
    "title": "Convoy", "date": "2024-05-01", "purpose": "humanitarian",
    "organisation": {"name": "Test NGO", "type": "ngo_humanitarian", "incorporated_in": "CH",
                     "staff": [{"nationality": "US"}]},
    "counterparts": [{"id": "g", "name": "Alpha Front"}], "location": {"country": "SO"},
    "activities": [{"id": "a", "kind": "checkpoint_payment", "counterpart": "g"}],
}


def _outcomes(result: Result) -> dict:
    """Everything the check says (its provenance names the rules hash, which differs by design)."""
    return result.model_dump(mode="json", exclude={"provenance"})


@pytest.fixture
def two(tmp_path: Path) -> tuple[RuleSet, RuleSet, Path]:
    """The same rules before and after Alpha Front's delisting (2002), and an engagement naming it (2024)."""
    folder = tmp_path / "rules"
    shutil.copytree(BASE, folder)
    before = load_ruleset(folder)
    lst = folder / "designations" / "us-test.yaml"
    lst.write_text(lst.read_text(encoding="utf-8").replace("listed_from: 2001-01-01",
                                                           "listed_from: 2001-01-01\n    listed_to: 2002-01-01"),
                   encoding="utf-8")
    after = load_ruleset(folder)
    assert after.sha256 != before.sha256
    eng = tmp_path / "e.yaml"
    eng.write_text(yaml.safe_dump(ENGAGEMENT), encoding="utf-8")
    return before, after, eng


def _reload_into_the_checker(checker: Checker, after: RuleSet) -> None:
    checker.rules = after


def _reload_into_the_same_object(checker: Checker, after: RuleSet) -> None:
    """The rule set object kept and given the new data: the same ``id``, another SHA-256."""
    checker.rules.__dict__.clear()
    checker.rules.__dict__.update(after.__dict__)


@pytest.mark.parametrize("reload", [_reload_into_the_checker, _reload_into_the_same_object], ids=lambda f: f.__name__)
def test_a_kept_checker_never_answers_from_the_old_designation_data(two: tuple[RuleSet, RuleSet, Path],
                                                                    reload: Callable[[Checker, RuleSet], None]) -> None:
    before, after, path = two
    eng, _ = load_engagement(path, before)
    fresh_before = _outcomes(Checker(before).check(eng))
    fresh_after = _outcomes(Checker(after).check(eng))
    assert fresh_before != fresh_after  # the delisting changes the answer
    assert fresh_before["counterparts"][0]["status"] == "designated"
    assert fresh_after["counterparts"][0]["status"] != "designated"
    kept = Checker(dataclasses.replace(before))  # its own rule set object (one of the reloads reuses it)
    assert _outcomes(kept.check(eng)) == fresh_before  # warm: the statuses of the old data are remembered
    reload(kept, after)
    assert _outcomes(kept.check(eng)) == fresh_after
    assert _outcomes(kept.check(eng)) == fresh_after  # and remembered again, for the new data
