"""The result of ``legalcheck check`` (JSON format 1)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..vocabulary import LayerId
from .common import Outcome


class ResultModel(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class ListProvenance(ResultModel):
    id: str
    title: str
    as_of: dt.date
    entries: int


class Provenance(ResultModel):
    tool_version: str
    rules_sha256: str
    input_sha256: str | None = None
    as_of: dt.date
    as_of_overridden: bool = False
    screening_threshold: float
    screening_review_threshold: float
    lists: list[ListProvenance]
    # which rule that chose the data folder: "packaged", "checkout", "LEGALCHECK_DATA_DIR" or "--rules" (a stable
    # label, never the path, so that the same check gives the same memo on every machine)
    data_source: str | None = None


class MatchOut(ResultModel):
    list: str
    designation: str
    entry_id: str
    matched_name: str
    score: float
    match: bool
    in_force: bool
    listed_from: dt.date
    listed_to: dt.date | None
    reference: str | None = None
    covers: str = "whole"
    scope_note: str | None = None
    explanation: str


class CounterpartOut(ResultModel):
    id: str
    name: str
    status: Literal["designated", "not_designated", "ambiguous", "unknown"]
    summary: str
    entities: list[str]
    matches: list[MatchOut]


class ConnectionOut(ResultModel):
    basis: str
    description: str
    strength: Literal["established", "possible"]


class JurisdictionOut(ResultModel):
    code: str
    name: str
    applies: bool
    connections: list[str]
    activities: list[str]


class ExemptionConsidered(ResultModel):
    id: str
    title: str
    provisions: list[str]
    url: str | None = None
    kind: str
    result: Literal["applies", "does_not_apply", "unknown", "not_in_force", "not_for_this_activity"]
    outcome: Outcome | None = None
    reason: str
    conditions: list[str] = []
    questions: list[str] = []
    verified: bool


class OpenQuestion(ResultModel):
    """A question whose answer would settle a point, with the fact key that answers it and where to write it."""

    key: str
    text: str
    scope: Literal["engagement", "activity", "counterpart", "staff"]
    answer_at: str


class Exposure(ResultModel):
    who: list[str]
    max_penalty: str | None = None
    penalties: list[str] = []
    notes: list[str] = Field(default=[], description="Consents to prosecute and immunities that apply (additive)")


class Citation(ResultModel):
    instrument: str
    citation: str
    provisions: list[str]
    url: str


class LicenceRouteOut(ResultModel):
    id: str
    title: str
    authority: str
    how: str
    url: str


class Component(ResultModel):
    layer: LayerId
    outcome: Outcome
    rule: str
    title: str
    provisions: list[str]
    citation: Citation
    sources: list[str]
    facts_used: dict[str, str]
    reached: list[str]
    trigger: str | None = None
    exemptions_considered: list[ExemptionConsidered]
    licence_routes: list[LicenceRouteOut] = []
    reasons: list[str]
    questions: list[str]
    open_questions: list[OpenQuestion] = []
    assumptions: list[str]
    explanation: str
    exposure: Exposure | None = None
    mental_element: str
    verified: bool
    last_reviewed: dt.date


class Finding(ResultModel):
    activity: str
    activity_kind: str
    date: dt.date
    jurisdiction: str
    outcome: Outcome
    layers: dict[str, Outcome]
    summary: str
    components: list[Component]
    exposure: Exposure | None = None
    questions: list[str] = []
    open_questions: list[OpenQuestion] = []
    what_would_change: list[str] = []
    assumptions: list[str] = []
    """Assumptions the finding rests on outside any rule (e.g. a counterpart taken as not on a snapshot list before
    its date, which leaves a jurisdiction unconnected); each rule's own are in its component."""


class ActivityOut(ResultModel):
    id: str
    kind: str
    label: str
    description: str | None
    date: dt.date
    purpose: str
    performed_by: list[str]
    counterparts: list[str]
    outcome: Outcome
    strictest_jurisdictions: list[str]


class Result(ResultModel):
    format: Literal[1] = 1
    title: str
    as_of: dt.date
    provenance: Provenance
    assumptions: list[str]
    counterparts: list[CounterpartOut]
    jurisdictions: list[JurisdictionOut]
    activities: list[ActivityOut]
    findings: list[Finding]
    warnings: list[str] = []
    notice: str
