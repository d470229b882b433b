"""Shared building blocks of the data model."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .behaviour import PeriodBehaviour
from .enums import FunderKind, Layer, OrgType, Outcome, Purpose

__all__ = [
    "FunderKind",
    "Id",
    "Layer",
    "OrgType",
    "Outcome",
    "Period",
    "Purpose",
    "ShortText",
    "Source",
    "StrictModel",
    "Text",
    "Url",
]

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._\-]*[a-z0-9]$", max_length=120)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class StrictModel(BaseModel):
    """Every model rejects unknown keys: a misspelled key is an error, never ignored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=False, defer_build=True)


class Source(StrictModel):
    """A citation: what was read, where."""

    title: ShortText
    url: Url
    quote: Text | None = None
    kind: str | None = Field(default=None, description="primary | secondary | case | guidance")


class Period(StrictModel, PeriodBehaviour):
    """Dates in force. ``to`` is the first day on which it no longer applies (exclusive)."""

    from_: dt.date = Field(alias="from")
    to: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.to is not None and self.to <= self.from_:
            raise ValueError(f"'to' ({self.to}) must be after 'from' ({self.from_})")
        return self
