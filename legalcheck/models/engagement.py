"""The engagement file (input), format 1."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, create_model, field_validator, model_validator

from ..cycles import cycles
from ..vocabulary import VOCABULARY, FlagTerm
from .behaviour import ActivityBehaviour
from .common import FunderKind, Id, OrgType, Purpose, ShortText, StrictModel, Text
from .rules import CounterpartKind

# Measured (docs/reliability.md): 2,000 activities take about 10 s and 0.5 GB for the JSON result; the time and
# memory grow linearly, so 100,000 (the former maximum) would need minutes and gigabytes.
MAX_ACTIVITIES = 2_000

FactValue = bool | int | float | str
Country = Annotated[str, StringConstraints(min_length=2, max_length=3)]
LocalId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")]
FactKey = Annotated[str, StringConstraints(max_length=64)]
YesNoUnknown = Literal["yes", "no", "unknown"]


def _facts_field(level: str) -> Any:
    return Field(default={}, max_length=200, description=f"Answers to {level}-level questions, by fact key "
                 "(`legalcheck facts FILE` lists the open questions and their keys)")


def _no_number_date(value: object) -> object:
    """A number is not a date: pydantic reads one as a Unix timestamp, so ``date: 1714521600`` was 1 May 2024 and
    ``date: 17145216000`` a day in 2513, silently, while ``date: 20240501`` got a message about "zero time"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(int(value)) if float(value).is_integer() else str(value)
        hint = ""
        if len(text) == 8 and text.isdigit():
            try:
                hint = f"; did you mean {dt.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()}?"
            except ValueError:
                pass
        raise ValueError(f"a number is not a date: write the date as YYYY-MM-DD, e.g. 2024-05-01{hint}")
    return value


def _country(value: str) -> str:
    from ..countries import normalise_country

    return normalise_country(value)


class Staff(StrictModel):
    nationality: Country
    role: ShortText | None = None
    name: ShortText | None = None
    residence: Country | None = Field(default=None, description="Country where the staff member lives (ordinarily "
                                      "resident); rules that reach residents ask for it when it is not given")
    un_official: bool | None = Field(default=None, description="Acts for the UN in an official capacity (Convention "
                                     "on the Privileges and Immunities of the UN 1946, art. V s.18(a))")
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
    offices: list[Country] = Field(default=[], max_length=300, description="Countries where it has offices")

    @field_validator("offices")
    @classmethod
    def _offices(cls, v: list[str]) -> list[str]:
        return [_country(x) for x in v]

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
    kind: CounterpartKind | None = Field(default=None, description="What the counterpart is: the group itself, a "
                                         "wing, an administration or a facility it runs, individual members, or an "
                                         "intermediary")
    part_of: LocalId | None = Field(default=None, description="The id of the counterpart (group) this one belongs "
                                    "to; screening runs on both")
    designated_part: YesNoUnknown | None = Field(default=None, description="For a partly designated group: whether "
                                                 "this counterpart is the designated part")
    facts: dict[FactKey, FactValue] = _facts_field("counterpart")

    @field_validator("designated_part", mode="before")
    @classmethod
    def _yes_no(cls, v: object) -> object:
        return {True: "yes", False: "no"}.get(v, v) if isinstance(v, bool) else v  # YAML reads yes/no as booleans

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


class Activity(StrictModel, ActivityBehaviour):
    id: LocalId
    kind: Id
    description: Text | None = None
    performed_by: list[Country] | None = Field(
        default=None, description="Nationalities of the staff who carry out the activity (default: all staff). With a "
        "staff list each must be on it (else an error); with none, this is the statement of who acts, and where they "
        "live is asked")
    counterpart: LocalId | list[LocalId] | None = None
    date: dt.date | None = None
    purpose: Purpose | None = None
    licences: list[ShortText] = []
    arranged_from: list[Country] | None = Field(default=None, description="Countries of the offices that arrange, "
                                                "direct or pay for the activity")
    value_passes: bool | None = Field(default=None, description="Whether money, goods or services pass to the "
                                      "counterpart")
    paid_from: Country | None = Field(default=None, description="Country of the account the activity is paid from")
    facts: dict[FactKey, FactValue] = _facts_field("activity")

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: object) -> object:
        return _no_number_date(v)

    @field_validator("performed_by", "arranged_from")
    @classmethod
    def _pb(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else [_country(x) for x in v]

    @field_validator("paid_from")
    @classmethod
    def _paid(cls, v: str | None) -> str | None:
        return None if v is None else _country(v)


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
    facts: dict[FactKey, FactValue] = _facts_field("engagement")

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: object) -> object:
        return _no_number_date(v)

    @field_validator("counterparts")
    @classmethod
    def _no_part_of_chain(cls, v: list[Counterpart]) -> list[Counterpart]:
        parents = {c.id: c.part_of for c in v}
        if cycles((c.id, c.part_of) for c in v if c.part_of is not None and c.part_of != c.id):
            return v  # a loop: reported by _unique_ids with each member's line
        for c in v:
            if c.part_of is not None and c.part_of != c.id and parents.get(c.part_of) is not None:
                raise ValueError(_part_of_chain(c.id, c.part_of, parents))
        return v

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
        for c in self.counterparts:
            if c.part_of is not None and (c.part_of not in known or c.part_of == c.id):
                raise ValueError(f"counterpart {c.id!r} is part_of {c.part_of!r}, which is not another counterpart")
        loops = cycles((c.id, c.part_of) for c in self.counterparts if c.part_of is not None)
        if loops:
            raise ValueError(f"counterparts {', '.join(map(repr, loops[0]))} are part_of one another (a cycle): "
                             "part_of names the group a counterpart belongs to, which cannot be part of it in turn")
        for a in self.activities:
            for cid in a.counterpart_ids() or []:
                if cid not in known:
                    raise ValueError(f"activity {a.id!r} names counterpart {cid!r}, which is not in 'counterparts'")
        return self


def _part_of_chain(cid: str, parent: str, parents: dict[str, str | None]) -> str:
    """Why a ``part_of`` that names a counterpart which is itself part of another is refused: the rules screen a
    counterpart through its parent only, so a group two steps up (or a loop) would never be screened with it."""
    chain, seen = [cid, parent], {cid, parent}
    while (up := parents.get(chain[-1])) is not None and up not in seen:
        chain.append(up)
        seen.add(up)
    top = chain[-1]
    if (up := parents.get(top)) is not None:  # a loop
        return (f"counterpart {cid!r} is part_of {parent!r}, which is itself part of another: the part_of links "
                f"go round in a loop ({' -> '.join([*chain, up])}); name the group at the top in part_of")
    return (f"counterpart {cid!r} is part_of {parent!r}, which is itself part of another ({' -> '.join(chain)}): "
            f"only one step is screened, so write part_of: {top} (the group at the top) for {cid!r}")
