"""The engagement file (input), format 1."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, create_model, field_validator, model_validator

from ..vocabulary import VOCABULARY, FlagTerm
from .common import FunderKind, Id, OrgType, Purpose, ShortText, StrictModel, Text

# Measured (docs/reliability.md): 2,000 activities take about 10 s and 0.5 GB for the JSON result; the time and
# memory grow linearly, so 100,000 (the former maximum) would need minutes and gigabytes.
MAX_ACTIVITIES = 2_000

FactValue = bool | int | float | str
Country = Annotated[str, StringConstraints(min_length=2, max_length=3)]
LocalId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")]


def _country(value: str) -> str:
    from ..countries import normalise_country

    return normalise_country(value)


class Staff(StrictModel):
    nationality: Country
    role: ShortText | None = None
    name: ShortText | None = None
    residence: Country | None = None
    count: int = Field(default=1, ge=1, le=1_000_000)

    @field_validator("nationality")
    @classmethod
    def _nat(cls, v: str) -> str:
        return _country(v)

    @field_validator("residence")
    @classmethod
    def _res(cls, v: str | None) -> str | None:
        return None if v is None else _country(v)


class _OrganisationIdentity(StrictModel):
    name: ShortText
    type: OrgType
    incorporated_in: Country


def _flag_field(flag: FlagTerm) -> Any:
    kind = bool if flag.default is not None else bool | None
    return (kind, Field(default=flag.default, description=flag.description))


# One optional yes/no field per organisation flag in the vocabulary, in its order (e.g. ``un_plan_participant``).
_OrganisationFlags: type[_OrganisationIdentity] = create_model(
    "_OrganisationFlags",
    __base__=_OrganisationIdentity,
    **{f.id: _flag_field(f) for f in VOCABULARY.organisation_flags},
)


class Organisation(_OrganisationFlags):  # type: ignore[misc,valid-type]
    staff: list[Staff] = Field(default=[], max_length=10_000)

    @field_validator("incorporated_in")
    @classmethod
    def _inc(cls, v: str) -> str:
        if v.upper() == "INT":
            return "INT"
        return _country(v)


class Funder(StrictModel):
    name: ShortText
    country: Country
    kind: FunderKind

    @field_validator("country")
    @classmethod
    def _c(cls, v: str) -> str:
        from ..countries import normalise_funder_country

        return normalise_funder_country(v)


class Counterpart(StrictModel):
    id: LocalId
    name: ShortText
    aliases: list[ShortText] = []
    notes: Text | None = None

    @field_validator("name", "aliases")
    @classmethod
    def _no_bidi(cls, v: str | list[str]) -> str | list[str]:
        from ..screening.confusables import bidi_controls

        for name in [v] if isinstance(v, str) else v:
            controls = bidi_controls(name)
            if controls:
                raise ValueError(
                    f"the name {name!a} contains bidirectional control characters ({', '.join(controls)}), which make "
                    "a name display differently from how it is stored and can hide it from screening: write the "
                    "name without them"
                )
        return v


class Location(StrictModel):
    country: Country
    area: ShortText | None = None

    @field_validator("country")
    @classmethod
    def _c(cls, v: str) -> str:
        return _country(v)


class Activity(StrictModel):
    id: LocalId
    kind: Id
    description: Text | None = None
    performed_by: list[Country] | None = None
    counterpart: LocalId | list[LocalId] | None = None
    date: dt.date | None = None
    purpose: Purpose | None = None
    licences: list[ShortText] = []
    facts: dict[Annotated[str, StringConstraints(max_length=64)], FactValue] = Field(default={}, max_length=200)

    @field_validator("performed_by")
    @classmethod
    def _pb(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else [_country(x) for x in v]

    def counterpart_ids(self) -> list[str] | None:
        if self.counterpart is None:
            return None
        return [self.counterpart] if isinstance(self.counterpart, str) else list(self.counterpart)


class ReadinessCriterion(StrictModel):
    status: Literal["met", "not_met", "unknown"]
    note: Text | None = None


class Actor(StrictModel):
    name: ShortText
    role: Literal["leadership", "local_commander", "enabler", "bystander", "other"]
    note: Text | None = None


class Readiness(StrictModel):
    """Dialogue readiness (USIP 2016): recorded beside the law, never changes a legal outcome."""

    agreed_topics: ReadinessCriterion | None = None
    progress_likely: ReadinessCriterion | None = None
    security_guarantees: ReadinessCriterion | None = None
    local_legitimacy: ReadinessCriterion | None = None
    international_acceptance: ReadinessCriterion | None = None
    can_withdraw: ReadinessCriterion | None = None
    actor_map: list[Actor] = []
    principles_of_engagement: list[ShortText] = []
    disengagement_triggers: list[ShortText] = []
    concession_limits: list[ShortText] = []


class MemoMeta(StrictModel):
    matter: ShortText | None = None
    prepared_by: ShortText | None = None
    reviewed_by: ShortText | None = None
    confidentiality: ShortText | None = None


class Engagement(StrictModel):
    schema_: str | None = Field(default=None, alias="$schema")
    format: Literal[1] = 1
    title: ShortText
    date: dt.date
    purpose: Purpose
    organisation: Organisation
    funders: list[Funder] = Field(default=[], max_length=1000)
    counterparts: list[Counterpart] = Field(default=[], max_length=1000)
    location: Location
    activities: list[Activity] = Field(min_length=1, max_length=MAX_ACTIVITIES)
    readiness: Readiness | None = None
    memo: MemoMeta | None = None

    @model_validator(mode="after")
    def _unique_ids(self) -> Engagement:
        for what, ids in (
            ("activities", [a.id for a in self.activities]),
            ("counterparts", [c.id for c in self.counterparts]),
        ):
            seen: set[str] = set()
            for i in ids:
                if i in seen:
                    raise ValueError(f"duplicate id {i!r} in {what}")
                seen.add(i)
        known = {c.id for c in self.counterparts}
        for a in self.activities:
            for cid in a.counterpart_ids() or []:
                if cid not in known:
                    raise ValueError(f"activity {a.id!r} names counterpart {cid!r}, which is not in 'counterparts'")
        return self
