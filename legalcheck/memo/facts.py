"""The facts the memo relies on and the assumptions it makes (section 3), as view-model phrases."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models.runtime import Engagement, Organisation, Result
from ..predicates import FLAG_LABELS
from ..vocabulary import VOCABULARY
from .text import Free, Words, free

# How the facts line names each organisation flag: its ``memo_label`` in the vocabulary (else its id in words), in
# the vocabulary's order, so a new flag is always listed among the facts relied on.
FLAG_NAMES = {f.id: f.memo_label or f.id.replace("_", " ") for f in VOCABULARY.organisation_flags}


@dataclass(frozen=True)
class Fact:
    """One fact relied on: ``lead``, then ``strong`` (emphasised, may be None), then ``text``."""

    lead: str
    strong: Free | None
    text: Words


def _yes_no(value: bool | None) -> str:
    return "yes" if value else ("no" if value is False else "not stated")


def _organisation(org: Organisation) -> Words:
    flags = "; ".join(f"{FLAG_NAMES.get(k, k.replace('_', ' '))}: {_yes_no(getattr(org, k, None))}"
                      for k in FLAG_LABELS)
    return (free(org.name), f"; type {org.type.value}; incorporated in {org.incorporated_in}; {flags}.")


def general_facts(eng: Engagement) -> list[Fact]:
    org = eng.organisation
    nationalities = ", ".join(dict.fromkeys(s.nationality for s in org.staff)) or "none listed"
    funders: list[str] = []
    for f in eng.funders:
        funders += [*(("; ",) if funders else ()), free(f.name), f" ({f.kind.value}, {f.country})"]
    answers = answered_facts(eng)
    return [
        Fact("Organisation: ", None, _organisation(org)),
        Fact("Staff nationalities: ", None, (f"{nationalities}.",)),
        Fact("Funders: ", None, (*(funders or ["none listed"]), ".")),
        Fact("Purpose: ", None, (f"{eng.purpose.value}.",)),
        *([Fact("Answers given in the file: ", None, ("; ".join(answers) + ".",))] if answers else []),
    ]


def answered_facts(eng: Engagement) -> list[str]:
    """Every answer the file gives to a deciding question (``facts:`` at each level and the deciding fields), as
    ``where key = value`` phrases, so the memo lists what it relied on."""
    out = [f"{k} = {v!r}" for k, v in eng.facts.items()]
    out += [f"staff ({s.nationality}) resident in {s.residence}" for s in eng.organisation.staff if s.residence]
    out += [f"staff ({s.nationality}) acting for the UN officially: {_yes_no(s.un_official)}"
            for s in eng.organisation.staff if s.un_official is not None]
    out += [f"offices in {', '.join(eng.organisation.offices)}"] if eng.organisation.offices else []
    for c in eng.counterparts:
        fields = {"kind": c.kind, "part_of": c.part_of, "designated_part": c.designated_part, **c.facts}
        out += [f"counterpart {c.id}: {k} = {v!r}" for k, v in fields.items() if v is not None]
    for a in eng.activities:
        fields = {"arranged_from": ", ".join(a.arranged_from) if a.arranged_from else None,
                  "value_passes": a.value_passes, "paid_from": a.paid_from, **a.facts}
        out += [f"activity {a.id}: {k} = {v!r}" for k, v in fields.items() if v is not None]
    return out


def activity_facts(r: Result) -> list[Fact]:
    return [Fact("Activity ", free(a.id), (
        f" ({a.kind}: ", free(a.label), "): ", free(a.description) if a.description else "no description",
        f" — performed by {', '.join(a.performed_by) or 'no staff listed'}; "
        + (f"counterpart(s): {', '.join(a.counterparts) or 'none'}; "
           if list(a.counterparts) != [c.id for c in r.counterparts] or len(r.counterparts) != 1 else "")
        + f"date {a.date}; purpose {a.purpose}.")) for a in r.activities]


def assumptions(r: Result) -> list[Free]:
    """The general assumptions, then each finding's and rule's own, once each, in the order first made; the
    "not on a list and removed since" assumptions about one counterpart are said once for all its lists."""
    seen = dict.fromkeys(r.assumptions)
    for f in r.findings:
        seen.update(dict.fromkeys(x for x in f.assumptions if x not in seen))
        for c in f.components:
            seen.update(dict.fromkeys(x for x in c.assumptions if x not in seen))
    return [free(x) for x in _merged_gaps(list(seen))]


_GAP = re.compile(r"^(?P<gaps>.*?); (?P<who>\S.*? is identified on .*?, and no list shows a removal of it since "
                  r"[0-9-]+); it is taken not to have been on .+ and removed since$")
_CLAUSE = re.compile(r"^(?P<lists>.+) holds? no removals before (?P<day>[0-9-]+)$")


def _merged_gaps(items: list[str]) -> list[str]:
    """Assumptions of :func:`legalcheck.engine.horizon.not_listed_before_coverage` with the same counterpart and day
    merged into one sentence naming every list (by the date each list's data reaches back to)."""
    groups: dict[str, dict[str, list[str]]] = {}
    out: list[str | tuple[str]] = []
    for x in items:
        m = _GAP.match(x)
        clauses = [_CLAUSE.match(c) for c in m.group("gaps").split("; ")] if m else []
        if not m or not all(clauses):
            out.append(x)
            continue
        if m.group("who") not in groups:
            groups[m.group("who")] = {}
            out.append((m.group("who"),))
        for c in clauses:
            assert c is not None
            by_day = groups[m.group("who")].setdefault(c.group("day"), [])
            by_day.extend(lid for lid in c.group("lists").split(", ") if lid not in by_day)
    return [x if isinstance(x, str) else _gap_sentence(x[0], groups[x[0]]) for x in out]


def _gap_sentence(who: str, by_day: dict[str, list[str]]) -> str:
    lists = [lid for day in sorted(by_day) for lid in by_day[day]]
    gaps = "; ".join(f"{', '.join(ls)} hold{'' if len(ls) > 1 else 's'} no removals before {day}"
                     for day, ls in sorted(by_day.items()))
    return (f"{gaps}; {who}; it is taken not to have been on "
            f"{lists[0] if len(lists) == 1 else 'any of them'} and removed since")



