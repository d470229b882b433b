"""What the engine derives from the rule data alone, once per rule set: which prohibitions cover an activity kind,
the dates their periods compare with a day, a prohibition's reach in a comparable form, an exemption's qualifier in
words.

Nothing here reads an engagement: the index lives with the rule set (made when a
:class:`~legalcheck.engine.checker.Checker` is made, filled as rules are first used) and serves every check and
every plan row. Each value is remembered against the rule object it was derived from (compared by identity, so a
copy of a rule made later, e.g. by a test, gets its own).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..models.ruleset import Jurisdiction, RuleSet
from ..models.runtime import Exemption, Predicate, Prohibition
from ..predicates import Compiled, compile_predicate, describe
from .situation import Dates, period_dates

T = TypeVar("T")
KEY = "_engine_rule_index"


class RuleIndex:
    """Per rule set: values derived from rule objects, each computed once."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self._memo: dict[object, dict[int, tuple[object, Any]]] = {}

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled (with the rule set, in the compiled snapshot) empty: its values hold closures, and are derived
        again on first use."""
        return (RuleIndex, (self.rules,))

    def _derived(self, tag: object, obj: object, compute: Callable[[], T]) -> T:
        by_id = self._memo.get(tag)
        if by_id is None:
            by_id = self._memo[tag] = {}
        hit = by_id.get(id(obj))
        if hit is None or hit[0] is not obj:
            hit = by_id[id(obj)] = (obj, compute())
        return hit[1]  # type: ignore[no-any-return]

    def covering(self, jur: Jurisdiction, kind: str) -> tuple[tuple[Prohibition, ...], Dates]:
        """The jurisdiction's prohibitions that cover ``kind`` (in data order), and the dates their periods in
        force compare a day with."""
        by_kind: dict[str, tuple[tuple[Prohibition, ...], Dates]] = self._derived(
            "covering", jur.prohibitions, dict)
        hit = by_kind.get(kind)
        if hit is None:
            kinds = tuple(p for p in jur.prohibitions if kind in p.activity_kinds)
            hit = by_kind[kind] = (kinds, period_dates(*(p.in_force for p in kinds)))
        return hit

    def reach_key(self, p: Prohibition) -> tuple[object, ...]:
        """Everything of ``p`` that the reach step reads: two prohibitions with the same key are reached alike."""
        return self._derived("reach", p.reach, lambda: tuple(
            (c.basis, tuple(c.countries), c.strength, c.provision, c.description) for c in p.reach))

    def rule_dates(self, p: Prohibition) -> Dates:
        """The dates the periods of ``p`` and of its licence routes compare a day with."""
        return self._derived("dates", p, lambda: period_dates(p.in_force, *(r.in_force for r in p.licence_routes)))

    def component_fields(self, jur: Jurisdiction, p: Prohibition) -> tuple[dict[str, Any], dict[str, Any]]:
        """The fields of a component of ``p`` (under ``jur``) that read the rule data only, and its citation's
        but the provisions (shared: the caller copies each list)."""
        return self._derived(("component", jur.meta.code), p, lambda: self._component_fields(jur, p))

    def _component_fields(self, jur: Jurisdiction, p: Prohibition) -> tuple[dict[str, Any], dict[str, Any]]:
        inst = jur.instruments.get(p.instrument) or self.rules.instrument(p.instrument)
        fields = dict(layer=p.layer.value, rule=p.id, title=p.title, provisions=p.provisions,
                      sources=[s.url for s in p.sources], mental_element=p.mental_element, verified=p.verified,
                      last_reviewed=p.last_reviewed)
        return fields, dict(instrument=inst.id, citation=inst.citation, url=inst.url)

    def exemption(self, e: Exemption) -> ExemptionData:
        """What the engine reads of ``e`` beyond its fields: its qualifier compiled and in words, the facts the
        qualifier tests, its instrument's URL and the dates of its period."""
        return self._derived("exemption", e, lambda: self._exemption(e))

    def _exemption(self, e: Exemption) -> ExemptionData:
        try:
            url = self.rules.instrument(e.instrument).url
        except KeyError:
            url = e.sources[0].url
        return ExemptionData(url, compile_predicate(e.qualifies), describe(e.qualifies),
                             tuple(dict.fromkeys(fact_names(e.qualifies))), reads(e.qualifies, "activity_kind"),
                             reads(e.qualifies, "purpose"), period_dates(e.in_force))


@dataclass(frozen=True)
class ExemptionData:
    url: str
    """The URL of the exemption's instrument (its first source when the instrument is not loaded)."""
    qualifier: Compiled
    """``qualifies``, compiled (:func:`~legalcheck.predicates.compile_predicate`)."""
    text: str
    """``describe(qualifies)``: what qualifies, in words."""
    fact_names: tuple[str, ...]
    """The facts the qualifier tests, anywhere in it (the only facts of the file its verdict reads)."""
    reads_kind: bool
    """Whether the qualifier tests the activity kind anywhere in it."""
    reads_purpose: bool
    """Whether the qualifier tests the purpose anywhere in it."""
    dates: Dates
    """The dates its period in force compares a day with."""


def fact_names(q: Predicate) -> list[str]:
    nested = [*(q.all or []), *(q.any or []), *(q.none or [])]
    return ([q.fact.name] if q.fact is not None else []) + [n for sub in nested for n in fact_names(sub)]


def reads(q: Predicate, key: str) -> bool:
    """Whether ``q`` or a predicate nested in it sets ``key``."""
    nested = [*(q.all or []), *(q.any or []), *(q.none or [])]
    return getattr(q, key) is not None or any(reads(sub, key) for sub in nested)


def rule_index(rules: RuleSet) -> RuleIndex:
    """The index of ``rules`` (made on first use, kept with the rule set)."""
    idx = rules.__dict__.get(KEY)
    if idx is None:
        idx = rules.__dict__[KEY] = RuleIndex(rules)
    return idx  # type: ignore[no-any-return]
