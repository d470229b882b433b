"""Plain runtime classes of the data model, GENERATED from the pydantic models by
:mod:`legalcheck.models.runtime_gen` (``legalcheck schemas --write``): do not edit by hand.

One class per pydantic model, with the same name, fields (in order), aliases and defaults, and the same methods
(from :mod:`legalcheck.models.behaviour`); no validation: the objects hold data the pydantic models validated, or
that the engine builds. ``legalcheck schemas`` fails when this file is out of date.
"""

# ruff: noqa: E501
from __future__ import annotations

from typing import Any

from ..vocabulary import VOCABULARY
from .behaviour import (
    ActivityBehaviour,
    ConditionBehaviour,
    DesignationBehaviour,
    DesignationListBehaviour,
    PeriodBehaviour,
    VersionedBehaviour,
)
from .enums import FunderKind, Layer, OrgType, Outcome, Purpose
from .runtime_base import _MISSING, RuntimeModel, coerce_float, coerce_outcome, coerce_outcomes

_list, _dict = list, dict
FactValue = bool | int | float | str
_FLAGS = tuple(f.id for f in VOCABULARY.organisation_flags)
_FLAG_DEFAULTS = {f.id: f.default for f in VOCABULARY.organisation_flags}

__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityOut",
    "Actor",
    "Citation",
    "Component",
    "Condition",
    "Connection",
    "ConnectionOut",
    "Counterpart",
    "CounterpartOut",
    "CountryGroup",
    "CoverageDecision",
    "DeFactoTest",
    "Designation",
    "DesignationList",
    "Engagement",
    "Exemption",
    "ExemptionConsidered",
    "Exposure",
    "FactDef",
    "FactTest",
    "FactValue",
    "Finding",
    "Funder",
    "FunderKind",
    "FunderTest",
    "GroupMember",
    "Immunity",
    "Instrument",
    "JurisdictionEntry",
    "JurisdictionMeta",
    "JurisdictionOut",
    "KindAlternative",
    "Lapse",
    "Layer",
    "LicenceRoute",
    "LicenceRouteOut",
    "ListAssertions",
    "ListProvenance",
    "Location",
    "MatchOut",
    "MemoMeta",
    "OpenQuestion",
    "OrgType",
    "Organisation",
    "OrganisationFlag",
    "OrganisationTypeEntry",
    "Outcome",
    "OutcomeEntry",
    "Penalty",
    "Period",
    "Predicate",
    "Prohibition",
    "ProsecutionConsent",
    "Provenance",
    "Purpose",
    "ReachClause",
    "Readiness",
    "ReadinessCriterion",
    "Result",
    "RuleFile",
    "RuntimeModel",
    "Source",
    "Staff",
    "Unsettled",
    "Vocabulary",
]


class JurisdictionEntry(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.JurisdictionEntry`."""

    _fields = ('code', 'name', )

    def __init__(self, *, code: Any, name: Any) -> None:
        self.code = code
        self.name = name


class OutcomeEntry(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.OutcomeEntry`."""

    _fields = ('id', 'label', 'plain', 'short', 'colour', 'row_only', )
    _defaults = {'colour': None, 'row_only': False}

    def __init__(self, *, id: Any, label: Any, plain: Any, short: Any, colour: Any = _MISSING, row_only: Any = _MISSING) -> None:
        self.id = id
        self.label = label
        self.plain = plain
        self.short = short
        self.colour = None if colour is _MISSING else colour
        self.row_only = False if row_only is _MISSING else row_only


class OrganisationTypeEntry(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.OrganisationTypeEntry`."""

    _fields = ('id', )

    def __init__(self, *, id: Any) -> None:
        self.id = id


class OrganisationFlag(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.OrganisationFlag`."""

    _fields = ('id', 'question', 'label', 'memo_label', 'description', 'default', )
    _defaults = {'memo_label': None, 'description': None, 'default': None}

    def __init__(self, *, id: Any, question: Any, label: Any, memo_label: Any = _MISSING, description: Any = _MISSING, default: Any = _MISSING) -> None:
        self.id = id
        self.question = question
        self.label = label
        self.memo_label = None if memo_label is _MISSING else memo_label
        self.description = None if description is _MISSING else description
        self.default = None if default is _MISSING else default


class KindAlternative(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.KindAlternative`."""

    _fields = ('kind', 'value_passes', 'how', )
    _defaults = {'kind': None, 'value_passes': None}

    def __init__(self, *, kind: Any = _MISSING, value_passes: Any = _MISSING, how: Any) -> None:
        self.kind = None if kind is _MISSING else kind
        self.value_passes = None if value_passes is _MISSING else value_passes
        self.how = how


class ActivityKind(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.ActivityKind`."""

    _fields = ('id', 'label', 'definition', 'examples', 'category', 'involves_group', 'alternatives', )
    _defaults = {'alternatives': []}

    def __init__(self, *, id: Any, label: Any, definition: Any, examples: Any, category: Any, involves_group: Any, alternatives: Any = _MISSING) -> None:
        self.id = id
        self.label = label
        self.definition = definition
        self.examples = _list(examples)
        self.category = category
        self.involves_group = involves_group
        self.alternatives = [] if alternatives is _MISSING else _list(alternatives)


class FactDef(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.FactDef`."""

    _fields = ('id', 'type', 'question', 'description', 'scope', )
    _defaults = {'scope': 'activity'}

    def __init__(self, *, id: Any, type: Any, question: Any, description: Any, scope: Any = _MISSING) -> None:
        self.id = id
        self.type = type
        self.question = question
        self.description = description
        self.scope = 'activity' if scope is _MISSING else scope


class Period(RuntimeModel, PeriodBehaviour):
    """Runtime twin of :class:`legalcheck.models.common.Period`."""

    _fields = ('from_', 'to', )
    _aliases = {'from_': 'from'}
    _defaults = {'to': None}

    def __init__(self, *, from_: Any, to: Any = _MISSING) -> None:
        self.from_ = from_
        self.to = None if to is _MISSING else to


class GroupMember(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.GroupMember`."""

    _fields = ('country', 'period', )

    def __init__(self, *, country: Any, period: Any) -> None:
        self.country = country
        self.period = period


class Source(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.common.Source`."""

    _fields = ('title', 'url', 'quote', 'kind', )
    _defaults = {'quote': None, 'kind': None}

    def __init__(self, *, title: Any, url: Any, quote: Any = _MISSING, kind: Any = _MISSING) -> None:
        self.title = title
        self.url = url
        self.quote = None if quote is _MISSING else quote
        self.kind = None if kind is _MISSING else kind


class CountryGroup(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.CountryGroup`."""

    _fields = ('id', 'title', 'members', 'sources', )

    def __init__(self, *, id: Any, title: Any, members: Any, sources: Any) -> None:
        self.id = id
        self.title = title
        self.members = _list(members)
        self.sources = _list(sources)


class Vocabulary(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.Vocabulary`."""

    _fields = ('schema_', 'jurisdictions', 'outcomes', 'organisation_types', 'organisation_flags', 'activity_kinds', 'facts', 'country_groups', 'out_of_scope', )
    _aliases = {'schema_': '$schema'}
    _defaults = {'schema_': None, 'jurisdictions': [], 'outcomes': [], 'organisation_types': [], 'organisation_flags': [], 'activity_kinds': [], 'facts': [], 'country_groups': [], 'out_of_scope': []}

    def __init__(self, *, schema_: Any = _MISSING, jurisdictions: Any = _MISSING, outcomes: Any = _MISSING, organisation_types: Any = _MISSING, organisation_flags: Any = _MISSING, activity_kinds: Any = _MISSING, facts: Any = _MISSING, country_groups: Any = _MISSING, out_of_scope: Any = _MISSING) -> None:
        self.schema_ = None if schema_ is _MISSING else schema_
        self.jurisdictions = [] if jurisdictions is _MISSING else _list(jurisdictions)
        self.outcomes = [] if outcomes is _MISSING else _list(outcomes)
        self.organisation_types = [] if organisation_types is _MISSING else _list(organisation_types)
        self.organisation_flags = [] if organisation_flags is _MISSING else _list(organisation_flags)
        self.activity_kinds = [] if activity_kinds is _MISSING else _list(activity_kinds)
        self.facts = [] if facts is _MISSING else _list(facts)
        self.country_groups = [] if country_groups is _MISSING else _list(country_groups)
        self.out_of_scope = [] if out_of_scope is _MISSING else _list(out_of_scope)


class Connection(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.Connection`."""

    _fields = ('basis', 'countries', 'lists', 'funder_kinds', 'description', 'holds', 'holds_possibly', )
    _defaults = {'countries': [], 'lists': [], 'funder_kinds': [FunderKind('government')], 'description': None, 'holds': None, 'holds_possibly': None}

    def __init__(self, *, basis: Any, countries: Any = _MISSING, lists: Any = _MISSING, funder_kinds: Any = _MISSING, description: Any = _MISSING, holds: Any = _MISSING, holds_possibly: Any = _MISSING) -> None:
        self.basis = basis
        self.countries = [] if countries is _MISSING else _list(countries)
        self.lists = [] if lists is _MISSING else _list(lists)
        self.funder_kinds = [FunderKind('government')] if funder_kinds is _MISSING else _list(funder_kinds)
        self.description = None if description is _MISSING else description
        self.holds = None if holds is _MISSING else holds
        self.holds_possibly = None if holds_possibly is _MISSING else holds_possibly


class Immunity(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.Immunity`."""

    _fields = ('id', 'staff_flag', 'title', 'provision', 'text', 'sources', 'verified', 'unverified_points', )
    _defaults = {'unverified_points': []}

    def __init__(self, *, id: Any, staff_flag: Any, title: Any, provision: Any, text: Any, sources: Any, verified: Any, unverified_points: Any = _MISSING) -> None:
        self.id = id
        self.staff_flag = staff_flag
        self.title = title
        self.provision = provision
        self.text = text
        self.sources = _list(sources)
        self.verified = verified
        self.unverified_points = [] if unverified_points is _MISSING else _list(unverified_points)


class JurisdictionMeta(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.JurisdictionMeta`."""

    _fields = ('code', 'name', 'encoded_from', 'countries', 'connections', 'immunities', 'summary', 'notes', )
    _defaults = {'encoded_from': None, 'immunities': [], 'notes': None}

    def __init__(self, *, code: Any, name: Any, encoded_from: Any = _MISSING, countries: Any, connections: Any, immunities: Any = _MISSING, summary: Any, notes: Any = _MISSING) -> None:
        self.code = code
        self.name = name
        self.encoded_from = None if encoded_from is _MISSING else encoded_from
        self.countries = _list(countries)
        self.connections = _list(connections)
        self.immunities = [] if immunities is _MISSING else _list(immunities)
        self.summary = summary
        self.notes = None if notes is _MISSING else notes


class Instrument(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.Instrument`."""

    _fields = ('id', 'title', 'citation', 'url', 'layer', 'kind', 'in_force', 'verified', 'last_reviewed', 'review_by', 'sources', 'notes', )
    _defaults = {'review_by': None, 'sources': [], 'notes': None}

    def __init__(self, *, id: Any, title: Any, citation: Any, url: Any, layer: Any, kind: Any, in_force: Any, verified: Any, last_reviewed: Any, review_by: Any = _MISSING, sources: Any = _MISSING, notes: Any = _MISSING) -> None:
        self.id = id
        self.title = title
        self.citation = citation
        self.url = url
        self.layer = layer
        self.kind = kind
        self.in_force = in_force
        self.verified = verified
        self.last_reviewed = last_reviewed
        self.review_by = None if review_by is _MISSING else review_by
        self.sources = [] if sources is _MISSING else _list(sources)
        self.notes = None if notes is _MISSING else notes


class Condition(RuntimeModel, ConditionBehaviour):
    """Runtime twin of :class:`legalcheck.models.rules.Condition`."""

    _fields = ('fact', 'equals', 'at_least', 'kinds', 'if_missing', 'assumption', 'when_not_met', )
    _defaults = {'equals': None, 'at_least': None, 'kinds': None, 'if_missing': 'needs_review', 'assumption': None}

    def __init__(self, *, fact: Any, equals: Any = _MISSING, at_least: Any = _MISSING, kinds: Any = _MISSING, if_missing: Any = _MISSING, assumption: Any = _MISSING, when_not_met: Any) -> None:
        self.fact = fact
        self.equals = None if equals is _MISSING else equals
        self.at_least = None if at_least is _MISSING else at_least
        self.kinds = None if kinds is _MISSING else None if kinds is None else _list(kinds)
        self.if_missing = 'needs_review' if if_missing is _MISSING else if_missing
        self.assumption = None if assumption is _MISSING else assumption
        self.when_not_met = when_not_met


class ReachClause(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.ReachClause`."""

    _fields = ('basis', 'countries', 'strength', 'provision', 'description', )
    _defaults = {'countries': [], 'strength': 'established', 'provision': None}

    def __init__(self, *, basis: Any, countries: Any = _MISSING, strength: Any = _MISSING, provision: Any = _MISSING, description: Any) -> None:
        self.basis = basis
        self.countries = [] if countries is _MISSING else _list(countries)
        self.strength = 'established' if strength is _MISSING else strength
        self.provision = None if provision is _MISSING else provision
        self.description = description


class Penalty(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.Penalty`."""

    _fields = ('max_imprisonment', 'fine', 'civil', 'summary', 'verified', )
    _defaults = {'max_imprisonment': None, 'fine': None, 'civil': None, 'verified': True}

    def __init__(self, *, max_imprisonment: Any = _MISSING, fine: Any = _MISSING, civil: Any = _MISSING, summary: Any, verified: Any = _MISSING) -> None:
        self.max_imprisonment = None if max_imprisonment is _MISSING else max_imprisonment
        self.fine = None if fine is _MISSING else fine
        self.civil = None if civil is _MISSING else civil
        self.summary = summary
        self.verified = True if verified is _MISSING else verified


class LicenceRoute(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.LicenceRoute`."""

    _fields = ('id', 'title', 'authority', 'how', 'url', 'effect', 'match', 'in_force', 'kinds', )
    _defaults = {'effect': 'licensed', 'match': [], 'kinds': None}

    def __init__(self, *, id: Any, title: Any, authority: Any, how: Any, url: Any, effect: Any = _MISSING, match: Any = _MISSING, in_force: Any, kinds: Any = _MISSING) -> None:
        self.id = id
        self.title = title
        self.authority = authority
        self.how = how
        self.url = url
        self.effect = 'licensed' if effect is _MISSING else effect
        self.match = [] if match is _MISSING else _list(match)
        self.in_force = in_force
        self.kinds = None if kinds is _MISSING else None if kinds is None else _list(kinds)


class Unsettled(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.Unsettled`."""

    _fields = ('kinds', 'reason', 'sources', 'de_facto', )
    _defaults = {'sources': [], 'de_facto': False}

    def __init__(self, *, kinds: Any, reason: Any, sources: Any = _MISSING, de_facto: Any = _MISSING) -> None:
        self.kinds = _list(kinds)
        self.reason = reason
        self.sources = [] if sources is _MISSING else _list(sources)
        self.de_facto = False if de_facto is _MISSING else de_facto


class DeFactoTest(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.DeFactoTest`."""

    _fields = ('counterpart_kinds', 'activity_kinds', 'test', 'provision', 'fact', 'when_not_met', 'unsettled', 'stricter', 'sources', 'verified', 'unverified_points', )
    _defaults = {'counterpart_kinds': [], 'activity_kinds': [], 'unsettled': None, 'stricter': None, 'unverified_points': []}

    def __init__(self, *, counterpart_kinds: Any = _MISSING, activity_kinds: Any = _MISSING, test: Any, provision: Any, fact: Any, when_not_met: Any, unsettled: Any = _MISSING, stricter: Any = _MISSING, sources: Any, verified: Any, unverified_points: Any = _MISSING) -> None:
        self.counterpart_kinds = [] if counterpart_kinds is _MISSING else _list(counterpart_kinds)
        self.activity_kinds = [] if activity_kinds is _MISSING else _list(activity_kinds)
        self.test = test
        self.provision = provision
        self.fact = fact
        self.when_not_met = when_not_met
        self.unsettled = None if unsettled is _MISSING else unsettled
        self.stricter = None if stricter is _MISSING else stricter
        self.sources = _list(sources)
        self.verified = verified
        self.unverified_points = [] if unverified_points is _MISSING else _list(unverified_points)


class ProsecutionConsent(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.ProsecutionConsent`."""

    _fields = ('authority', 'provision', 'text', 'foreign_element_only', 'in_force', 'sources', 'verified', )
    _defaults = {'foreign_element_only': False, 'in_force': None}

    def __init__(self, *, authority: Any, provision: Any, text: Any, foreign_element_only: Any = _MISSING, in_force: Any = _MISSING, sources: Any, verified: Any) -> None:
        self.authority = authority
        self.provision = provision
        self.text = text
        self.foreign_element_only = False if foreign_element_only is _MISSING else foreign_element_only
        self.in_force = None if in_force is _MISSING else in_force
        self.sources = _list(sources)
        self.verified = verified


class Lapse(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.Lapse`."""

    _fields = ('reason', 'sources', )

    def __init__(self, *, reason: Any, sources: Any) -> None:
        self.reason = reason
        self.sources = _list(sources)


class Prohibition(RuntimeModel, VersionedBehaviour):
    """Runtime twin of :class:`legalcheck.models.rules.Prohibition`."""

    _fields = ('id', 'title', 'instrument', 'provisions', 'summary', 'text', 'layer', 'activity_kinds', 'designation_lists', 'area_lists', 'conditions', 'mental_element', 'reach', 'penalty', 'licence_routes', 'unsettled', 'de_facto', 'prosecution_consent', 'interpretation', 'in_force', 'sources', 'verified', 'unverified_points', 'last_reviewed', 'review_by', 'supersedes', 'lapsed', 'formerly', 'notes', )
    _defaults = {'text': None, 'designation_lists': [], 'area_lists': [], 'conditions': [], 'licence_routes': [], 'unsettled': [], 'de_facto': [], 'prosecution_consent': None, 'interpretation': [], 'unverified_points': [], 'review_by': None, 'supersedes': None, 'lapsed': None, 'formerly': [], 'notes': None}

    def __init__(self, *, id: Any, title: Any, instrument: Any, provisions: Any, summary: Any, text: Any = _MISSING, layer: Any, activity_kinds: Any, designation_lists: Any = _MISSING, area_lists: Any = _MISSING, conditions: Any = _MISSING, mental_element: Any, reach: Any, penalty: Any, licence_routes: Any = _MISSING, unsettled: Any = _MISSING, de_facto: Any = _MISSING, prosecution_consent: Any = _MISSING, interpretation: Any = _MISSING, in_force: Any, sources: Any, verified: Any, unverified_points: Any = _MISSING, last_reviewed: Any, review_by: Any = _MISSING, supersedes: Any = _MISSING, lapsed: Any = _MISSING, formerly: Any = _MISSING, notes: Any = _MISSING) -> None:
        self.id = id
        self.title = title
        self.instrument = instrument
        self.provisions = _list(provisions)
        self.summary = summary
        self.text = None if text is _MISSING else text
        self.layer = layer
        self.activity_kinds = _list(activity_kinds)
        self.designation_lists = [] if designation_lists is _MISSING else _list(designation_lists)
        self.area_lists = [] if area_lists is _MISSING else _list(area_lists)
        self.conditions = [] if conditions is _MISSING else _list(conditions)
        self.mental_element = mental_element
        self.reach = _list(reach)
        self.penalty = penalty
        self.licence_routes = [] if licence_routes is _MISSING else _list(licence_routes)
        self.unsettled = [] if unsettled is _MISSING else _list(unsettled)
        self.de_facto = [] if de_facto is _MISSING else _list(de_facto)
        self.prosecution_consent = None if prosecution_consent is _MISSING else prosecution_consent
        self.interpretation = [] if interpretation is _MISSING else _list(interpretation)
        self.in_force = in_force
        self.sources = _list(sources)
        self.verified = verified
        self.unverified_points = [] if unverified_points is _MISSING else _list(unverified_points)
        self.last_reviewed = last_reviewed
        self.review_by = None if review_by is _MISSING else review_by
        self.supersedes = None if supersedes is _MISSING else supersedes
        self.lapsed = None if lapsed is _MISSING else lapsed
        self.formerly = [] if formerly is _MISSING else _list(formerly)
        self.notes = None if notes is _MISSING else notes


class FunderTest(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.FunderTest`."""

    _fields = ('kinds', 'countries', )
    _defaults = {'kinds': [], 'countries': []}

    def __init__(self, *, kinds: Any = _MISSING, countries: Any = _MISSING) -> None:
        self.kinds = [] if kinds is _MISSING else _list(kinds)
        self.countries = [] if countries is _MISSING else _list(countries)


class FactTest(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.FactTest`."""

    _fields = ('name', 'equals', 'if_missing', )
    _defaults = {'if_missing': 'unknown'}

    def __init__(self, *, name: Any, equals: Any, if_missing: Any = _MISSING) -> None:
        self.name = name
        self.equals = equals
        self.if_missing = 'unknown' if if_missing is _MISSING else if_missing


class Predicate(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.Predicate`."""

    _fields = ('label', 'org_type', 'org_flag', 'purpose', 'funded_by', 'fact', 'activity_kind', 'place', 'funders_listed', 'any', 'all', 'none', 'always', )
    _defaults = {'label': None, 'org_type': None, 'org_flag': None, 'purpose': None, 'funded_by': None, 'fact': None, 'activity_kind': None, 'place': None, 'funders_listed': None, 'any': None, 'all': None, 'none': None, 'always': None}

    def __init__(self, *, label: Any = _MISSING, org_type: Any = _MISSING, org_flag: Any = _MISSING, purpose: Any = _MISSING, funded_by: Any = _MISSING, fact: Any = _MISSING, activity_kind: Any = _MISSING, place: Any = _MISSING, funders_listed: Any = _MISSING, any: Any = _MISSING, all: Any = _MISSING, none: Any = _MISSING, always: Any = _MISSING) -> None:
        self.label = None if label is _MISSING else label
        self.org_type = None if org_type is _MISSING else None if org_type is None else _list(org_type)
        self.org_flag = None if org_flag is _MISSING else org_flag
        self.purpose = None if purpose is _MISSING else None if purpose is None else _list(purpose)
        self.funded_by = None if funded_by is _MISSING else funded_by
        self.fact = None if fact is _MISSING else fact
        self.activity_kind = None if activity_kind is _MISSING else None if activity_kind is None else _list(activity_kind)
        self.place = None if place is _MISSING else None if place is None else _list(place)
        self.funders_listed = None if funders_listed is _MISSING else funders_listed
        self.any = None if any is _MISSING else None if any is None else _list(any)
        self.all = None if all is _MISSING else None if all is None else _list(all)
        self.none = None if none is _MISSING else None if none is None else _list(none)
        self.always = None if always is _MISSING else always


class Exemption(RuntimeModel, VersionedBehaviour):
    """Runtime twin of :class:`legalcheck.models.rules.Exemption`."""

    _fields = ('id', 'title', 'instrument', 'provisions', 'summary', 'text', 'kind', 'effect', 'applies_to', 'activity_kinds', 'qualifies', 'conditions', 'unsettled', 'in_force', 'sources', 'verified', 'unverified_points', 'last_reviewed', 'review_by', 'supersedes', 'lapsed', 'formerly', 'notes', )
    _defaults = {'text': None, 'activity_kinds': None, 'conditions': [], 'unsettled': [], 'unverified_points': [], 'review_by': None, 'supersedes': None, 'lapsed': None, 'formerly': [], 'notes': None}

    def __init__(self, *, id: Any, title: Any, instrument: Any, provisions: Any, summary: Any, text: Any = _MISSING, kind: Any, effect: Any, applies_to: Any, activity_kinds: Any = _MISSING, qualifies: Any, conditions: Any = _MISSING, unsettled: Any = _MISSING, in_force: Any, sources: Any, verified: Any, unverified_points: Any = _MISSING, last_reviewed: Any, review_by: Any = _MISSING, supersedes: Any = _MISSING, lapsed: Any = _MISSING, formerly: Any = _MISSING, notes: Any = _MISSING) -> None:
        self.id = id
        self.title = title
        self.instrument = instrument
        self.provisions = _list(provisions)
        self.summary = summary
        self.text = None if text is _MISSING else text
        self.kind = kind
        self.effect = effect
        self.applies_to = _list(applies_to)
        self.activity_kinds = None if activity_kinds is _MISSING else None if activity_kinds is None else _list(activity_kinds)
        self.qualifies = qualifies
        self.conditions = [] if conditions is _MISSING else _list(conditions)
        self.unsettled = [] if unsettled is _MISSING else _list(unsettled)
        self.in_force = in_force
        self.sources = _list(sources)
        self.verified = verified
        self.unverified_points = [] if unverified_points is _MISSING else _list(unverified_points)
        self.last_reviewed = last_reviewed
        self.review_by = None if review_by is _MISSING else review_by
        self.supersedes = None if supersedes is _MISSING else supersedes
        self.lapsed = None if lapsed is _MISSING else lapsed
        self.formerly = [] if formerly is _MISSING else _list(formerly)
        self.notes = None if notes is _MISSING else notes


class CoverageDecision(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.CoverageDecision`."""

    _fields = ('activity_kinds', 'decision', 'reason', 'sources', 'settled_by', 'none_when', 'none_reason', )
    _defaults = {'settled_by': None, 'none_when': False, 'none_reason': None}

    def __init__(self, *, activity_kinds: Any, decision: Any, reason: Any, sources: Any, settled_by: Any = _MISSING, none_when: Any = _MISSING, none_reason: Any = _MISSING) -> None:
        self.activity_kinds = _list(activity_kinds)
        self.decision = decision
        self.reason = reason
        self.sources = _list(sources)
        self.settled_by = None if settled_by is _MISSING else settled_by
        self.none_when = False if none_when is _MISSING else none_when
        self.none_reason = None if none_reason is _MISSING else none_reason


class RuleFile(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.rules.RuleFile`."""

    _fields = ('schema_', 'jurisdiction', 'instruments', 'prohibitions', 'exemptions', 'coverage_decisions', )
    _aliases = {'schema_': '$schema'}
    _defaults = {'schema_': None, 'jurisdiction': None, 'instruments': [], 'prohibitions': [], 'exemptions': [], 'coverage_decisions': []}

    def __init__(self, *, schema_: Any = _MISSING, jurisdiction: Any = _MISSING, instruments: Any = _MISSING, prohibitions: Any = _MISSING, exemptions: Any = _MISSING, coverage_decisions: Any = _MISSING) -> None:
        self.schema_ = None if schema_ is _MISSING else schema_
        self.jurisdiction = None if jurisdiction is _MISSING else jurisdiction
        self.instruments = [] if instruments is _MISSING else _list(instruments)
        self.prohibitions = [] if prohibitions is _MISSING else _list(prohibitions)
        self.exemptions = [] if exemptions is _MISSING else _list(exemptions)
        self.coverage_decisions = [] if coverage_decisions is _MISSING else _list(coverage_decisions)


class ListAssertions(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.designations.ListAssertions`."""

    _fields = ('min_entries', 'max_entries', )
    _defaults = {'min_entries': 0, 'max_entries': 1000000}

    def __init__(self, *, min_entries: Any = _MISSING, max_entries: Any = _MISSING) -> None:
        self.min_entries = 0 if min_entries is _MISSING else min_entries
        self.max_entries = 1000000 if max_entries is _MISSING else max_entries


class Designation(RuntimeModel, DesignationBehaviour):
    """Runtime twin of :class:`legalcheck.models.designations.Designation`."""

    _fields = ('id', 'entity', 'name', 'aliases', 'weak_aliases', 'type', 'reference', 'listed_from', 'listed_to', 'covers', 'scope_note', 'part_of', 'area_country', 'area_whole_country', 'history', 'sources', 'verified', 'date_margin_days', )
    _defaults = {'entity': None, 'aliases': [], 'weak_aliases': [], 'type': 'organisation', 'reference': None, 'listed_to': None, 'covers': 'whole', 'scope_note': None, 'part_of': None, 'area_country': None, 'area_whole_country': False, 'history': [], 'verified': True, 'date_margin_days': None}
    _private = ('_list_margin',)

    def __init__(self, *, id: Any, entity: Any = _MISSING, name: Any, aliases: Any = _MISSING, weak_aliases: Any = _MISSING, type: Any = _MISSING, reference: Any = _MISSING, listed_from: Any, listed_to: Any = _MISSING, covers: Any = _MISSING, scope_note: Any = _MISSING, part_of: Any = _MISSING, area_country: Any = _MISSING, area_whole_country: Any = _MISSING, history: Any = _MISSING, sources: Any, verified: Any = _MISSING, date_margin_days: Any = _MISSING) -> None:
        self.id = id
        self.entity = None if entity is _MISSING else entity
        self.name = name
        self.aliases = [] if aliases is _MISSING else _list(aliases)
        self.weak_aliases = [] if weak_aliases is _MISSING else _list(weak_aliases)
        self.type = 'organisation' if type is _MISSING else type
        self.reference = None if reference is _MISSING else reference
        self.listed_from = listed_from
        self.listed_to = None if listed_to is _MISSING else listed_to
        self.covers = 'whole' if covers is _MISSING else covers
        self.scope_note = None if scope_note is _MISSING else scope_note
        self.part_of = None if part_of is _MISSING else part_of
        self.area_country = None if area_country is _MISSING else area_country
        self.area_whole_country = False if area_whole_country is _MISSING else area_whole_country
        self.history = [] if history is _MISSING else _list(history)
        self.sources = _list(sources)
        self.verified = True if verified is _MISSING else verified
        self.date_margin_days = None if date_margin_days is _MISSING else date_margin_days
        self._list_margin = None


class DesignationList(RuntimeModel, DesignationListBehaviour):
    """Runtime twin of :class:`legalcheck.models.designations.DesignationList`."""

    _fields = ('schema_', 'id', 'title', 'jurisdiction', 'kind', 'authority', 'legal_basis', 'url', 'as_of', 'review_days', 'description', 'complete', 'regime_encoded', 'covers_from', 'unverified_margin_days', 'also_binds', 'assertions', 'entries', 'notes', )
    _aliases = {'schema_': '$schema'}
    _defaults = {'schema_': None, 'review_days': 365, 'complete': False, 'regime_encoded': True, 'covers_from': None, 'unverified_margin_days': None, 'also_binds': [], 'assertions': ListAssertions(), 'entries': [], 'notes': None}

    def __init__(self, *, schema_: Any = _MISSING, id: Any, title: Any, jurisdiction: Any, kind: Any, authority: Any, legal_basis: Any, url: Any, as_of: Any, review_days: Any = _MISSING, description: Any, complete: Any = _MISSING, regime_encoded: Any = _MISSING, covers_from: Any = _MISSING, unverified_margin_days: Any = _MISSING, also_binds: Any = _MISSING, assertions: Any = _MISSING, entries: Any = _MISSING, notes: Any = _MISSING) -> None:
        self.schema_ = None if schema_ is _MISSING else schema_
        self.id = id
        self.title = title
        self.jurisdiction = jurisdiction
        self.kind = kind
        self.authority = authority
        self.legal_basis = legal_basis
        self.url = url
        self.as_of = as_of
        self.review_days = 365 if review_days is _MISSING else review_days
        self.description = description
        self.complete = False if complete is _MISSING else complete
        self.regime_encoded = True if regime_encoded is _MISSING else regime_encoded
        self.covers_from = None if covers_from is _MISSING else covers_from
        self.unverified_margin_days = None if unverified_margin_days is _MISSING else unverified_margin_days
        self.also_binds = [] if also_binds is _MISSING else _list(also_binds)
        self.assertions = ListAssertions() if assertions is _MISSING else assertions
        self.entries = [] if entries is _MISSING else _list(entries)
        self.notes = None if notes is _MISSING else notes


class Staff(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.engagement.Staff`."""

    _fields = ('nationality', 'role', 'name', 'residence', 'un_official', 'count', )
    _defaults = {'role': None, 'name': None, 'residence': None, 'un_official': None, 'count': 1}

    def __init__(self, *, nationality: Any, role: Any = _MISSING, name: Any = _MISSING, residence: Any = _MISSING, un_official: Any = _MISSING, count: Any = _MISSING) -> None:
        self.nationality = nationality
        self.role = None if role is _MISSING else role
        self.name = None if name is _MISSING else name
        self.residence = None if residence is _MISSING else residence
        self.un_official = None if un_official is _MISSING else un_official
        self.count = 1 if count is _MISSING else count


class Organisation(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.engagement.Organisation`."""

    _fields = ('name', 'type', 'incorporated_in', *_FLAGS, 'staff', 'offices')
    _defaults = {'staff': [], 'offices': [], **_FLAG_DEFAULTS}

    def __init__(self, *, name: Any, type: Any, incorporated_in: Any, staff: Any = _MISSING, offices: Any = _MISSING, **flags: Any) -> None:
        self.name = name
        self.type = type
        self.incorporated_in = incorporated_in
        self.staff = [] if staff is _MISSING else _list(staff)
        self.offices = [] if offices is _MISSING else _list(offices)
        for flag in _FLAGS:
            setattr(self, flag, flags.pop(flag, _FLAG_DEFAULTS[flag]))
        if flags:
            raise TypeError(f'unknown fields: {sorted(flags)}')


class Funder(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.engagement.Funder`."""

    _fields = ('name', 'country', 'kind', )

    def __init__(self, *, name: Any, country: Any, kind: Any) -> None:
        self.name = name
        self.country = country
        self.kind = kind


class Counterpart(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.engagement.Counterpart`."""

    _fields = ('id', 'name', 'aliases', 'notes', 'kind', 'part_of', 'designated_part', 'facts', )
    _defaults = {'aliases': [], 'notes': None, 'kind': None, 'part_of': None, 'designated_part': None, 'facts': {}}

    def __init__(self, *, id: Any, name: Any, aliases: Any = _MISSING, notes: Any = _MISSING, kind: Any = _MISSING, part_of: Any = _MISSING, designated_part: Any = _MISSING, facts: Any = _MISSING) -> None:
        self.id = id
        self.name = name
        self.aliases = [] if aliases is _MISSING else _list(aliases)
        self.notes = None if notes is _MISSING else notes
        self.kind = None if kind is _MISSING else kind
        self.part_of = None if part_of is _MISSING else part_of
        self.designated_part = None if designated_part is _MISSING else designated_part
        self.facts = {} if facts is _MISSING else _dict(facts)


class Location(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.engagement.Location`."""

    _fields = ('country', 'area', )
    _defaults = {'area': None}

    def __init__(self, *, country: Any, area: Any = _MISSING) -> None:
        self.country = country
        self.area = None if area is _MISSING else area


class Activity(RuntimeModel, ActivityBehaviour):
    """Runtime twin of :class:`legalcheck.models.engagement.Activity`."""

    _fields = ('id', 'kind', 'description', 'performed_by', 'counterpart', 'date', 'purpose', 'licences', 'arranged_from', 'value_passes', 'paid_from', 'facts', )
    _defaults = {'description': None, 'performed_by': None, 'counterpart': None, 'date': None, 'purpose': None, 'licences': [], 'arranged_from': None, 'value_passes': None, 'paid_from': None, 'facts': {}}

    def __init__(self, *, id: Any, kind: Any, description: Any = _MISSING, performed_by: Any = _MISSING, counterpart: Any = _MISSING, date: Any = _MISSING, purpose: Any = _MISSING, licences: Any = _MISSING, arranged_from: Any = _MISSING, value_passes: Any = _MISSING, paid_from: Any = _MISSING, facts: Any = _MISSING) -> None:
        self.id = id
        self.kind = kind
        self.description = None if description is _MISSING else description
        self.performed_by = None if performed_by is _MISSING else None if performed_by is None else _list(performed_by)
        self.counterpart = None if counterpart is _MISSING else counterpart
        self.date = None if date is _MISSING else date
        self.purpose = None if purpose is _MISSING else purpose
        self.licences = [] if licences is _MISSING else _list(licences)
        self.arranged_from = None if arranged_from is _MISSING else None if arranged_from is None else _list(arranged_from)
        self.value_passes = None if value_passes is _MISSING else value_passes
        self.paid_from = None if paid_from is _MISSING else paid_from
        self.facts = {} if facts is _MISSING else _dict(facts)


class ReadinessCriterion(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.engagement.ReadinessCriterion`."""

    _fields = ('status', 'note', )
    _defaults = {'note': None}

    def __init__(self, *, status: Any, note: Any = _MISSING) -> None:
        self.status = status
        self.note = None if note is _MISSING else note


class Actor(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.engagement.Actor`."""

    _fields = ('name', 'role', 'note', )
    _defaults = {'note': None}

    def __init__(self, *, name: Any, role: Any, note: Any = _MISSING) -> None:
        self.name = name
        self.role = role
        self.note = None if note is _MISSING else note


class Readiness(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.engagement.Readiness`."""

    _fields = ('agreed_topics', 'progress_likely', 'security_guarantees', 'local_legitimacy', 'international_acceptance', 'can_withdraw', 'actor_map', 'principles_of_engagement', 'disengagement_triggers', 'concession_limits', )
    _defaults = {'agreed_topics': None, 'progress_likely': None, 'security_guarantees': None, 'local_legitimacy': None, 'international_acceptance': None, 'can_withdraw': None, 'actor_map': [], 'principles_of_engagement': [], 'disengagement_triggers': [], 'concession_limits': []}

    def __init__(self, *, agreed_topics: Any = _MISSING, progress_likely: Any = _MISSING, security_guarantees: Any = _MISSING, local_legitimacy: Any = _MISSING, international_acceptance: Any = _MISSING, can_withdraw: Any = _MISSING, actor_map: Any = _MISSING, principles_of_engagement: Any = _MISSING, disengagement_triggers: Any = _MISSING, concession_limits: Any = _MISSING) -> None:
        self.agreed_topics = None if agreed_topics is _MISSING else agreed_topics
        self.progress_likely = None if progress_likely is _MISSING else progress_likely
        self.security_guarantees = None if security_guarantees is _MISSING else security_guarantees
        self.local_legitimacy = None if local_legitimacy is _MISSING else local_legitimacy
        self.international_acceptance = None if international_acceptance is _MISSING else international_acceptance
        self.can_withdraw = None if can_withdraw is _MISSING else can_withdraw
        self.actor_map = [] if actor_map is _MISSING else _list(actor_map)
        self.principles_of_engagement = [] if principles_of_engagement is _MISSING else _list(principles_of_engagement)
        self.disengagement_triggers = [] if disengagement_triggers is _MISSING else _list(disengagement_triggers)
        self.concession_limits = [] if concession_limits is _MISSING else _list(concession_limits)


class MemoMeta(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.engagement.MemoMeta`."""

    _fields = ('matter', 'prepared_by', 'reviewed_by', 'confidentiality', )
    _defaults = {'matter': None, 'prepared_by': None, 'reviewed_by': None, 'confidentiality': None}

    def __init__(self, *, matter: Any = _MISSING, prepared_by: Any = _MISSING, reviewed_by: Any = _MISSING, confidentiality: Any = _MISSING) -> None:
        self.matter = None if matter is _MISSING else matter
        self.prepared_by = None if prepared_by is _MISSING else prepared_by
        self.reviewed_by = None if reviewed_by is _MISSING else reviewed_by
        self.confidentiality = None if confidentiality is _MISSING else confidentiality


class Engagement(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.engagement.Engagement`."""

    _fields = ('schema_', 'format', 'title', 'date', 'purpose', 'organisation', 'funders', 'counterparts', 'location', 'activities', 'readiness', 'memo', 'facts', )
    _aliases = {'schema_': '$schema'}
    _defaults = {'schema_': None, 'format': 1, 'funders': [], 'counterparts': [], 'readiness': None, 'memo': None, 'facts': {}}

    def __init__(self, *, schema_: Any = _MISSING, format: Any = _MISSING, title: Any, date: Any, purpose: Any, organisation: Any, funders: Any = _MISSING, counterparts: Any = _MISSING, location: Any, activities: Any, readiness: Any = _MISSING, memo: Any = _MISSING, facts: Any = _MISSING) -> None:
        self.schema_ = None if schema_ is _MISSING else schema_
        self.format = 1 if format is _MISSING else format
        self.title = title
        self.date = date
        self.purpose = purpose
        self.organisation = organisation
        self.funders = [] if funders is _MISSING else _list(funders)
        self.counterparts = [] if counterparts is _MISSING else _list(counterparts)
        self.location = location
        self.activities = _list(activities)
        self.readiness = None if readiness is _MISSING else readiness
        self.memo = None if memo is _MISSING else memo
        self.facts = {} if facts is _MISSING else _dict(facts)


class ListProvenance(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.result.ListProvenance`."""

    _fields = ('id', 'title', 'as_of', 'entries', )

    def __init__(self, *, id: Any, title: Any, as_of: Any, entries: Any) -> None:
        self.id = id
        self.title = title
        self.as_of = as_of
        self.entries = entries


class Provenance(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.result.Provenance`."""

    _fields = ('tool_version', 'rules_sha256', 'input_sha256', 'as_of', 'as_of_overridden', 'screening_threshold', 'screening_review_threshold', 'lists', 'data_source', )
    _defaults = {'input_sha256': None, 'as_of_overridden': False, 'data_source': None}

    def __init__(self, *, tool_version: Any, rules_sha256: Any, input_sha256: Any = _MISSING, as_of: Any, as_of_overridden: Any = _MISSING, screening_threshold: Any, screening_review_threshold: Any, lists: Any, data_source: Any = _MISSING) -> None:
        self.tool_version = tool_version
        self.rules_sha256 = rules_sha256
        self.input_sha256 = None if input_sha256 is _MISSING else input_sha256
        self.as_of = as_of
        self.as_of_overridden = False if as_of_overridden is _MISSING else as_of_overridden
        self.screening_threshold = coerce_float(screening_threshold)
        self.screening_review_threshold = coerce_float(screening_review_threshold)
        self.lists = _list(lists)
        self.data_source = None if data_source is _MISSING else data_source


class MatchOut(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.result.MatchOut`."""

    _fields = ('list', 'designation', 'entry_id', 'matched_name', 'score', 'match', 'in_force', 'listed_from', 'listed_to', 'reference', 'covers', 'scope_note', 'explanation', )
    _defaults = {'reference': None, 'covers': 'whole', 'scope_note': None}

    def __init__(self, *, list: Any, designation: Any, entry_id: Any, matched_name: Any, score: Any, match: Any, in_force: Any, listed_from: Any, listed_to: Any, reference: Any = _MISSING, covers: Any = _MISSING, scope_note: Any = _MISSING, explanation: Any) -> None:
        self.list = list
        self.designation = designation
        self.entry_id = entry_id
        self.matched_name = matched_name
        self.score = coerce_float(score)
        self.match = match
        self.in_force = in_force
        self.listed_from = listed_from
        self.listed_to = listed_to
        self.reference = None if reference is _MISSING else reference
        self.covers = 'whole' if covers is _MISSING else covers
        self.scope_note = None if scope_note is _MISSING else scope_note
        self.explanation = explanation


class CounterpartOut(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.result.CounterpartOut`."""

    _fields = ('id', 'name', 'status', 'summary', 'entities', 'matches', )

    def __init__(self, *, id: Any, name: Any, status: Any, summary: Any, entities: Any, matches: Any) -> None:
        self.id = id
        self.name = name
        self.status = status
        self.summary = summary
        self.entities = _list(entities)
        self.matches = _list(matches)


class JurisdictionOut(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.result.JurisdictionOut`."""

    _fields = ('code', 'name', 'applies', 'connections', 'activities', )

    def __init__(self, *, code: Any, name: Any, applies: Any, connections: Any, activities: Any) -> None:
        self.code = code
        self.name = name
        self.applies = applies
        self.connections = _list(connections)
        self.activities = _list(activities)


class ActivityOut(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.result.ActivityOut`."""

    _fields = ('id', 'kind', 'label', 'description', 'date', 'purpose', 'performed_by', 'counterparts', 'outcome', 'strictest_jurisdictions', )

    def __init__(self, *, id: Any, kind: Any, label: Any, description: Any, date: Any, purpose: Any, performed_by: Any, counterparts: Any, outcome: Any, strictest_jurisdictions: Any) -> None:
        self.id = id
        self.kind = kind
        self.label = label
        self.description = description
        self.date = date
        self.purpose = purpose
        self.performed_by = _list(performed_by)
        self.counterparts = _list(counterparts)
        self.outcome = coerce_outcome(outcome)
        self.strictest_jurisdictions = _list(strictest_jurisdictions)


class Citation(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.result.Citation`."""

    _fields = ('instrument', 'citation', 'provisions', 'url', )

    def __init__(self, *, instrument: Any, citation: Any, provisions: Any, url: Any) -> None:
        self.instrument = instrument
        self.citation = citation
        self.provisions = _list(provisions)
        self.url = url


class ExemptionConsidered(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.result.ExemptionConsidered`."""

    _fields = ('id', 'title', 'provisions', 'url', 'kind', 'result', 'outcome', 'reason', 'conditions', 'questions', 'verified', )
    _defaults = {'url': None, 'outcome': None, 'conditions': [], 'questions': []}

    def __init__(self, *, id: Any, title: Any, provisions: Any, url: Any = _MISSING, kind: Any, result: Any, outcome: Any = _MISSING, reason: Any, conditions: Any = _MISSING, questions: Any = _MISSING, verified: Any) -> None:
        self.id = id
        self.title = title
        self.provisions = _list(provisions)
        self.url = None if url is _MISSING else url
        self.kind = kind
        self.result = result
        self.outcome = None if outcome is _MISSING else None if outcome is None else coerce_outcome(outcome)
        self.reason = reason
        self.conditions = [] if conditions is _MISSING else _list(conditions)
        self.questions = [] if questions is _MISSING else _list(questions)
        self.verified = verified


class LicenceRouteOut(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.result.LicenceRouteOut`."""

    _fields = ('id', 'title', 'authority', 'how', 'url', )

    def __init__(self, *, id: Any, title: Any, authority: Any, how: Any, url: Any) -> None:
        self.id = id
        self.title = title
        self.authority = authority
        self.how = how
        self.url = url


class OpenQuestion(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.result.OpenQuestion`."""

    _fields = ('key', 'text', 'scope', 'answer_at', )

    def __init__(self, *, key: Any, text: Any, scope: Any, answer_at: Any) -> None:
        self.key = key
        self.text = text
        self.scope = scope
        self.answer_at = answer_at


class Exposure(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.result.Exposure`."""

    _fields = ('who', 'max_penalty', 'penalties', 'notes', )
    _defaults = {'max_penalty': None, 'penalties': [], 'notes': []}

    def __init__(self, *, who: Any, max_penalty: Any = _MISSING, penalties: Any = _MISSING, notes: Any = _MISSING) -> None:
        self.who = _list(who)
        self.max_penalty = None if max_penalty is _MISSING else max_penalty
        self.penalties = [] if penalties is _MISSING else _list(penalties)
        self.notes = [] if notes is _MISSING else _list(notes)


class Component(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.result.Component`."""

    _fields = ('layer', 'outcome', 'rule', 'title', 'provisions', 'citation', 'sources', 'facts_used', 'reached', 'trigger', 'exemptions_considered', 'licence_routes', 'reasons', 'questions', 'open_questions', 'assumptions', 'explanation', 'exposure', 'mental_element', 'verified', 'last_reviewed', )
    _defaults = {'trigger': None, 'licence_routes': [], 'open_questions': [], 'exposure': None}

    def __init__(self, *, layer: Any, outcome: Any, rule: Any, title: Any, provisions: Any, citation: Any, sources: Any, facts_used: Any, reached: Any, trigger: Any = _MISSING, exemptions_considered: Any, licence_routes: Any = _MISSING, reasons: Any, questions: Any, open_questions: Any = _MISSING, assumptions: Any, explanation: Any, exposure: Any = _MISSING, mental_element: Any, verified: Any, last_reviewed: Any) -> None:
        self.layer = layer
        self.outcome = coerce_outcome(outcome)
        self.rule = rule
        self.title = title
        self.provisions = _list(provisions)
        self.citation = citation
        self.sources = _list(sources)
        self.facts_used = _dict(facts_used)
        self.reached = _list(reached)
        self.trigger = None if trigger is _MISSING else trigger
        self.exemptions_considered = _list(exemptions_considered)
        self.licence_routes = [] if licence_routes is _MISSING else _list(licence_routes)
        self.reasons = _list(reasons)
        self.questions = _list(questions)
        self.open_questions = [] if open_questions is _MISSING else _list(open_questions)
        self.assumptions = _list(assumptions)
        self.explanation = explanation
        self.exposure = None if exposure is _MISSING else exposure
        self.mental_element = mental_element
        self.verified = verified
        self.last_reviewed = last_reviewed


class Finding(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.result.Finding`."""

    _fields = ('activity', 'activity_kind', 'date', 'jurisdiction', 'outcome', 'layers', 'summary', 'components', 'exposure', 'questions', 'open_questions', 'what_would_change', 'assumptions', )
    _defaults = {'exposure': None, 'questions': [], 'open_questions': [], 'what_would_change': [], 'assumptions': []}

    def __init__(self, *, activity: Any, activity_kind: Any, date: Any, jurisdiction: Any, outcome: Any, layers: Any, summary: Any, components: Any, exposure: Any = _MISSING, questions: Any = _MISSING, open_questions: Any = _MISSING, what_would_change: Any = _MISSING, assumptions: Any = _MISSING) -> None:
        self.activity = activity
        self.activity_kind = activity_kind
        self.date = date
        self.jurisdiction = jurisdiction
        self.outcome = coerce_outcome(outcome)
        self.layers = coerce_outcomes(layers)
        self.summary = summary
        self.components = _list(components)
        self.exposure = None if exposure is _MISSING else exposure
        self.questions = [] if questions is _MISSING else _list(questions)
        self.open_questions = [] if open_questions is _MISSING else _list(open_questions)
        self.what_would_change = [] if what_would_change is _MISSING else _list(what_would_change)
        self.assumptions = [] if assumptions is _MISSING else _list(assumptions)


class Result(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.result.Result`."""

    _fields = ('format', 'title', 'as_of', 'provenance', 'assumptions', 'counterparts', 'jurisdictions', 'activities', 'findings', 'warnings', 'notice', )
    _defaults = {'format': 1, 'warnings': []}

    def __init__(self, *, format: Any = _MISSING, title: Any, as_of: Any, provenance: Any, assumptions: Any, counterparts: Any, jurisdictions: Any, activities: Any, findings: Any, warnings: Any = _MISSING, notice: Any) -> None:
        self.format = 1 if format is _MISSING else format
        self.title = title
        self.as_of = as_of
        self.provenance = provenance
        self.assumptions = _list(assumptions)
        self.counterparts = _list(counterparts)
        self.jurisdictions = _list(jurisdictions)
        self.activities = _list(activities)
        self.findings = _list(findings)
        self.warnings = [] if warnings is _MISSING else _list(warnings)
        self.notice = notice


class ConnectionOut(RuntimeModel):
    """Runtime twin of :class:`legalcheck.models.result.ConnectionOut`."""

    _fields = ('basis', 'description', 'strength', )

    def __init__(self, *, basis: Any, description: Any, strength: Any) -> None:
        self.basis = basis
        self.description = description
        self.strength = strength
