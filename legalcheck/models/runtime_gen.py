"""Generate :mod:`legalcheck.models.runtime` from the pydantic models, and turn validated models into runtime objects.

The pydantic models stay the one source of truth: the runtime classes are written from their fields (names,
order, aliases, defaults) by :func:`render`, checked in, and ``legalcheck schemas`` reports them out of date like
the JSON Schemas (``legalcheck schemas --write`` rewrites both). Methods come from :mod:`.behaviour`, which both
inherit. :func:`to_runtime` copies validated pydantic objects into runtime objects (the compiled snapshot holds
those, so loading it imports no pydantic).
"""

from __future__ import annotations

import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..vocabulary import VOCABULARY
from . import behaviour
from .designations import DesignationList
from .engagement import Engagement
from .enums import Outcome
from .result import ConnectionOut, Result
from .rules import RuleFile, Vocabulary

TARGET = Path(__file__).with_name("runtime.py")
ROOTS: tuple[type[BaseModel], ...] = (Vocabulary, RuleFile, DesignationList, Engagement, Result, ConnectionOut)
HEADER = '''"""Plain runtime classes of the data model, GENERATED from the pydantic models by
:mod:`legalcheck.models.runtime_gen` (``legalcheck schemas --write``): do not edit by hand.

One class per pydantic model, with the same name, fields (in order), aliases and defaults, and the same methods
(from :mod:`legalcheck.models.behaviour`); no validation: the objects hold data the pydantic models validated, or
that the engine builds. ``legalcheck schemas`` fails when this file is out of date.
"""

# ruff: noqa: E501
from __future__ import annotations

from typing import Any

from ..vocabulary import VOCABULARY
from .behaviour import (
    ActivityBehaviour,
    ConditionBehaviour,
    DesignationBehaviour,
    DesignationListBehaviour,
    PeriodBehaviour,
    VersionedBehaviour,
)
from .enums import FunderKind, Layer, OrgType, Outcome, Purpose
from .runtime_base import _MISSING, RuntimeModel, coerce_float, coerce_outcome, coerce_outcomes

_list, _dict = list, dict
FactValue = bool | int | float | str
_FLAGS = tuple(f.id for f in VOCABULARY.organisation_flags)
_FLAG_DEFAULTS = {f.id: f.default for f in VOCABULARY.organisation_flags}
'''


def models() -> list[type[BaseModel]]:
    """Every model reachable from the roots, dependencies first (each once)."""
    seen: list[type[BaseModel]] = []
    entered: set[type[BaseModel]] = set()

    def visit(model: type[BaseModel]) -> None:
        if model in entered:
            return
        entered.add(model)
        for f in model.model_fields.values():
            for sub in _models_in(f.annotation):
                visit(sub)
        seen.append(model)

    for root in ROOTS:
        visit(root)
    names = [m.__name__ for m in seen]
    dupes = {n for n in names if names.count(n) > 1}
    assert not dupes, f"two models share a name: {dupes}"
    return seen


def _models_in(tp: Any) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for a in typing.get_args(tp) for m in _models_in(a)]


def _literal(value: Any) -> str:
    """Python source for a default value."""
    if isinstance(value, Enum):
        return f"{type(value).__name__}({value.value!r})"
    if isinstance(value, BaseModel):
        args = ", ".join(f"{k}={_literal(getattr(value, k))}" for k, f in type(value).model_fields.items()
                         if getattr(value, k) != f.default)
        return f"{type(value).__name__}({args})"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_literal(v)}" for k, v in value.items()) + "}"
    assert value is None or isinstance(value, (bool, int, float, str)), value
    return repr(value)


def _default(field: Any) -> Any:
    return field.default_factory() if field.default_factory is not None else field.default


def _coercion(name: str, tp: Any) -> str:
    """How ``__init__`` stores argument ``name`` so that the object equals what pydantic would build (pydantic
    copies lists and dicts, turns ints into floats and outcome names into :class:`Outcome` members)."""
    optional = type(None) in typing.get_args(tp) and isinstance(tp, types.UnionType)
    core = [a for a in typing.get_args(tp) if a is not type(None)] if optional else [tp]
    if len(core) != 1:
        return name
    one, origin = core[0], typing.get_origin(core[0])
    if one is float:
        expr = f"coerce_float({name})"
    elif one is Outcome:
        expr = f"coerce_outcome({name})"
    elif origin is dict and typing.get_args(one)[1] is Outcome:
        expr = f"coerce_outcomes({name})"
    elif origin is list:
        expr = f"_list({name})"
    elif origin is dict:
        expr = f"_dict({name})"
    else:
        return name
    return f"None if {name} is None else {expr}" if optional else expr


def _render_class(model: type[BaseModel]) -> str:
    fields = model.model_fields
    mixins = [c.__name__ for c in model.__mro__ if c.__module__ == behaviour.__name__]
    flags = [n for n in fields if n in VOCABULARY.flag_ids]
    names = [n for n in fields if n not in flags]
    lines = [f"class {model.__name__}({', '.join(['RuntimeModel', *mixins])}):",
             f'    """Runtime twin of :class:`{model.__module__}.{model.__qualname__}`."""', ""]
    if flags:  # one field per organisation flag of the vocabulary in use (as the pydantic model)
        at = list(fields).index(flags[0])
        lines.append(f"    _fields = ({', '.join(repr(n) for n in names[:at])}, *_FLAGS, "
                     f"{', '.join(repr(n) for n in names[at:])})")
    else:
        lines.append(f"    _fields = ({''.join(repr(n) + ', ' for n in names)})")
    aliases = {n: f.alias for n, f in fields.items() if f.alias and f.alias != n}
    if aliases:
        lines.append(f"    _aliases = {aliases!r}")
    defaults = {n: _default(f) for n, f in fields.items() if not f.is_required() and n not in flags}
    if defaults or flags:
        body = ", ".join(f"{n!r}: {_literal(v)}" for n, v in defaults.items())
        lines.append(f"    _defaults = {{{body}{', **_FLAG_DEFAULTS' if flags else ''}}}")
    private = tuple(getattr(model, "__private_attributes__", {}))
    if private:
        lines.append(f"    _private = {private!r}")
    lines.append("")
    lines += _render_init(model, names, flags)
    return "\n".join(lines)


def _render_init(model: type[BaseModel], names: list[str], flags: list[str]) -> list[str]:
    fields = model.model_fields
    params = []
    for n in names:
        f = fields[n]
        params.append(f"{n}: Any" if f.is_required() else f"{n}: Any = _MISSING")
    kw = ", **flags: Any" if flags else ""
    lines = [f"    def __init__(self, *, {', '.join(params)}{kw}) -> None:" if params else
             "    def __init__(self) -> None:"]
    for n in names:
        f = fields[n]
        value = _coercion(n, f.annotation)
        if not f.is_required():
            value = f"{_literal(_default(f))} if {n} is _MISSING else {value}"
        lines.append(f"        self.{n} = {value}")
    if flags:
        lines.append("        for flag in _FLAGS:")
        lines.append("            setattr(self, flag, flags.pop(flag, _FLAG_DEFAULTS[flag]))")
        lines.append("        if flags:")
        lines.append("            raise TypeError(f'unknown fields: {sorted(flags)}')")
    for p, attr in getattr(model, "__private_attributes__", {}).items():
        lines.append(f"        self.{p} = {_literal(attr.get_default())}")
    if len(lines) == 1:
        lines.append("        pass")
    return lines


def render() -> str:
    """The source of :mod:`legalcheck.models.runtime`."""
    ms = models()
    body = "\n\n\n".join(_render_class(m) for m in ms)
    enums = ["FactValue", "FunderKind", "Layer", "OrgType", "Outcome", "Purpose", "RuntimeModel"]
    exported = sorted([m.__name__ for m in ms] + enums)
    names = "".join(f'    "{n}",\n' for n in exported)
    return f"{HEADER}\n__all__ = [\n{names}]\n\n\n{body}\n"


def drift() -> bool:
    """Whether the checked-in runtime module differs from what the models give."""
    return not TARGET.is_file() or TARGET.read_text(encoding="utf-8") != render()


def write() -> Path:
    TARGET.write_text(render(), encoding="utf-8")
    return TARGET


def to_runtime(obj: Any, memo: dict[int, Any] | None = None) -> Any:
    """A runtime copy of a validated pydantic object (lists, dicts and tuples of them too; shared objects stay
    shared). The fields are copied as validated: nothing is converted twice."""
    from . import runtime

    memo = {} if memo is None else memo
    hit = memo.get(id(obj))
    if hit is not None:
        return hit
    if isinstance(obj, BaseModel):
        cls = getattr(runtime, type(obj).__name__)
        new = cls.__new__(cls)
        memo[id(obj)] = new
        state = {n: to_runtime(getattr(obj, n), memo) for n in type(obj).model_fields}
        state.update(obj.__pydantic_private__ or {})
        new.__dict__.update(state)
        return new
    if isinstance(obj, list):
        return [to_runtime(v, memo) for v in obj]
    if isinstance(obj, tuple):
        return tuple(to_runtime(v, memo) for v in obj)
    if isinstance(obj, dict):
        return {k: to_runtime(v, memo) for k, v in obj.items()}
    return obj


def runtime_ruleset(rs: Any) -> Any:
    """The rule set ``rs`` (validated pydantic objects) with runtime objects in their place, ready to pickle."""
    from dataclasses import replace

    memo: dict[int, Any] = {}
    conv = lambda obj: to_runtime(obj, memo)  # noqa: E731
    jurisdictions = {code: replace(j, meta=conv(j.meta), instruments=conv(j.instruments),
                                   prohibitions=conv(j.prohibitions), exemptions=conv(j.exemptions),
                                   coverage=conv(j.coverage)) for code, j in rs.jurisdictions.items()}
    return replace(rs, activity_kinds=conv(rs.activity_kinds), facts=conv(rs.facts), groups=conv(rs.groups),
                   jurisdictions=jurisdictions, lists=conv(rs.lists), _screener=None)


if __name__ == "__main__":  # python -m legalcheck.models.runtime_gen
    print(write())
