"""The hand-written value classes (legalcheck.records) behave as the dataclasses they replace: same constructor
(field order, defaults), equality, hash, repr, immutability, copies and pickles."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from pathlib import Path
from typing import Any

import pytest

from legalcheck.coverage import CoverageCell
from legalcheck.errors import InputError, Problem
from legalcheck.paths import DataFolder
from legalcheck.predicates import Compiled, Verdict, _Case
from legalcheck.questions import Question
from legalcheck.records import FrozenInstanceError, FrozenRecord, Record
from legalcheck.screening.index import EntryRef, Hit, NameIndex, _Stored
from legalcheck.screening.matcher import NameMatch
from legalcheck.screening.scoring import Alignment
from legalcheck.service import Checked
from legalcheck.vocabulary import CoreVocabulary, FlagTerm, FlagWay, JurisdictionTerm, LayerTerm, OutcomeTerm

F = dataclasses.field
L, D, HIDDEN = "<list>", "<dict>", "<dict, not in repr>"  # default factories (a Field serves one field only)
# class: (the dataclass it was: fields as (name, default or field()), frozen, slots), values for its fields
SPECS: dict[type, tuple[list[tuple[str, Any]], bool, bool, tuple[Any, ...]]] = {
    Problem: ([("file", ...), ("message", ...), ("line", None), ("field", None), ("expected", None), ("found", None),
               ("severity", "error")], False, False, ("f.yaml", "bad", 3, "a.b", "x", "y", "warning")),
    InputError: ([("problems", L)], False, False, ([Problem("f", "m")],)),
    Checked: ([("result", ...), ("eng", ...), ("rules", ...), ("file", ...), ("redact", False)], True, False,
              (1, 2, 3, "f", True)),
    DataFolder: ([("path", ...), ("source", ...)], True, False, (Path("/x"), "checkout")),
    JurisdictionTerm: ([("code", ...), ("name", ...)], True, False, ("CH", "Switzerland")),
    OutcomeTerm: ([("id", ...), ("label", ...), ("plain", ...), ("short", ...), ("colour", None), ("row_only", False)],
                  True, False, ("a", "b", "c", "d", "FF0000", True)),
    FlagTerm: ([("id", ...), ("question", ...), ("label", ...), ("memo_label", None), ("description", None),
                ("default", None), ("way_forward", None)], True, False, ("a", "b?", "c", "d", "e", True, None)),
    FlagWay: ([("kind", ...), ("heading", ...), ("how", ...), ("value", True)], True, False,
              ("un_partner", "h", "how", False)),
    LayerTerm: ([("id", ...), ("plain_breach", ...)], True, False, ("criminal", "a crime")),
    CoreVocabulary: ([("jurisdictions", ...), ("outcomes", ...), ("organisation_types", ...),
                      ("organisation_flags", ...), ("activity_kinds", ...), ("out_of_scope", ()), ("layers", ())],
                     True, False, ((), (), ("ngo",), (), ("training",), ("x",), ())),
    _Stored: ([("path", ...), ("offset", ...)], True, False, (Path("/i"), 7)),
    EntryRef: ([("list_id", ...), ("payload", ...)], False, False, ("un-1267", "{}")),
    Hit: ([("name", ...), ("score", ...), ("kind", ...), ("explanation", ...)], True, True, (3, 0.9, "fuzzy", "why")),
    NameIndex: ([("entries", L), ("lists", D), ("name_entry", L), ("name_text", L), ("name_kind", L), ("name_norm", L),
                 ("name_tokens", L), ("name_phon", L), ("tok_post", D), ("variants", D), ("joined_post", D),
                 ("weak_post", D), ("_sets", HIDDEN)], False, False,
                ([EntryRef("l", "{}")], {"l": {}}, [0], ["A"], ["name"], ["a"], ["a"], ["a"], {"a": [0]}, {"a": ["a"]},
                 {"a": [0]}, {}, {"a": frozenset({0})})),
    NameMatch: ([("list_id", ...), ("designation", ...), ("matched_name", ...), ("query", ...), ("score", ...),
                 ("match", ...), ("kind", ...), ("explanation", ...)], True, False,
                ("l", "d", "A", "a", 1.0, True, "exact", "why")),
    Question: ([("text", ...), ("key", None), ("scope", "activity"), ("about", None), ("no_fact", None)], True, False,
               ("Who?", "counterpart", "counterpart", "cp1", None)),
    Verdict: ([("value", ...), ("reasons", L), ("questions", L)], False, False, (True, ["r"], [])),
    _Case: ([("eng", ...), ("act", ...), ("purpose", ...), ("facts", ...), ("memo", None)], True, False,
            ("e", "a", "p", (), None)),
    Compiled: ([("tests", ...), ("label", ...), ("reads_activity", ...), ("key", ...)], True, False,
               ((), "lbl", False, "k")),
    CoverageCell: ([("jurisdiction", ...), ("activity_kind", ...), ("status", ...), ("rules", ()), ("decision", None)],
                   True, False, ("CH", "training", "engaged", ("r1",), None)),
    Alignment: ([("score", ...), ("pairs", ...), ("extra_query", ...), ("extra_candidate", ...), ("joined", False)],
                True, True, (0.5, (("a", "a", 1.0),), ("x",), (), True)),
}


FACTORIES = (L, D, HIDDEN)


def _field(default: Any) -> Any:
    if default in FACTORIES:
        return F(default_factory=list if default == L else dict, repr=default != HIDDEN)
    return F(default=default)


def _reference(cls: type, fields: list[tuple[str, Any]], frozen: bool, slots: bool) -> type:
    spec = [(n, Any) if d is ... else (n, Any, _field(d)) for n, d in fields]
    return dataclasses.make_dataclass(cls.__name__, spec, frozen=frozen, slots=slots)


def _params(cls: type) -> list[tuple[str, Any]]:
    return [(p.name, p.default) for p in inspect.signature(cls.__init__).parameters.values()][1:]


@pytest.mark.parametrize("cls", list(SPECS), ids=lambda c: c.__name__)
def test_each_record_behaves_as_the_dataclass_it_replaces(cls: type) -> None:
    fields, frozen, slots, values = SPECS[cls]
    ref = _reference(cls, fields, frozen, slots)
    assert issubclass(cls, FrozenRecord if frozen else Record) and cls._fields == tuple(n for n, _ in fields)
    assert hasattr(cls, "__dict__") and (("__dict__" not in dir(cls(*values))) if slots else True)
    for (name, default), (pname, pdefault) in zip(fields, _params(cls), strict=True):
        assert name == pname
        assert pdefault is inspect.Parameter.empty if default is ... else (
            pdefault is None if default in FACTORIES else pdefault == default)
    a, r = cls(*values), ref(*values)
    b = cls(**{n: v for (n, _), v in zip(fields, values, strict=True)})
    assert repr(a).removeprefix(cls.__qualname__) == repr(r).removeprefix(ref.__qualname__)
    assert a == b and not (a != b) and a != r and (a == object()) is False
    if frozen:
        assert hash(a) == hash(b) == hash(r)
        with pytest.raises(FrozenInstanceError):
            a.x = 1  # type: ignore[attr-defined]
        with pytest.raises(AttributeError):
            del a.x  # type: ignore[attr-defined]
    else:
        with pytest.raises(TypeError):
            hash(a)
    assert copy.copy(a) == a and copy.deepcopy(a) == a and pickle.loads(pickle.dumps(a)) == a
    assert a.replace() == a and a.replace() is not a
    assert a.replace(**{fields[0][0]: values[-1]}) != a or values[0] == values[-1]
    with pytest.raises(TypeError):
        a.replace(no_such_field=1)


def test_input_error_is_still_an_exception_with_its_problems() -> None:
    err = InputError.single("f.yaml", "bad", line=2)
    assert isinstance(err, Exception) and str(err) == "f.yaml:2: error: bad"
    assert err.problems[0].__dict__ == {"file": "f.yaml", "message": "bad", "line": 2, "field": None,
                                        "expected": None, "found": None, "severity": "error"}
    with pytest.raises(InputError) as caught:
        raise err
    assert caught.value is err
    with pytest.raises(ValueError):
        Question("neither a key nor a reason")
