"""Shared building blocks of the data model."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._\-]*[a-z0-9]$", max_length=120)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class StrictModel(BaseModel):
    """Every model rejects unknown keys: a misspelled key is an error, never ignored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=False, defer_build=True)


class Layer(StrEnum):
    criminal = "criminal"
    sanctions = "sanctions"


class Outcome(StrEnum):
    """Outcomes, most restrictive first."""

    prohibited = "prohibited"
    needs_review = "needs_review"
    licensed = "licensed"
    exempt = "exempt"
    permitted = "permitted"
    not_applicable = "not_applicable"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]

    @staticmethod
    def strictest(outcomes: list[Outcome], default: Outcome) -> Outcome:
        if not outcomes:
            return default
        return max(outcomes, key=lambda o: o.severity)


_SEVERITY = {
    Outcome.prohibited: 5,
    Outcome.needs_review: 4,
    Outcome.licensed: 3,
    Outcome.exempt: 2,
    Outcome.permitted: 1,
    Outcome.not_applicable: 0,
}


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


class OrgType(StrEnum):
    impartial_humanitarian_organisation = "impartial_humanitarian_organisation"
    ngo_humanitarian = "ngo_humanitarian"
    ngo_peacebuilding = "ngo_peacebuilding"
    ngo_human_rights = "ngo_human_rights"
    ngo_development = "ngo_development"
    national_ngo = "national_ngo"
    un_agency = "un_agency"
    international_organisation = "international_organisation"
    government = "government"
    company = "company"
    individual = "individual"


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
