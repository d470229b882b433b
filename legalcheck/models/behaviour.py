"""Methods and properties of the data model, shared by the pydantic models and the runtime classes.

The pydantic models (the one source of truth for fields and validation) and the plain runtime classes generated
from them (:mod:`legalcheck.models.runtime`) both inherit these mixins, so the engine sees the same behaviour on
either. Nothing here imports pydantic.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

# Some official files (OFAC sdn.csv, two EU annexes) publish no listing date. The model needs one, so
# such entries carry this sentinel and a history note; ``legalcheck screen`` shows it as ``null``.
# (Defined here, not in the importers nor with the pydantic models, so that ``screen`` need import neither.)
DATE_NOT_PUBLISHED = dt.date(1900, 1, 1)

# The fields these methods read are declared by the classes that inherit them (annotations here would become
# pydantic fields).


class PeriodBehaviour:
    __slots__ = ()

    def contains(self, day: dt.date) -> bool:
        return self.from_ <= day and (self.to is None or day < self.to)

    def label(self) -> str:
        return f"from {self.from_.isoformat()}" + (f" until {self.to.isoformat()} (exclusive)" if self.to else "")


class ConditionBehaviour:
    __slots__ = ()

    def met(self, value: Any) -> bool:
        if self.at_least is not None:
            return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= self.at_least
        return value == self.equals  # type: ignore[no-any-return]

    def describe(self) -> str:
        return f"{self.fact} >= {self.at_least}" if self.at_least is not None else f"{self.fact} = {self.equals!r}"


class VersionedBehaviour:
    """A rule with an end date names its successor (the successor's ``supersedes``) or states ``lapsed``."""

    __slots__ = ()

    @property
    def superseded_ids(self) -> list[str]:
        value = getattr(self, "supersedes", None)
        return [] if value is None else [value] if isinstance(value, str) else list(value)


class DesignationBehaviour:
    __slots__ = ()

    @property
    def margin_days(self) -> int | None:
        """How far this entry's unverified dates may be off (None: by any amount; 0 for a verified entry)."""
        if self.verified:
            return 0
        return self.date_margin_days if self.date_margin_days is not None else self._list_margin

    def in_force(self, day: dt.date) -> bool:
        return self.listed_from <= day and (self.listed_to is None or day < self.listed_to)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class DesignationListBehaviour:
    __slots__ = ()

    @property
    def review_due(self) -> dt.date:
        """The last day the data answers for: its check date plus its review interval."""
        return self.as_of + dt.timedelta(days=self.review_days)

    @property
    def answers_until(self) -> dt.date:
        """The first day the data no longer answers for."""
        return self.review_due + dt.timedelta(days=1)


class ActivityBehaviour:
    __slots__ = ()

    def counterpart_ids(self) -> list[str] | None:
        if self.counterpart is None:
            return None
        return [self.counterpart] if isinstance(self.counterpart, str) else list(self.counterpart)
