"""The base of the plain runtime classes (:mod:`legalcheck.models.runtime`): no pydantic, no validation.

Runtime objects hold data that the pydantic models have already validated (the compiled rule snapshot, an
engagement read by :mod:`legalcheck.fast_input`, results the engine builds). They offer the parts of the pydantic
API the code uses on loaded data: ``model_dump`` (python and json modes, aliases, ``exclude_none``,
``exclude_defaults``, ``exclude``), ``model_dump_json``, ``model_copy`` and field equality.
``tests/test_fast_path.py`` checks each against pydantic.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from enum import Enum
from typing import Any, ClassVar

from ..vocabulary import VOCABULARY

_MISSING: Any = object()
FactValue = bool | int | float | str
as_list, as_dict = list, dict  # (a field may be called ``list``)
# One field per organisation flag of the vocabulary in use, as the pydantic model has (``create_model``)
FLAGS = tuple(f.id for f in VOCABULARY.organisation_flags)
FLAG_DEFAULTS = {f.id: f.default for f in VOCABULARY.organisation_flags}


class RuntimeModel:
    """A plain object with the fields of one pydantic model (``_fields``, in the model's order)."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _aliases: ClassVar[dict[str, str]] = {}
    _defaults: ClassVar[dict[str, Any]] = {}
    _private: ClassVar[tuple[str, ...]] = ()
    __hash__ = None  # type: ignore[assignment]  # like a pydantic model: mutable, compared by value

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields) + ")"

    def model_dump(self, *, mode: str = "python", by_alias: bool = False, exclude_none: bool = False,
                   exclude_defaults: bool = False, exclude: set[str] | None = None) -> dict[str, Any]:
        opts = (mode == "json", by_alias, exclude_none, exclude_defaults)
        return _dump_model(self, opts, exclude)

    def model_dump_json(self, *, by_alias: bool = False, exclude_none: bool = False,
                        exclude_defaults: bool = False) -> str:
        data = self.model_dump(mode="json", by_alias=by_alias, exclude_none=exclude_none,
                               exclude_defaults=exclude_defaults)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Any:
        new = copy.deepcopy(self) if deep else copy.copy(self)
        if update:
            new.__dict__.update(update)
        return new


def _dump_model(obj: RuntimeModel, opts: tuple[bool, bool, bool, bool], exclude: set[str] | None) -> dict[str, Any]:
    _json, by_alias, exclude_none, exclude_defaults = opts
    out: dict[str, Any] = {}
    state = obj.__dict__
    for name in obj._fields:
        if exclude and name in exclude:
            continue
        value = state[name]
        if exclude_none and value is None:
            continue
        if exclude_defaults and name in obj._defaults and _equal_default(value, obj._defaults[name]):
            continue
        out[obj._aliases.get(name, name) if by_alias else name] = _dump(value, opts)
    return out


def _equal_default(value: Any, default: Any) -> bool:
    return type(value) is type(default) and value == default if isinstance(default, RuntimeModel) else \
        value == default


def _dump(value: Any, opts: tuple[bool, bool, bool, bool]) -> Any:
    if isinstance(value, RuntimeModel):
        return _dump_model(value, opts, None)
    if isinstance(value, list | tuple):
        return [_dump(v, opts) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v, opts) for k, v in value.items()}
    if hasattr(value, "__pydantic_fields__"):  # a pydantic model set into a runtime object (model_copy)
        return value.model_dump(mode="json" if opts[0] else "python", by_alias=opts[1], exclude_none=opts[2],
                                exclude_defaults=opts[3])
    if opts[0]:
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, dt.date):
            return value.isoformat()
    return value


def coerce_float(value: Any) -> Any:
    """A number as pydantic stores it in a ``float`` field."""
    return value if type(value) is float else float(value)


def coerce_outcome(value: Any) -> Any:
    """An outcome as pydantic stores it (the engine passes members already: returned as they are)."""
    if type(value) is _outcome():
        return value
    return _outcome()(value)


def coerce_outcomes(value: dict[str, Any]) -> dict[str, Any]:
    cls = _outcome()
    return {k: v if type(v) is cls else cls(v) for k, v in value.items()}


_OUTCOME: list[Any] = []


def _outcome() -> Any:
    """The ``Outcome`` enum (imported on first use, then kept)."""
    if not _OUTCOME:
        from .enums import Outcome

        _OUTCOME.append(Outcome)
    return _OUTCOME[0]
