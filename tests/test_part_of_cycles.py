"""``part_of`` cycles (a group recorded as part of its own part) are refused: in designation data by ``validate`` and
every command that loads the rules (one error naming the file and line of every entry of the cycle, on one list or
across lists), in an engagement's counterparts as bad input (exit 2, the line of each member). The engine follows
``part_of`` one step only, so even a cycle it is handed in memory cannot make it go round."""

from __future__ import annotations

import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from legalcheck.cycles import cycles
from legalcheck.engagement_io import load_engagement
from legalcheck.engine import Checker
from legalcheck.errors import InputError
from legalcheck.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "bad_inputs" / "rules" / "_base"
SOURCE = [{"title": "Test listing", "url": "https://www.state.gov/foreign-terrorist-organizations/"}]


def test_cycles_of_links() -> None:
    assert cycles([("wing", "group"), ("members", "group")]) == []
    assert cycles([("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]) == [["a", "b", "c"]]
    assert cycles([("x", "x"), ("a", "b")]) == [["x"]]
    assert cycles([("a", "b"), ("b", "a"), ("c", "d"), ("d", "c")]) == [["a", "b"], ["c", "d"]]


def _entry(ident: str, entity: str, part_of: str | None) -> dict:
    extra = {"covers": "part", "scope_note": "a wing", "part_of": part_of} if part_of else {}
    return {"id": ident, "entity": entity, "name": entity.replace("-", " ").title(), "listed_from": "2001-01-01",
            **extra, "sources": SOURCE}


def _list(folder: Path, list_id: str, entries: list[dict]) -> None:
    data = yaml.safe_load((BASE / "designations" / "us-test.yaml").read_text(encoding="utf-8"))
    data.update(id=list_id, entries=entries)
    (folder / "designations" / f"{list_id}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(BASE, dst)
    shutil.copytree(ROOT / "schemas", dst / "schemas")
    return dst


def test_a_cycle_across_lists_is_refused_with_every_member_located(copy: Path) -> None:
    _list(copy, "us-test", [_entry("us-test.alpha", "alpha-front", "gamma-front"),
                            _entry("us-test.beta", "beta-front", "alpha-front")])
    _list(copy, "us-other", [_entry("us-other.gamma", "gamma-front", "beta-front"),
                             _entry("us-other.delta", "delta-front", "alpha-front")])  # part of the cycle's group
    with pytest.raises(InputError) as exc:
        load_ruleset(copy)
    (p,) = [p for p in exc.value.problems if "part_of cycle" in p.message]
    gamma, alpha, beta = (_line(copy, f, e) for f, e in (("us-other", "gamma"), ("us-test", "alpha"),
                                                          ("us-test", "beta")))
    assert (p.file, p.line) == ("designations/us-other.yaml", gamma)
    for member in (f"gamma-front part_of beta-front (designations/us-other.yaml:{gamma})",
                   f"alpha-front part_of gamma-front (designations/us-test.yaml:{alpha})",
                   f"beta-front part_of alpha-front (designations/us-test.yaml:{beta})"):
        assert member in p.message
    assert "delta-front" not in p.message and p.found == "a cycle of alpha-front, beta-front, gamma-front"


def _line(folder: Path, list_id: str, entry: str) -> int:
    """The line of the entry ``<list_id>.<entry>`` (its ``- id:``) in the list file."""
    text = (folder / "designations" / f"{list_id}.yaml").read_text(encoding="utf-8").splitlines()
    return next(i + 1 for i, x in enumerate(text) if x.strip() == f"- id: {list_id}.{entry}")


def test_a_group_part_of_itself_is_refused(copy: Path) -> None:
    _list(copy, "us-test", [_entry("us-test.alpha", "alpha-front", "alpha-front")])
    line = _line(copy, "us-test", "alpha")
    with pytest.raises(InputError, match=rf"alpha-front part_of alpha-front \(designations/us-test.yaml:{line}\)"):
        load_ruleset(copy)


def test_a_wing_part_of_its_group_is_accepted(copy: Path) -> None:
    _list(copy, "us-test", [_entry("us-test.alpha", "alpha-front", None),
                            _entry("us-test.wing", "alpha-front-wing", "alpha-front")])
    assert len(load_ruleset(copy).lists["us-test"].entries) == 2


ENGAGEMENT = {
    "title": "Talks", "date": "2024-05-01", "purpose": "humanitarian",
    "organisation": {"name": "Test NGO", "type": "ngo_humanitarian", "incorporated_in": "CH",
                     "staff": [{"nationality": "US"}]},
    "counterparts": [{"id": "g", "name": "Alpha Front"},
                     {"id": "w", "name": "Alpha Front Wing", "kind": "wing", "part_of": "g"}],
    "location": {"country": "SO"},
    "activities": [{"id": "a", "kind": "dialogue_meeting", "counterpart": "w"}],
}


def test_a_counterpart_cycle_is_bad_input_at_each_members_line(tmp_path: Path) -> None:
    eng = yaml.safe_load(yaml.safe_dump(ENGAGEMENT))
    eng["counterparts"][0]["part_of"] = "w"
    f = tmp_path / "e.yaml"
    f.write_text(yaml.safe_dump(eng, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_engagement(f, load_ruleset(BASE))
    (p,) = exc.value.problems
    lines = f.read_text(encoding="utf-8").splitlines()
    at = {cid: next(i + 1 for i, x in enumerate(lines) if f"part_of: {other}" in x)
          for cid, other in (("g", "w"), ("w", "g"))}
    assert "'g', 'w' are part_of one another" in p.message and p.line == at["g"]
    assert f"'g' at {f}:{at['g']}; 'w' at {f}:{at['w']}" in p.message


@pytest.fixture
def deadline() -> Iterator[None]:
    def stop(*_: object) -> None:
        raise TimeoutError("the engine went round a part_of cycle")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_the_engine_follows_part_of_one_step_even_round_a_cycle_in_memory(copy: Path, tmp_path: Path,
                                                                           deadline: None) -> None:
    _list(copy, "us-test", [_entry("us-test.alpha", "alpha-front", None),
                            _entry("us-test.wing", "alpha-front-wing", "alpha-front")])
    rules = load_ruleset(copy)
    alpha = rules.lists["us-test"].entries[0]
    alpha.part_of, alpha.covers = "alpha-front-wing", "part"  # a cycle no loaded data can hold
    f = tmp_path / "e.yaml"
    f.write_text(yaml.safe_dump(ENGAGEMENT), encoding="utf-8")
    eng, _ = load_engagement(f, rules)
    result = Checker(rules).check(eng)
    assert {x.jurisdiction: x.outcome.value for x in result.findings}["US"] in ("prohibited", "needs_review")
