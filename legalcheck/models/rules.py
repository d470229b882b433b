"""Law as data: instruments, prohibitions, exemptions, licence routes, vocabulary.

Every rule carries its citation (instrument, provision, URL), its dates in force,
a ``verified`` flag and a ``last_reviewed`` date. Nothing here decides anything:
:mod:`legalcheck.engine` applies these objects to an engagement.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from ..vocabulary import JurisdictionCode, OrgFlag
from .behaviour import ConditionBehaviour, VersionedBehaviour
from .common import (
    FunderKind,
    Id,
    Layer,
    OrgType,
    Period,
    Purpose,
    ShortText,
    Source,
    StrictModel,
    Text,
)

FactValue = bool | int | float | str


# --------------------------------------------------------------------------- vocabulary
class KindAlternative(StrictModel):
    """Another way the organisation could reach the same aim (used for the memo's ways forward): another activity
    kind, and/or nothing of value passing to the group."""

    kind: Id | None = Field(default=None, description="The activity kind of the alternative")
    value_passes: bool | None = Field(default=None, description="Whether value passes to the group in it")
    how: ShortText = Field(description="The alternative in plain words")


class ActivityKind(StrictModel):
    """One kind of activity, defined in plain words with examples."""

    id: Id
    label: ShortText = Field(description="Plain-language name shown to programme staff")
    definition: Text
    examples: list[ShortText] = Field(min_length=1)
    category: Literal["contact", "advice", "payment", "goods", "services", "presence", "speech"]
    involves_group: bool = Field(description="Whether the activity provides something to, or deals with, the group")
    alternatives: list[KindAlternative] = Field(default=[], description="Other ways to the same aim the organisation "
                                                "controls, tried by the memo's ways forward")


class FactDef(StrictModel):
    """A further fact that rules may ask about, answered in ``facts:`` at its scope (its key is ``id``)."""

    id: Id
    type: Literal["bool", "int", "str"]
    question: ShortText = Field(description="The question asked in plain words")
    description: Text
    scope: Literal["engagement", "activity", "counterpart"] = Field(
        default="activity", description="Where the answer is usually written: activities[].facts, "
        "counterparts[].facts or the engagement's facts (an answer at a wider level applies to every activity)")
    plain_question: ShortText | None = Field(
        default=None, description="The question in words for someone who is not a lawyer, where `question` names a "
        "legal test (asked by `legalcheck new` and the web form, with `question` as the legal wording)")


class GroupMember(StrictModel):
    country: str = Field(pattern=r"^[A-Z]{2}$")
    period: Period


class CountryGroup(StrictModel):
    """A dated set of countries, e.g. EU member states (the UK left on 1 Feb 2020)."""

    id: str = Field(pattern=r"^@[A-Z][A-Z0-9_]*$")
    title: ShortText
    members: list[GroupMember]
    sources: list[Source] = Field(min_length=1)


class JurisdictionEntry(StrictModel):
    """A jurisdiction; the list order is the order of evaluation and of the memo."""

    code: str = Field(pattern=r"^[A-Z]{2,3}$", description="Also the name of its folder under jurisdictions/")
    name: ShortText


class OutcomeEntry(StrictModel):
    """An outcome and its labels; the list is most restrictive first (the severity order)."""

    id: Id
    label: ShortText = Field(description="Memo heading, e.g. NEEDS REVIEW")
    plain: ShortText = Field(description="Plain meaning in the memo's key")
    short: ShortText = Field(description="Label in plan tables")
    colour: str | None = Field(default=None, pattern=r"^[0-9A-F]{6}$", description="Fill in the plan spreadsheet")
    row_only: bool = Field(default=False, description="Never given by the engine: a plan row that could not be read")


class OrganisationTypeEntry(StrictModel):
    id: Id


class LayerEntry(StrictModel):
    """A layer of law (prohibitions and instruments name one with ``layer``)."""

    id: Id
    plain_breach: ShortText = Field(description="What breaking a rule of this layer is, in plain words: completes "
                                    "the memo summary's 'do not go ahead: it is ... under X law' (e.g. 'a crime')")


class FlagWayForward(StrictModel):
    """A role the organisation could choose to take on, tried by the memo's ways forward: the same activity re-run
    with the flag set to ``value``. The law that makes the role count is in the exemption data; ``sources`` cite it."""

    kind: Id = Field(description="The way's kind (ways of one kind share a heading), e.g. un_partner")
    heading: ShortText = Field(description="The memo's heading for ways of this kind")
    how: ShortText = Field(description="The alternative in plain words (completes 'the activity ...')")
    value: bool = Field(default=True, description="The flag's value in the alternative")
    sources: list[Source] = Field(min_length=1, description="Where the law names the role")


class OrganisationFlag(StrictModel):
    """A yes/no fact about the organisation (``organisation.<id>``) that exemptions may test."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    question: ShortText = Field(description="Asked when the flag is not stated")
    label: ShortText = Field(description="Completes 'the organisation ...'")
    memo_label: ShortText | None = Field(default=None, description="Name in the memo's facts relied on")
    description: ShortText | None = None
    default: bool | None = Field(default=None, description="Value when left out; null means 'not stated' (ask)")
    way_forward: FlagWayForward | None = Field(
        default=None, description="Whether taking on this role is a way forward the memo tries (and its wording)")


class Vocabulary(StrictModel):
    schema_: str | None = Field(default=None, alias="$schema")
    jurisdictions: list[JurisdictionEntry] = []
    outcomes: list[OutcomeEntry] = []
    organisation_types: list[OrganisationTypeEntry] = []
    layers: list[LayerEntry] = []
    organisation_flags: list[OrganisationFlag] = []
    activity_kinds: list[ActivityKind] = []
    facts: list[FactDef] = []
    country_groups: list[CountryGroup] = []
    out_of_scope: list[Text] = Field(default=[], description="What every memo says it leaves out, in plain words")


# --------------------------------------------------------------------------- law
class Instrument(StrictModel):
    """A statute, regulation, order, resolution, general licence or judgment."""

    id: Id
    title: ShortText
    citation: ShortText
    url: str = Field(pattern=r"^https?://\S+$")
    layer: Layer
    kind: Literal[
        "statute", "regulation", "order", "resolution", "licence", "judgment", "guidance", "directive", "decision"
    ]
    in_force: Period
    verified: bool
    last_reviewed: dt.date
    review_by: dt.date | None = None
    sources: list[Source] = []
    notes: Text | None = None


Basis = Literal["territory", "nationality", "residence", "incorporation", "government_funding", "any_person",
                "arranged_from", "business_in_union"]
CounterpartKind = Literal["group", "wing", "administration", "members", "intermediary", "facility"]


class ReachClause(StrictModel):
    """A connecting factor through which a provision binds someone.

    ``countries`` holds ISO codes or ``@GROUP`` ids; when empty the jurisdiction's own
    ``countries`` are used. ``arguable`` reach can only ever give ``needs_review``.
    """

    basis: Basis
    countries: list[str] = []
    strength: Literal["established", "arguable"] = "established"
    provision: ShortText | None = None
    description: ShortText


class InsideFunders(StrictModel):
    """Funders whose ``funders[].country`` is no member country but who count as inside the jurisdiction for the
    connection's basis (funder country EU: the Union's own institutions), with the provision that says so."""

    countries: list[str] = Field(min_length=1, description="funders[].country codes, e.g. EU")
    provision: ShortText = Field(description="The provision that puts these funders inside the jurisdiction")
    sources: list[Source] = Field(min_length=1)


class Connection(StrictModel):
    """How a jurisdiction is connected to an activity at all (home, host, donor, nationality...)."""

    basis: Literal["territory", "nationality", "residence", "incorporation", "government_funding", "counterpart_listed",
                   "business_in_union"]
    countries: list[str] = []
    lists: list[Id] = []
    funder_kinds: list[FunderKind] = Field(
        default=[FunderKind.government], description="government_funding: the funder kinds that count as this "
        "jurisdiction's funding; business_in_union: the funder kinds whose grant is business done in the jurisdiction "
        "(required there, [] for none)")
    grant_label: ShortText | None = Field(
        default=None, description="business_in_union: how a grant of a funder of `funder_kinds` is named in the "
        "finding (e.g. 'EU grant')")
    inside_funders: InsideFunders | None = Field(
        default=None, description="government_funding, business_in_union: funders of these countries (funder "
        "country codes such as EU) count as inside the jurisdiction, besides those of its countries")
    provision: ShortText | None = Field(default=None, description="The provision that defines the connection")
    description: ShortText | None = None
    holds: ShortText | None = Field(
        default=None, description="How the memo states that this connection holds ({subject}: the counterpart, "
        "country or funder); each basis has a plain default")
    holds_possibly: ShortText | None = Field(
        default=None, description="The same when it may hold (a counterpart not identified with certainty)")

    @model_validator(mode="after")
    def _lists_only_for_listing(self) -> Connection:
        if self.basis == "counterpart_listed" and not self.lists:
            raise ValueError("basis 'counterpart_listed' needs 'lists'")
        if self.basis != "counterpart_listed" and self.lists:
            raise ValueError("'lists' is only used with basis 'counterpart_listed'")
        if self.basis == "business_in_union" and "funder_kinds" not in self.model_fields_set:
            raise ValueError("basis 'business_in_union' needs 'funder_kinds' (whose grants are business done in the "
                             "jurisdiction; [] for none)")
        if self.basis == "business_in_union" and self.funder_kinds and not self.grant_label:
            raise ValueError("basis 'business_in_union' with 'funder_kinds' needs 'grant_label'")
        if self.inside_funders is not None and self.basis not in ("government_funding", "business_in_union"):
            raise ValueError("'inside_funders' is only used with basis 'government_funding' or 'business_in_union'")
        return self


class FunderTest(StrictModel):
    kinds: list[FunderKind] = []
    countries: list[str] = []


class FactTest(StrictModel):
    name: Id
    equals: FactValue
    if_missing: Literal["unknown", "false", "true"] = Field(
        default="unknown",
        description="How a missing fact counts: unknown (ask; needs_review) or a definite false/true",
    )


class Predicate(StrictModel):
    """Who qualifies, as a tri-state test (true / false / unknown: which fact is missing).

    Fields set on one predicate are AND-ed; ``any``/``all``/``none`` nest.
    """

    label: ShortText | None = Field(default=None, description="Plain description used in explanations")
    org_type: list[OrgType] | None = None
    org_flag: OrgFlag | None = Field(default=None, description="An organisation flag from the vocabulary")
    purpose: list[Purpose] | None = None
    funded_by: FunderTest | None = None
    fact: FactTest | None = None
    activity_kind: list[Id] | None = None
    place: list[str] | None = Field(default=None, description="Activity location country (ISO codes)")
    funders_listed: bool | None = Field(default=None, description="Whether the engagement lists any funder at all")
    any: list[Predicate] | None = None
    all: list[Predicate] | None = None
    none: list[Predicate] | None = None
    always: bool | None = None


class Condition(StrictModel, ConditionBehaviour):
    """A fact a provision needs before it is engaged (e.g. coordination with the group)."""

    fact: Id
    equals: FactValue | None = Field(default=None, description="The provision is engaged when the fact equals this")
    at_least: int | None = Field(default=None, description="The provision is engaged when the fact is >= this")
    kinds: list[Id] | None = Field(default=None, description="Only for these activity kinds; all when omitted")
    if_missing: Literal["needs_review", "assume_met", "assume_not_met"] = "needs_review"
    assumption: ShortText | None = Field(default=None, description="Stated in the memo when a value is assumed")
    when_not_met: ShortText = Field(description="Why the provision is not engaged when the fact is otherwise")

    @model_validator(mode="after")
    def _assumption_stated(self) -> Condition:
        if (self.equals is None) == (self.at_least is None):
            raise ValueError("a condition needs exactly one of 'equals' or 'at_least'")
        if self.if_missing != "needs_review" and not self.assumption:
            raise ValueError("an assumed value needs an 'assumption' text for the memo")
        return self


class Unsettled(StrictModel):
    """Where the law is open for some activity kinds: the answer is needs_review, with the reason."""

    kinds: list[Id] = Field(min_length=1)
    reason: Text
    sources: list[Source] = []
    de_facto: bool = Field(default=False, description="Decided instead by the rule's de facto test when that test "
                           "applies to the counterpart (not repeated then)")


class DeFactoTest(StrictModel):
    """How a rule treats a counterpart that is not the designated group itself but an administration, facility or
    members of it (the de facto authority analysis, docs/rules-format.md): the rule's own test and the fact that
    decides it. The test applies when the counterpart's ``kind`` is in ``counterpart_kinds`` or the activity's kind
    is in ``activity_kinds`` (kinds that by definition deal with members)."""

    counterpart_kinds: list[CounterpartKind] = []
    activity_kinds: list[Id] = []
    test: ShortText = Field(description="The rule's own test, in its words (e.g. 'owned or controlled, directly or "
                            "indirectly, by the designated person')")
    provision: ShortText
    fact: Id = Field(description="The fact (vocabulary) that decides the test; true means the test is met")
    when_not_met: ShortText = Field(description="Why the rule is not engaged when the fact is false")
    unsettled: ShortText | None = Field(default=None, description="Why the test itself is unsettled law; stated with "
                                        "the question and beside the answer (every rule deciding on the same fact "
                                        "repeats it)")
    stricter: ShortText | None = Field(default=None, description="Why this test reaches further than others (stated "
                                       "in the explanation)")
    sources: list[Source] = Field(min_length=1)
    verified: bool
    unverified_points: list[ShortText] = []

    @model_validator(mode="after")
    def _applies_somewhere(self) -> DeFactoTest:
        if not self.counterpart_kinds and not self.activity_kinds:
            raise ValueError("a de facto test needs counterpart_kinds or activity_kinds")
        return self


class ProsecutionConsent(StrictModel):
    """A consent that prosecution needs (it does not change the outcome; the exposure section states it)."""

    authority: ShortText
    provision: ShortText
    text: ShortText = Field(description="What the consent requirement says, in plain words")
    foreign_element_only: bool = Field(default=False, description="Only where the activity takes place outside the "
                                       "jurisdiction's countries")
    in_force: Period | None = Field(default=None, description="When the requirement applies (always when omitted)")
    sources: list[Source] = Field(min_length=1)
    verified: bool


class Immunity(StrictModel):
    """An immunity of some staff from legal process under this jurisdiction (changes their exposure, stated with
    its citation; it does not make the act lawful)."""

    id: Id
    staff_flag: Literal["un_official"] = Field(description="The staff field that says who holds it")
    org_types: list[OrgType] = Field(min_length=1, description="Organisation types whose staff may hold it: for them "
                                     "an unstated staff_flag is asked")
    title: ShortText
    provision: ShortText
    text: ShortText = Field(description="What the immunity covers, in plain words")
    held_by: ShortText = Field(description="Who holds it, completing 'Staff of nationality X ...' in the exposure "
                               "notes (e.g. 'who act for the UN in an official capacity')")
    question: ShortText = Field(description="The keyed question (staff_flag) asked when the flag is not stated")
    effect: ShortText = Field(description="What the immunity does to the outcome, stated as the reason when everyone "
                              "who carries out the activity holds it (needs_review, never an all-clear)")
    effect_provision: ShortText = Field(description="The provisions `effect` rests on (e.g. the waiver clause)")
    sources: list[Source] = Field(min_length=1)
    verified: bool
    unverified_points: list[ShortText] = []


class Penalty(StrictModel):
    max_imprisonment: ShortText | None = None
    fine: ShortText | None = None
    civil: ShortText | None = None
    summary: ShortText
    verified: bool = True


class LicenceRoute(StrictModel):
    """A specific licence or approval that could make the activity lawful."""

    id: Id
    title: ShortText
    authority: ShortText
    how: Text
    url: str = Field(pattern=r"^https?://\S+$")
    effect: Literal["licensed", "exempt"] = "licensed"
    match: list[ShortText] = Field(
        default=[], description="Case-insensitive words that identify a declared licence as this route"
    )
    in_force: Period
    kinds: list[Id] | None = None


class Lapse(StrictModel):
    """Why a rule ends with nothing replacing it (a sunset clause, an expired licence), and where that is read."""

    reason: ShortText
    sources: list[Source] = Field(min_length=1)


class _Versioned(StrictModel, VersionedBehaviour):
    """A rule with an end date names its successor (the successor's ``supersedes``) or states ``lapsed``."""

    @model_validator(mode="after")
    def _lapse_has_end(self) -> _Versioned:
        if getattr(self, "lapsed", None) is not None and self.in_force.to is None:  # type: ignore[attr-defined]
            raise ValueError("'lapsed' needs an end date (in_force.to)")
        return self


class Prohibition(_Versioned):
    id: Id
    title: ShortText
    instrument: Id
    provisions: list[ShortText] = Field(min_length=1)
    summary: Text = Field(description="Plain-language summary of what is prohibited")
    text: Text | None = Field(default=None, description="The law's own words, where read")
    layer: Layer
    activity_kinds: list[Id] = Field(min_length=1)
    designation_lists: list[Id] = Field(default=[], description="Engaged only if the counterpart is on one of these")
    area_lists: list[Id] = Field(default=[], description="Engaged only if the place is on one of these")
    conditions: list[Condition] = []
    mental_element: ShortText
    reach: list[ReachClause] = Field(min_length=1)
    penalty: Penalty
    licence_routes: list[LicenceRoute] = []
    unsettled: list[Unsettled] = []
    de_facto: list[DeFactoTest] = Field(default=[], description="Its own test for administrations, facilities or "
                                        "members of a designated group (the de facto authority analysis)")
    prosecution_consent: ProsecutionConsent | None = None
    interpretation: list[Source] = Field(default=[], description="Case law or guidance on how it is read")
    in_force: Period
    sources: list[Source] = Field(min_length=1)
    verified: bool
    unverified_points: list[ShortText] = []
    last_reviewed: dt.date
    review_by: dt.date | None = None
    supersedes: Id | list[Id] | None = Field(
        default=None, description="Id of the earlier version this one replaces (several when it merges versions)"
    )
    lapsed: Lapse | None = Field(default=None, description="Why it ends with no successor (needs in_force.to)")
    formerly: list[Id] = Field(
        default=[], description="Ids this rule had before a rename: decision records and diffs map them to this id"
    )
    notes: Text | None = None


class Exemption(_Versioned):
    """An exception, defence or general licence that switches off prohibitions."""

    id: Id
    title: ShortText
    instrument: Id
    provisions: list[ShortText] = Field(min_length=1)
    summary: Text
    text: Text | None = None
    kind: Literal["statutory_exception", "general_licence", "defence", "authorisation", "guidance"]
    effect: Literal["exempt", "licensed"]
    applies_to: list[Id] = Field(min_length=1, description="Prohibition ids it switches off")
    activity_kinds: list[Id] | None = Field(default=None, description="Only for these kinds; all when omitted")
    qualifies: Predicate
    conditions: list[ShortText] = Field(default=[], description="Conditions to state in the memo")
    unsettled: list[Unsettled] = []
    in_force: Period
    sources: list[Source] = Field(min_length=1)
    verified: bool
    unverified_points: list[ShortText] = []
    last_reviewed: dt.date
    review_by: dt.date | None = None
    supersedes: Id | list[Id] | None = Field(
        default=None, description="Id of the earlier version this one replaces (several when it merges versions)"
    )
    lapsed: Lapse | None = Field(default=None, description="Why it ends with no successor (needs in_force.to)")
    formerly: list[Id] = Field(
        default=[], description="Ids this rule had before a rename: decision records and diffs map them to this id"
    )
    notes: Text | None = None


class CoverageDecision(StrictModel):
    """Why no encoded prohibition covers some activity kinds in a jurisdiction: a cited decision, never a default.

    ``none``: no offence or prohibition of that law reaches the kind (the finding is ``permitted`` with the
    reason); ``unsettled``: whether any does is open (the finding is ``needs_review`` with the reason)."""

    activity_kinds: list[Id] = Field(min_length=1)
    decision: Literal["none", "unsettled"]
    reason: Text
    sources: list[Source] = Field(min_length=1)
    settled_by: Id | None = Field(
        default=None,
        description="For an 'unsettled' decision, a fact (vocabulary facts:) that settles it: stated as `none_when`, "
        "the decision is 'none' with `none_reason`; not stated, the fact is asked (needs_review with the question)",
    )
    none_when: bool = False
    none_reason: Text | None = None

    @model_validator(mode="after")
    def _settled(self) -> CoverageDecision:
        if self.settled_by is not None and (self.decision != "unsettled" or not self.none_reason):
            raise ValueError("settled_by needs decision: unsettled and a none_reason")
        if self.settled_by is None and self.none_reason is not None:
            raise ValueError("none_reason needs settled_by (the fact that settles the decision)")
        return self


class JurisdictionMeta(StrictModel):
    code: JurisdictionCode = Field(description="A code listed under 'jurisdictions:' in _common/vocabulary.yaml")
    name: ShortText
    encoded_from: dt.date | None = Field(
        default=None,
        description="The encoded horizon: the first day from which this jurisdiction's law is encoded; an activity "
        "before it gets needs_review (validate warns when it is missing)",
    )
    countries: list[str] = Field(description="ISO codes or @GROUP ids whose territory and nationals this covers")
    connections: list[Connection] = Field(min_length=1)
    immunities: list[Immunity] = Field(default=[], description="Immunities from legal process some staff hold")
    summary: Text
    notes: Text | None = None


class RuleFile(StrictModel):
    """One YAML file under ``jurisdictions/<CODE>/``."""

    schema_: str | None = Field(default=None, alias="$schema")
    jurisdiction: JurisdictionMeta | None = None
    instruments: list[Instrument] = []
    prohibitions: list[Prohibition] = []
    exemptions: list[Exemption] = []
    coverage_decisions: list[CoverageDecision] = Field(
        default=[], description="Activity kinds no prohibition of this jurisdiction covers, and why (cited)"
    )
