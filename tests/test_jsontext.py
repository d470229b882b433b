"""legalcheck.jsontext.dumps writes exactly what json.dumps(..., indent=N, ensure_ascii=False) writes."""

from __future__ import annotations

import enum
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legalcheck import jsontext
from legalcheck.engagement_io import engagement_from_data, load_engagement
from legalcheck.engine import Checker
from legalcheck.ruleset import load_ruleset
from legalcheck.scenarios import load_scenario
from legalcheck.yamlio import LineMap

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "engagements").glob("*.yaml"))
SCENARIOS = sorted((ROOT / "tests" / "scenarios").rglob("*.yaml"))


def _same(obj: Any, indent: int = 2) -> None:
    assert jsontext.dumps(obj, indent) == json.dumps(obj, indent=indent, ensure_ascii=False)


def test_every_example_and_scenario_result_is_written_as_json_writes_it() -> None:
    rules = load_ruleset()
    checker = Checker(rules)
    for path in EXAMPLES:
        eng, digest = load_engagement(path, rules)
        _same(checker.check(eng, input_sha256=digest).model_dump(mode="json"))
    for path in SCENARIOS:
        sc = load_scenario(path)
        eng = engagement_from_data(sc.engagement, LineMap(str(path)), str(path), rules)
        _same(checker.check(eng, as_of=sc.as_of).model_dump(mode="json"))


class Colour(enum.Enum):
    RED = "red"


class Word(enum.StrEnum):
    YES = "yes"


class Number(enum.IntEnum):
    ONE = 1


class MyDict(dict):  # type: ignore[type-arg]
    pass


class MyList(list):  # type: ignore[type-arg]
    pass


class MyFloat(float):
    pass


def test_special_values_subclasses_keys_and_indents() -> None:
    for indent in (0, 1, 2, 4):
        _same({"a": [], "b": {}, "c": [[]], "d": [{}], "e": None, "f": True, "g": False, "h": 0, "i": -1.5}, indent)
    _same([math.nan, math.inf, -math.inf, 1e300, 5e-324, -0.0, 10**40, MyFloat(2.5)])
    _same({"w": Word.YES, "n": Number.ONE, "d": MyDict(x=MyList([1, (2, 3)])), "t": ()})
    _same({"s": "\x00\x1f\x7f\u202e\"\\/é😀", "é": "\u2028"})
    _same({2: "int", 2.5: "float", True: "t", False: "f", None: "n", Number.ONE: "x", Word.YES: "y", math.inf: "i"})
    _same("just a string")
    _same(7)
    for bad in ({"a": Colour.RED}, {(1, 2): "tuple key"}, [object()]):
        with pytest.raises(TypeError):
            jsontext.dumps(bad)
        with pytest.raises(TypeError):
            json.dumps(bad, indent=2, ensure_ascii=False)


leaves = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
keys = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
trees = st.recursive(leaves, lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner)
                     | st.dictionaries(keys, inner, max_size=5), max_leaves=40)


@settings(max_examples=300, deadline=None)
@given(trees, st.integers(min_value=0, max_value=4))
def test_random_trees(tree: Any, indent: int) -> None:
    _same(tree, indent)
