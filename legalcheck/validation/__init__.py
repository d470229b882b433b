"""Checks over a loaded rule set, grouped by subject.

- :mod:`.references`: every id, kind, fact, country, list and jurisdiction named exists and fits;
- :mod:`.versions`: successive versions of a rule form a chain with neither gap nor overlap;
- :mod:`.dates`: implausible, reversed or future dates, reviews, periods that never meet;
- :mod:`.citations`: sources and URLs that cite what was read;
- :mod:`.lists`: designation list files, dates and freshness.

Each check reports at the file and line where the rule or list is defined.
"""

from __future__ import annotations

import datetime as dt

from ..errors import Problem
from ..models.ruleset import RuleSet
from . import citations, coverage, dates, lists, references, versions
from .report import Report


def cross_reference_problems(rs: RuleSet, today: dt.date | None = None) -> list[Problem]:
    """Every problem the checks find in a loaded rule set (errors and warnings), as of ``today``."""
    report = Report(rs, today or dt.date.today())
    references.check(report)
    versions.check(report)
    citations.check(report)
    dates.check(report)
    lists.check(report)
    coverage.check(report)
    return report.problems
