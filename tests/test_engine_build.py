"""Result objects the engine builds without the runtime constructors (``engine.build.trusted``, issue 15) are the
objects those constructors make from the same fields: every field given, lists new and not the rule data's,
outcomes ``Outcome`` members. Checked on every example (also as of three dates) and every scenario."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import rules as session_rules

from legalcheck.engagement_io import engagement_from_data, load_engagement
from legalcheck.engine import Checker, build, component, exemptions, finding
from legalcheck.models.enums import Outcome
from legalcheck.ruleset import RuleSet
from legalcheck.scenarios import load_scenario
from legalcheck.yamlio import LineMap

ROOT = Path(__file__).resolve().parents[1]


def _rule_lists(rules: RuleSet) -> set[int]:
    """The ids of the lists of the rule data a component or exemption could share by mistake."""
    out: set[int] = set()
    for j in rules.jurisdictions.values():
        for p in j.prohibitions:
            out |= {id(p.provisions), id(p.sources)}
        for e in j.exemptions:
            out |= {id(e.provisions), id(e.conditions)}
    return out


def test_engine_built_objects_equal_constructed_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = session_rules()
    shared = _rule_lists(rules)
    seen: dict[str, int] = {}

    def checked(cls: type, **fields: Any) -> Any:
        obj = build.trusted(cls, **fields)
        assert set(fields) == set(cls._fields), (cls.__name__, set(cls._fields) ^ set(fields))
        assert obj == cls(**fields), cls.__name__
        for name, value in fields.items():
            if isinstance(value, list | tuple | dict):
                assert type(value) is (dict if isinstance(value, dict) else list), (cls.__name__, name)
                assert id(value) not in shared, (cls.__name__, name)
        if "outcome" in fields and fields["outcome"] is not None:
            assert type(fields["outcome"]) is Outcome, cls.__name__
        seen[cls.__name__] = seen.get(cls.__name__, 0) + 1
        return obj

    for mod in (component, exemptions, finding):
        monkeypatch.setattr(mod, "trusted", checked)
    examples = sorted((ROOT / "examples" / "engagements").glob("*.yaml"))
    for path in examples:
        eng, _ = load_engagement(path, rules)
        for as_of in (None, dt.date(2015, 3, 1), dt.date(2021, 6, 1)):
            Checker(rules).check(eng, as_of)
    for path in sorted((ROOT / "tests" / "scenarios").rglob("*.yaml")):
        sc = load_scenario(path)
        eng = engagement_from_data(sc.engagement, LineMap(str(path)), str(path), rules)
        Checker(rules).check(eng, as_of=sc.as_of)
    assert examples and {"Component", "Citation", "Finding", "ExemptionConsidered"} <= set(seen)


def test_a_check_leaves_no_cyclic_garbage() -> None:
    """``Checker.evaluate`` pauses the cyclic collector on the premise that the engine builds no reference cycles:
    everything a check allocates is freed by reference counting."""
    import gc

    rules = session_rules()
    for path in sorted((ROOT / "examples" / "engagements").glob("*.yaml")):
        eng, _ = load_engagement(path, rules)
        checker = Checker(rules)
        checker.check(eng)
        gc.collect()
        gc.disable()
        try:
            for as_of in (None, dt.date(2015, 3, 1)):
                checker.check(eng, as_of)
            assert not gc.isenabled()  # the caller's setting is kept
            assert gc.collect() == 0, path.name
        finally:
            gc.enable()
        assert gc.isenabled()
