"""Designation lists: who is proscribed, listed or banned where, from when to when."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, PrivateAttr, model_validator

from ..vocabulary import JurisdictionCode
from .behaviour import DATE_NOT_PUBLISHED, DesignationBehaviour, DesignationListBehaviour
from .common import Id, ShortText, Source, StrictModel, Text

__all__ = ["DATE_NOT_PUBLISHED", "Designation", "DesignationList", "ListAssertions"]



class Designation(StrictModel, DesignationBehaviour):
    """One listed group (or person) on one list, with its dates. History is never deleted."""

    id: Id
    entity: Id | None = Field(
        default=None, description="Cross-list identity key (same value on every list that names this group)"
    )
    name: ShortText = Field(description="Primary name as the list prints it")
    aliases: list[ShortText] = Field(default=[], description="Strong aliases: matched fuzzily")
    weak_aliases: list[ShortText] = Field(default=[], description="Acronyms and short forms: exact match only")
    type: Literal["organisation", "person", "area"] = "organisation"
    reference: ShortText | None = Field(default=None, description="The list's own reference (e.g. QDe.115)")
    listed_from: dt.date
    listed_to: dt.date | None = Field(default=None, description="First day no longer listed (exclusive)")
    covers: Literal["whole", "part"] = Field(
        default="whole", description="'part' when only a wing or faction is designated"
    )
    scope_note: ShortText | None = None
    part_of: Id | None = Field(default=None, description="Entity key of the whole group when covers='part'")
    area_country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    area_whole_country: bool = Field(default=False, description="The whole of area_country is designated")
    history: list[ShortText] = []
    sources: list[Source] = Field(min_length=1)
    verified: bool = True
    date_margin_days: int | None = Field(
        default=None, ge=0,
        description="For an unverified entry: how many days its listing and delisting dates may be off (e.g. 31 when "
        "only the month of the order was read). Overrides the list's unverified_margin_days; with neither, an "
        "unverified date may be off by any amount",
    )
    _list_margin: int | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _dates(self) -> Designation:
        if self.listed_to is not None and self.listed_to <= self.listed_from:
            raise ValueError(f"listed_to ({self.listed_to}) must be after listed_from ({self.listed_from})")
        if self.covers == "part" and not self.scope_note:
            raise ValueError("a partial designation (covers: part) needs a scope_note")
        if self.type == "area" and not self.area_country:
            raise ValueError("an area designation needs area_country")
        return self


class ListAssertions(StrictModel):
    min_entries: int = 0
    max_entries: int = 1_000_000


class DesignationList(StrictModel, DesignationListBehaviour):
    schema_: str | None = Field(default=None, alias="$schema")
    id: Id
    title: ShortText
    jurisdiction: JurisdictionCode
    kind: Literal["proscription", "sanctions", "ban", "specified_entities", "designated_areas"]
    authority: ShortText
    legal_basis: ShortText
    url: str = Field(pattern=r"^https?://\S+$")
    as_of: dt.date = Field(description="Date the data was last checked against the source")
    review_days: int = Field(
        default=365, ge=1, description="How long after as_of the data answers for: later activities get needs_review"
    )
    description: Text
    complete: bool = Field(
        default=False,
        description="True when every entry of the official list is here; False for a curated subset: a group "
        "identified on other lists and absent from it is then not taken as 'not listed' (needs_review, keyed "
        "counterparts[].facts.on_list_<id>) unless `groups_complete` covers the day",
    )
    groups_complete: bool = Field(
        default=False,
        description="For a curated subset (complete: false): every group (organisation or armed group) of the "
        "official list is here, only other entries (natural persons, companies, officials) being left out; a group "
        "absent from the list is then not listed (until groups_complete_to, if given)",
    )
    groups_complete_to: dt.date | None = Field(
        default=None,
        description="With groups_complete: the first day for which it no longer holds (e.g. designations made since "
        "could not be checked); from then on, absence from the list is no evidence (needs_review)",
    )
    regime_encoded: bool = Field(
        default=True,
        description="False for entries listed under regimes legalcheck does not encode: a counterpart matching one "
        "gets needs_review from the list's jurisdiction, and such lists never make a group 'known' elsewhere",
    )
    covers_from: dt.date | None = Field(
        default=None,
        description="The first day the list data can answer for: it holds every listing and delisting from this day "
        "on (e.g. the date of a consolidated-list snapshot that keeps no earlier delistings). Before it, 'not listed' "
        "is not an answer (needs_review); a listing shown by an entry's own dates still is. "
        "`legalcheck validate` warns when it is not stated"
    )
    unverified_margin_days: int | None = Field(
        default=None, ge=0,
        description="How many days the dates of this list's unverified entries may be off, unless an entry says "
        "(date_margin_days); omitted: by any amount. An unverified date decides an outcome when the activity date "
        "is within this margin of it",
    )
    also_binds: list[JurisdictionCode] = Field(
        default=[],
        description="For a list with regime_encoded: false: the other jurisdictions whose law gives effect to these "
        "listings (or has its own measures against the same persons) and does not encode them either. A match "
        "gives needs_review there too, when the jurisdiction is connected to the activity",
    )
    assertions: ListAssertions = ListAssertions()
    entries: list[Designation] = []
    notes: Text | None = None

    @model_validator(mode="after")
    def _window(self) -> DesignationList:
        if self.also_binds and self.regime_encoded:
            raise ValueError("also_binds is only for a list of regimes legalcheck does not encode "
                             "(regime_encoded: false)")
        if self.covers_from is not None and self.covers_from > self.as_of:
            raise ValueError(f"covers_from ({self.covers_from}) must not be after as_of ({self.as_of})")
        for e in self.entries:
            e._list_margin = self.unverified_margin_days
        return self
