"""Result objects the engine builds from values it has just made itself.

The generated constructors of the runtime classes (:mod:`legalcheck.models.runtime`) copy every list and coerce
every outcome, as pydantic does, because their callers may pass anything. The engine's own values need neither:
each list it passes is new (or copied here from the rule data) and each outcome is an ``Outcome`` member. It passes
every field, in any order. ``tests/test_engine_build.py`` checks, for every object the engine builds this way on
the examples and scenarios, that it equals the object the class's constructor makes from the same fields.
"""

from __future__ import annotations

from typing import Any, TypeVar

from ..models.runtime_base import RuntimeModel

M = TypeVar("M", bound=RuntimeModel)


def trusted(cls: type[M], **fields: Any) -> M:
    """An object of ``cls`` with exactly ``fields`` (every field of the class; lists new; outcomes members)."""
    obj = cls.__new__(cls)
    obj.__dict__.update(fields)
    return obj
