"""Small value classes written out by hand instead of with ``@dataclass`` (issue 15).

``@dataclass`` generates each class's ``__init__``, ``__repr__``, ``__eq__`` (and, frozen, ``__setattr__`` and
``__hash__``) as source text and compiles it when the module is imported: about half a millisecond a class, some
15 ms for the classes a ``check`` imports. A class that derives from :class:`Record` (mutable, unhashable, like a
dataclass with ``eq``) or :class:`FrozenRecord` (immutable and hashable, like ``frozen=True``) lists its fields in
``_fields``, in order, and writes its ``__init__`` (a frozen one sets its fields with :data:`setfield`); the base
gives equality (same class and equal field tuples), a dataclass-style ``repr`` and, frozen, the hash of the field
tuple, ``FrozenInstanceError`` on assignment and pickling through the constructor; ``replace(**changes)`` stands
for ``dataclasses.replace``. ``tests/test_records.py``
compares each class with the dataclass it replaces.
"""

from __future__ import annotations

from typing import Any, ClassVar

setfield = object.__setattr__  # (how a frozen record's __init__ sets its fields, as a frozen dataclass does)


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record (as ``dataclasses.FrozenInstanceError``)."""


class Record:
    """A value object compared field by field (``_fields``): mutable and unhashable, as a dataclass with ``eq``."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _repr_fields: ClassVar[tuple[str, ...] | None] = None  # fields shown by repr (default: every field)

    def _astuple(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f) for f in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._astuple() == other._astuple()  # type: ignore[attr-defined]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def replace(self, **changes: Any) -> Any:
        """A copy with ``changes`` (as ``dataclasses.replace``)."""
        return self.__class__(**{f: changes.pop(f) if f in changes else getattr(self, f) for f in self._fields},
                              **changes)

    def __repr__(self) -> str:
        shown = self._fields if self._repr_fields is None else self._repr_fields
        return f"{self.__class__.__qualname__}(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in shown) + ")"


class FrozenRecord(Record):
    """A :class:`Record` that cannot be changed once made, hashed by its fields (as ``frozen=True``)."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._astuple())

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:  # pickled and copied through the constructor (never by setattr)
        return self.__class__, self._astuple()
