"""What the memo does not cover, and what may be out of date on the day the memo is made.

The countries connected to the engagement whose law is not encoded are read from the engagement and the rule data
(each jurisdiction's ``countries``); what is always outside scope is the vocabulary's ``out_of_scope`` list. The
staleness notes compare the memo date (memo metadata, never part of the result) with each list's check date and
review period and each rule's review date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..countries import country_name
from ..models.engagement import Engagement
from ..models.result import Component, Result
from ..ruleset import RuleSet
from ..vocabulary import VOCABULARY

_LIST = re.compile(r" on (\S+) on \d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class NotCovered:
    countries: list[str]  # "NO (Norway): funder Norad" phrases
    always: list[str]


def _connected(eng: Engagement) -> dict[str, list[str]]:
    """Every country connected to the engagement, with how."""
    out: dict[str, list[str]] = {}

    def add(code: str | None, how: str) -> None:
        if code and how not in out.setdefault(code, []):
            out[code].append(how)

    org = eng.organisation
    add(org.incorporated_in, "organisation incorporated there")
    add(eng.location.country, "the activities take place there (host state)")
    for s in org.staff:
        add(s.nationality, "staff nationality")
        add(s.residence, "staff residence")
    for o in org.offices:
        add(o, "office")
    for f in eng.funders:
        add(f.country, f"funder {f.name}")
    for a in eng.activities:
        for c in a.arranged_from or []:
            add(c, "activity arranged from an office there")
        add(a.paid_from, "activity paid from an account there")
    return out


def not_covered(eng: Engagement, rules: RuleSet | None) -> NotCovered:
    covered: set[str] = set()
    if rules is not None:
        for j in rules.jurisdictions.values():
            covered |= rules.expand(j.meta.countries, eng.date)
    else:
        covered = set(VOCABULARY.jurisdiction_codes)
    countries = [f"{code} ({country_name(code)}): {', '.join(how)}"
                 for code, how in _connected(eng).items() if code not in covered]
    return NotCovered(countries, list(VOCABULARY.out_of_scope))


def rule_staleness(c: Component, day: dt.date, memo_date: dt.date, rules: RuleSet | None) -> list[str]:
    """Why a finding under ``c`` may be out of date: the list relied on was checked before the activity, or the
    list or the rule is past its review date on the memo date."""
    if rules is None:
        return []
    out = []
    m = _LIST.search(c.trigger or "")
    lst = rules.lists.get(m.group(1)) if m else None
    if lst is not None:
        if day > lst.as_of:
            out.append(f"list {lst.id} was last checked on {lst.as_of}, before this activity's date ({day})")
        due = lst.as_of + dt.timedelta(days=lst.review_days)
        if memo_date > due:
            out.append(f"list {lst.id} was due for re-checking on {due}, before the memo date ({memo_date})")
    review_by = next((p.review_by for j in rules.jurisdictions.values() for p in j.prohibitions if p.id == c.rule),
                     None)
    if review_by and memo_date > review_by:
        out.append(f"rule {c.rule} was due for review on {review_by}, before the memo date ({memo_date})")
    return out


def staleness(r: Result, memo_date: dt.date, rules: RuleSet | None) -> dict[tuple[str, str, str], list[str]]:
    """The staleness notes of every engaged component, by (activity, jurisdiction, rule)."""
    out = {}
    for f in r.findings:
        for c in f.components:
            notes = rule_staleness(c, f.date, memo_date, rules)
            if notes:
                out[(f.activity, f.jurisdiction, c.rule)] = notes
    return out
