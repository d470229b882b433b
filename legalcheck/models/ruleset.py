"""A loaded rule set: every jurisdiction's instruments, prohibitions and exemptions, the vocabulary and the lists.

Built by :func:`legalcheck.ruleset.load_ruleset`; checked by :mod:`legalcheck.validation`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from ..vocabulary import VOCABULARY

if TYPE_CHECKING:  # the objects are pydantic models (read from YAML) or their runtime twins (a compiled snapshot)
    from .designations import DesignationList
    from .rules import (
        ActivityKind,
        CountryGroup,
        CoverageDecision,
        Exemption,
        FactDef,
        Instrument,
        JurisdictionMeta,
        Prohibition,
    )


@dataclass
class Jurisdiction:
    meta: JurisdictionMeta
    instruments: dict[str, Instrument] = field(default_factory=dict)
    prohibitions: list[Prohibition] = field(default_factory=list)
    exemptions: list[Exemption] = field(default_factory=list)
    coverage: list[CoverageDecision] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


@dataclass
class RuleSet:
    root: Path
    activity_kinds: dict[str, ActivityKind]
    facts: dict[str, FactDef]
    groups: dict[str, CountryGroup]
    jurisdictions: dict[str, Jurisdiction]
    lists: dict[str, DesignationList]
    sha256: str
    warnings: list[Problem] = field(default_factory=list)
    locations: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    _screener: Any = None

    def screener(self) -> Any:
        """The name screener over every designation list (built once)."""
        if self._screener is None:
            from ..screening import Screener

            self._screener = Screener([lst for lst in self.lists.values() if lst.regime_encoded])
        return self._screener

    def unencoded_screener(self) -> Any:
        """A screener over the lists of regimes legalcheck does not encode (``regime_encoded: false``), or None."""
        if "_unencoded_screener" not in self.__dict__:
            from ..screening import Screener

            lists = [lst for lst in self.lists.values() if not lst.regime_encoded]
            self.__dict__["_unencoded_screener"] = Screener(lists) if lists else None
        return self.__dict__["_unencoded_screener"]

    def all_lists_index(self) -> Any:
        """The name index over every list, as ``legalcheck screen`` builds it (kept in the compiled snapshot as
        pickled bytes, unpickled only by ``screen``: a check does not pay for it)."""
        index = self.__dict__.get("_all_lists_index")
        if index is None:
            source = self.__dict__.pop("_all_lists_index_source", None)  # (path, rules hash, packaged)
            if source is not None:
                from ..snapshot import load_index

                found = load_index(source[0], source[1], packaged=source[2])  # the same checks as the rule set
                index = found[0] if found is not None else None
            if index is None:
                from ..screening import Screener

                index = Screener(list(self.lists.values())).index
            self.__dict__["_all_lists_index"] = index
        return index

    def ordered_jurisdictions(self) -> list[Jurisdiction]:
        return [self.jurisdictions[c] for c in VOCABULARY.jurisdiction_codes if c in self.jurisdictions]

    def expand(self, countries: list[str], day: dt.date) -> set[str]:
        """Expand ISO codes and ``@GROUP`` ids to the set of ISO codes as of ``day``."""
        key = (tuple(countries), day)
        cache = self.__dict__.setdefault("_expand_cache", {})
        hit = cache.get(key)
        if hit is not None:
            return hit
        out: set[str] = set()
        for c in countries:
            if c.startswith("@"):
                group = self.groups[c]
                out.update(m.country for m in group.members if m.period.contains(day))
            else:
                out.add(c)
        if len(cache) < 100_000:
            cache[key] = frozenset(out)
        return out

    def renamed(self) -> dict[str, str]:
        """Former rule ids (``formerly:``) and the id each rule has now."""
        return {old: r.id for j in self.jurisdictions.values() for r in [*j.prohibitions, *j.exemptions]
                for old in r.formerly}

    def instrument(self, instrument_id: str) -> Instrument:
        index = self.__dict__.get("_instruments")
        if index is None:
            index = {}
            for j in reversed(list(self.jurisdictions.values())):  # the first jurisdiction's wins, as in a scan
                index.update(j.instruments)
            self.__dict__["_instruments"] = index
        return index[instrument_id]
