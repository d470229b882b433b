"""Shared building blocks of the data model."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ..vocabulary import VOCABULARY

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._\-]*[a-z0-9]$", max_length=120)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class StrictModel(BaseModel):
    """Every model rejects unknown keys: a misspelled key is an error, never ignored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=False, defer_build=True)


Layer = StrEnum(  # type: ignore[misc]
    "Layer", [(x.id, x.id) for x in VOCABULARY.layers], module=__name__, qualname="Layer"
)
"""Layers of law (members from the vocabulary's ``layers``)."""


class _OutcomeEnum(StrEnum):
    """Outcomes, most restrictive first (members from the vocabulary's ``outcomes``, plan-row statuses left out)."""

    @property
    def severity(self) -> int:
        return VOCABULARY.severity(self.value)

    @staticmethod
    def strictest(outcomes: list[Outcome], default: Outcome) -> Outcome:
        if not outcomes:
            return default
        return max(outcomes, key=lambda o: o.severity)


Outcome = _OutcomeEnum(  # type: ignore[call-overload]
    "Outcome", [(o, o) for o in VOCABULARY.engine_outcomes], module=__name__, qualname="Outcome"
)
Outcome.__doc__ = "Outcomes, most restrictive first."


class Source(StrictModel):
    """A citation: what was read, where."""

    title: ShortText
    url: Url
    quote: Text | None = None
    kind: str | None = Field(default=None, description="primary | secondary | case | guidance")


class Period(StrictModel):
    """Dates in force. ``to`` is the first day on which it no longer applies (exclusive)."""

    from_: dt.date = Field(alias="from")
    to: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.to is not None and self.to <= self.from_:
            raise ValueError(f"'to' ({self.to}) must be after 'from' ({self.from_})")
        return self

    def contains(self, day: dt.date) -> bool:
        return self.from_ <= day and (self.to is None or day < self.to)

    def label(self) -> str:
        return f"from {self.from_.isoformat()}" + (f" until {self.to.isoformat()} (exclusive)" if self.to else "")


OrgType = StrEnum(  # type: ignore[misc]
    "OrgType", [(t, t) for t in VOCABULARY.organisation_types], module=__name__, qualname="OrgType"
)


class Purpose(StrEnum):
    humanitarian = "humanitarian"
    peacebuilding = "peacebuilding"
    political_dialogue = "political_dialogue"
    development = "development"
    human_rights = "human_rights"


class FunderKind(StrEnum):
    government = "government"
    eu_institution = "eu_institution"
    un = "un"
    private = "private"
