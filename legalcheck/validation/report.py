"""How every check reports: a problem at the file and line where the rule or list is defined."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import Problem
from ..models.common import Period
from ..models.rules import Exemption, Instrument, Predicate, Prohibition
from ..models.ruleset import RuleSet

Rule = Prohibition | Exemption


@dataclass
class Report:
    """The rule set being checked, the day it is checked on, and the problems found so far."""

    rs: RuleSet
    today: dt.date
    problems: list[Problem] = field(default_factory=list)

    @property
    def prohibitions(self) -> dict[str, Prohibition]:
        return {p.id: p for j in self.rs.jurisdictions.values() for p in j.prohibitions}

    @property
    def exemptions(self) -> dict[str, Exemption]:
        return {e.id: e for j in self.rs.jurisdictions.values() for e in j.exemptions}

    def err(self, item_id: str, message: str, severity: str = "error", **kw: str) -> None:
        """A problem with one rule, instrument, jurisdiction or list, at the line that defines it."""
        f, line = self.rs.locations.get(item_id, ("?", None))
        self.problems.append(Problem(file=f, line=line, message=f"{item_id}: {message}", severity=severity, **kw))

    def at(self, file: str, line: int | None, message: str, severity: str = "error", **kw: str) -> None:
        self.problems.append(Problem(file=file, line=line, message=message, severity=severity, **kw))

    def instrument(self, instrument_id: str) -> Instrument | None:
        try:
            return self.rs.instrument(instrument_id)
        except KeyError:
            return None

    def jurisdiction_of(self, item_id: str) -> str | None:
        for code, j in self.rs.jurisdictions.items():
            if any(r.id == item_id for r in [*j.prohibitions, *j.exemptions]):
                return code
        return None


def overlap(a: Period, b: Period) -> bool:
    """Whether two periods share at least one day (``to`` is exclusive)."""
    return (b.to is None or a.from_ < b.to) and (a.to is None or b.from_ < a.to)


def predicates(p: Predicate) -> Iterator[Predicate]:
    """A qualifier and every qualifier nested in it."""
    yield p
    for group in (p.any, p.all, p.none):
        for child in group or []:
            yield from predicates(child)
