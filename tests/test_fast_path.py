"""The pydantic-free read path (issue 15) against the pydantic models, its one source of truth.

* the runtime classes (``legalcheck/models/runtime.py``) are what the generator makes of the models today, and
  match them field by field (names, order, aliases, defaults, methods);
* the compiled snapshot's runtime objects dump exactly as the validated pydantic objects do;
* the strict fast reader of engagements (``legalcheck/fast_input.py``) accepts only what pydantic accepts, and
  builds equal objects (every example, scenario and hostile input, and thousands of mutations of the examples);
* every example and scenario gives byte-identical JSON and Markdown on the fast path and on the pydantic path
  (engagement validated by pydantic, rules read from the YAML), and every hostile input the same messages.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from legalcheck import fast_input
from legalcheck.errors import InputError
from legalcheck.models import runtime
from legalcheck.models import runtime_gen as gen
from legalcheck.models.engagement import Engagement
from legalcheck.models.result import Result
from legalcheck.yamlio import LineMap, load_document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "engagements").glob("*.yaml"))
SCENARIOS = sorted((ROOT / "tests" / "scenarios").rglob("*.yaml"))
BAD = sorted((ROOT / "tests" / "bad_inputs" / "engagements").iterdir())
DUMPS = [{}, {"mode": "json"}, {"mode": "json", "by_alias": True, "exclude_none": True},
         {"by_alias": True, "exclude_defaults": True}, {"mode": "json", "exclude_defaults": True}]


def typed(value: Any) -> Any:
    """``value`` with the type of every leaf, so that 1 and 1.0, or "a" and an enum member, differ."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


# ------------------------------------------------------------------------------------------ runtime classes
def test_the_runtime_module_is_generated_from_the_models() -> None:
    assert not gen.drift(), "legalcheck/models/runtime.py is out of date: run `legalcheck schemas --write`"


@pytest.mark.parametrize("model", gen.models(), ids=lambda m: m.__name__)
def test_runtime_class_matches_its_model_field_by_field(model: type[BaseModel]) -> None:
    cls = getattr(runtime, model.__name__)
    assert cls._fields == tuple(model.model_fields)
    for name, f in model.model_fields.items():
        assert cls._aliases.get(name, name) == (f.alias or name)
        if f.is_required():
            assert name not in cls._defaults
        else:
            assert typed(cls._defaults[name]) == typed(gen._default(f)) or isinstance(cls._defaults[name],
                                                                                    runtime.RuntimeModel)
    mixins = {c.__name__ for c in model.__mro__ if c.__module__.endswith(".behaviour")}
    assert mixins == {c.__name__ for c in cls.__mro__ if c.__module__.endswith(".behaviour")}
    assert set(getattr(model, "__private_attributes__", {})) == set(cls._private)


@pytest.fixture(scope="module")
def both_rulesets() -> tuple[Any, Any]:
    from legalcheck.ruleset import _load_ruleset

    validated = _load_ruleset(None)
    return validated, gen.runtime_ruleset(validated)


def _rule_objects(rs: Any) -> Iterator[Any]:
    yield from rs.activity_kinds.values()
    yield from rs.facts.values()
    yield from rs.groups.values()
    yield from rs.lists.values()
    for j in rs.jurisdictions.values():
        yield j.meta
        yield from j.instruments.values()
        yield from [*j.prohibitions, *j.exemptions, *j.coverage]


def test_snapshot_objects_dump_as_the_validated_models(both_rulesets: tuple[Any, Any]) -> None:
    validated, rt = both_rulesets
    pairs = list(zip(_rule_objects(validated), _rule_objects(rt), strict=True))
    assert len(pairs) > 100
    for p, r in pairs:
        assert isinstance(r, runtime.RuntimeModel) and type(r).__name__ == type(p).__name__
        for kw in DUMPS:
            assert typed(r.model_dump(**kw)) == typed(p.model_dump(**kw)), (type(p).__name__, kw)
    for p, r in zip(validated.lists.values(), rt.lists.values(), strict=True):
        assert (p.review_due, p.answers_until) == (r.review_due, r.answers_until)
        for pe, re_ in zip(p.entries, r.entries, strict=True):
            assert pe.model_dump_json(by_alias=True, exclude_defaults=True) == re_.model_dump_json(
                by_alias=True, exclude_defaults=True)
            assert (pe.margin_days, pe.names()) == (re_.margin_days, re_.names())


# ------------------------------------------------------------------------------------------ engagement reader
def _documents() -> Iterator[tuple[str, Any]]:
    for f in EXAMPLES:
        yield f.name, load_document(f)[0]
    for f in SCENARIOS:
        yield f.name, load_document(f)[0]["engagement"]
    for f in BAD:
        try:
            yield f.name, load_document(f)[0]
        except (InputError, RecursionError):
            continue


_EDITS: list[Any] = [None, True, False, 0, 1, 2, -1, 1.5, float("nan"), "", "x", "yes", "UK", "int", "gb", "zz",
                     "2024-05-01", dt.date(1985, 1, 1), dt.datetime(2024, 5, 1, 0, 0), "a" * 2001, "ab\u202ecd",
                     "\ud800", [], ["x"], ["GB", "gb"], {}, {"k": 1}, "DELETE"]


def _paths(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield (*path, k)
            yield from _paths(v, (*path, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc[:2]):
            yield (*path, i)
            yield from _paths(v, (*path, i))


def _edited(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(doc)
    parent = out
    for k in path[:-1]:
        parent = parent[k]
    if value == "DELETE":
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return out


def _mutations() -> Iterator[tuple[str, Any]]:
    for f in EXAMPLES:
        doc = load_document(f)[0]
        for path in _paths(doc):
            for value in _EDITS:
                yield f"{f.name}:{path}={value!r:.20}", _edited(doc, path, value)
            if isinstance(_edited(doc, path, {}), dict) and isinstance(_get(doc, path), dict):
                yield f"{f.name}:{path}+unknown", _edited(doc, path, {**_get(doc, path), "unknwon_key": 1})


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for k in path:
        doc = doc[k]
    return doc


def _agrees(name: str, data: Any) -> bool:
    """Whether the fast reader agrees with pydantic on ``data``; returns whether it took the fast path."""
    fast = fast_input.fast_engagement(data)
    try:
        model = Engagement.model_validate(data)
    except (ValidationError, RecursionError):
        assert fast is None, f"{name}: the fast reader accepted what pydantic refuses"
        return False
    if fast is not None:
        for kw in DUMPS:
            assert typed(fast.model_dump(**kw)) == typed(model.model_dump(**kw)), f"{name}: {kw}"
    return fast is not None


def test_fast_reader_agrees_with_pydantic_on_every_document() -> None:
    taken = [_agrees(name, data) for name, data in _documents()]
    assert sum(taken) > 100  # the examples and scenarios take the fast path


def test_fast_reader_agrees_with_pydantic_on_mutations_of_the_examples() -> None:
    taken = [_agrees(name, data) for name, data in _mutations()]
    assert len(taken) > 3000 and 0 < sum(taken) < len(taken)


def test_every_engagement_model_field_has_a_fast_check() -> None:
    for model in gen.models():
        if model.__module__.endswith(".engagement"):
            assert set(fast_input.SPECS[model.__name__]) == set(model.model_fields), model.__name__


# ------------------------------------------------------------------------------------------ whole outputs
@pytest.fixture()
def pydantic_path(monkeypatch: pytest.MonkeyPatch, both_rulesets: tuple[Any, Any]) -> None:
    """Engagements validated by pydantic, rules as read from the YAML (pydantic objects)."""
    import legalcheck.ruleset

    monkeypatch.setattr(fast_input, "ENABLED", False)
    monkeypatch.setattr(legalcheck.ruleset, "load_ruleset", lambda *a, **k: both_rulesets[0])


def _outputs(files: list[Path]) -> dict[str, Any]:
    from legalcheck.service import check_documents

    out: dict[str, Any] = {}
    for f in files:
        for fmt in ("json", "md"):
            try:
                out[f"{f.name}.{fmt}"] = check_documents(f, fmt=fmt, memo_date=dt.date(2026, 1, 1))[0]
            except InputError as exc:
                out[f"{f.name}.{fmt}"] = [p.render() for p in exc.problems]
    return out


def _scenario_outputs(rules: Any) -> dict[str, str]:
    from legalcheck.engagement_io import engagement_from_data
    from legalcheck.engine import Checker
    from legalcheck.scenarios import load_scenario

    out = {}
    for f in SCENARIOS:
        sc = load_scenario(f)
        eng = engagement_from_data(sc.engagement, LineMap(str(f)), str(f), rules)
        result = Checker(rules).check(eng, as_of=sc.as_of)
        text = json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False)
        # the runtime result is what pydantic would build from the same values
        assert text == json.dumps(Result.model_validate(result.model_dump()).model_dump(mode="json"), indent=2,
                                  ensure_ascii=False), f.name
        out[f.name] = text
    return out


def test_examples_and_hostile_inputs_give_the_same_bytes_on_both_paths(request: pytest.FixtureRequest) -> None:
    files = [*EXAMPLES, *(f for f in BAD if f.stat().st_size < 100_000)]
    fast = _outputs(files)
    request.getfixturevalue("pydantic_path")
    slow = _outputs(files)
    assert fast.keys() == slow.keys()
    for key in fast:
        assert fast[key] == slow[key], key
    assert sum(isinstance(v, str) for v in fast.values()) >= 2 * len(EXAMPLES)


def test_scenarios_give_the_same_results_on_both_paths(both_rulesets: tuple[Any, Any],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _scenario_outputs(both_rulesets[1])
    monkeypatch.setattr(fast_input, "ENABLED", False)
    slow = _scenario_outputs(both_rulesets[0])
    assert fast == slow


def test_a_snapshot_round_trip_checks_the_examples_as_the_validated_rules(both_rulesets: tuple[Any, Any]) -> None:
    from legalcheck import snapshot
    from legalcheck.engagement_io import load_engagement
    from legalcheck.engine import Checker

    validated, rt = both_rulesets
    loaded = snapshot._unpickle(snapshot.dumps(rt)[snapshot.HEAD:])
    assert snapshot._runtime(loaded) and not snapshot._runtime(validated)
    for f in EXAMPLES:
        texts = []
        for rules in (validated, loaded):
            eng, digest = load_engagement(f, rules)
            result = Checker(rules).check(eng, input_sha256=digest)
            texts.append(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
        assert texts[0] == texts[1], f.name
