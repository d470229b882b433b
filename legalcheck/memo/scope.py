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
from typing import Any

from ..countries import country_name
from ..models.runtime import Component, Engagement, Result
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
        for code, j in rules.jurisdictions.items():
            covered |= {code, *rules.expand(j.meta.countries, eng.date)}
    else:
        covered = set(VOCABULARY.jurisdiction_codes)
    countries = [f"{code} ({country_name(code)}): {', '.join(how)}"
                 for code, how in _connected(eng).items() if code not in covered]
    return NotCovered(countries, list(VOCABULARY.out_of_scope))


def _rules_by_id(rules: RuleSet) -> dict[str, Any]:
    return {x.id: x for j in rules.jurisdictions.values() for x in (*j.prohibitions, *j.exemptions)}


def _list_notes(list_ids: list[str], day: dt.date, memo_date: dt.date, rules: RuleSet) -> list[str]:
    out = []
    for lid in list_ids:
        lst = rules.lists.get(lid)
        if lst is None:
            continue
        if day > lst.as_of:
            out.append(f"list {lst.id} was last checked on {lst.as_of}, before this activity's date ({day})")
        due = lst.review_due
        if memo_date > due:
            out.append(f"list {lst.id} was due for re-checking on {due}")  # before the memo date (header)
    return out


def rule_staleness(c: Component, day: dt.date, memo_date: dt.date, rules: RuleSet | None,
                   by_id: dict[str, Any] | None = None) -> list[str]:
    """Why a finding under ``c`` may be out of date: a list the rule reads on the day (its designation and area
    lists, and the list named in its trigger) was checked before the activity or is past its review period on the
    memo date; the rule, or an exemption or licence that applied, is past its ``review_by`` on the memo date."""
    if rules is None:
        return []
    by_id = by_id if by_id is not None else _rules_by_id(rules)
    rule = by_id.get(c.rule)
    m = _LIST.search(c.trigger or "")
    lists = [*(rule.designation_lists + rule.area_lists if rule is not None else []), *([m.group(1)] if m else [])]
    out = _list_notes(list(dict.fromkeys(lists)), day, memo_date, rules)
    relied = [by_id.get(e.id) for e in c.exemptions_considered if e.result == "applies"]
    for x in (rule, *relied):
        if x is not None and x.review_by and memo_date > x.review_by:
            out.append(f"rule {x.id} was due for review on {x.review_by}")
    return out


def staleness(r: Result, memo_date: dt.date, rules: RuleSet | None) -> dict[tuple[str, str], dict[str, list[str]]]:
    """The staleness notes of every component considered (engaged or not), by (activity, jurisdiction), then rule."""
    out: dict[tuple[str, str], dict[str, list[str]]] = {}
    by_id = _rules_by_id(rules) if rules is not None else {}
    for f in r.findings:
        for c in f.components:
            notes = rule_staleness(c, f.date, memo_date, rules, by_id)
            if notes:
                out.setdefault((f.activity, f.jurisdiction), {})[c.rule] = notes
    return out
