"""The executive summary: one plain sentence per activity, then what to do (the action list).

Every sentence and action is read from the result: the strictest outcome of the activity, the layer and
jurisdictions that give it, who is reached, the exemptions that applied, the licence routes of the rules that
bite and the keyed open questions. The words for outcomes come from the vocabulary data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models.runtime import ActivityOut, Component, Finding, Result
from ..vocabulary import VOCABULARY
from .analysis import short_who
from .parts import Label, label
from .text import OUTCOME_PLAIN, Free, Words, free

BITES = ("prohibited", "needs_review")
_ACTIVITY = re.compile(r"activities\[[^\]]*\]")  # where an activity's answer goes: named for every activity asking


@dataclass(frozen=True)
class Sentence:
    id: Free
    outcome: Label
    text: Words


@dataclass(frozen=True)
class Action:
    verb: str  # "Stop", "Apply", "Ask counsel", "Answer"
    text: Words


@dataclass(frozen=True)
class Summary:
    sentences: list[Sentence]
    actions: list[Action]


def _names(r: Result, codes: list[str]) -> str:
    names = [{j.code: j.name for j in r.jurisdictions}.get(c, c) for c in codes]
    return " and ".join(x for x in (", ".join(names[:-1]), names[-1] if names else "") if x)


def _comps(fs: list[Finding], outcome: str) -> list[tuple[Finding, Component]]:
    return [(f, c) for f in fs for c in f.components if c.outcome.value == outcome]


def _prohibited(r: Result, a: ActivityOut, fs: list[Finding]) -> str:
    comps = _comps(fs, "prohibited")
    what = " and ".join(dict.fromkeys(VOCABULARY.layer(c.layer).plain_breach for _, c in comps)) or "prohibited"
    who = list(dict.fromkeys(short_who(x) for _, c in comps for x in c.reached if not x.endswith("(arguable)")))
    codes = list(dict.fromkeys(f.jurisdiction for f, _ in comps)) or a.strictest_jurisdictions
    return (f"do not go ahead: it is {what} under {_names(r, codes)} law"
            + (f" for {'; '.join(who[:2])}" if who else "") + ".")


def _relied_on(fs: list[Finding], outcome: str) -> str:
    titles = [e.title for _, c in _comps(fs, outcome) for e in c.exemptions_considered if e.result == "applies"]
    return "; ".join(dict.fromkeys(titles))


def _text(r: Result, a: ActivityOut, fs: list[Finding]) -> str:
    o = a.outcome.value
    if o == "prohibited":
        return _prohibited(r, a, fs)
    if o == "needs_review":
        keys = any(f.open_questions for f in fs if f.outcome.value == "needs_review")
        return (f"ask counsel before going ahead: not concluded under {_names(r, a.strictest_jurisdictions)} law"
                + ("; open facts below" if keys else "") + ".")
    if o in ("licensed", "exempt"):
        relied = _relied_on(fs, o)
        return (f"{OUTCOME_PLAIN[o]}" + (f" ({relied})" if relied else "")
                + f" under {_names(r, a.strictest_jurisdictions)} law; see section 8.")
    return f"{OUTCOME_PLAIN[o]}."


def _sentences(r: Result, by_activity: dict[str, list[Finding]]) -> list[Sentence]:
    return [Sentence(free(a.id), label(a.outcome),
                     (free(a.label), f" ({a.date}): ", _text(r, a, by_activity.get(a.id, []))))
            for a in r.activities]


_PAREN = re.compile(r"\s*\([^()]*\)")
POINT_WORDS = 8  # the most words of an unsettled point named in the action list (section 6 gives it whole)


def _short(text: str) -> str:
    """The first clause of ``text`` without parentheses, cut to ``POINT_WORDS`` words."""
    first = re.split(r"(?<=[a-z)])[.;:] ", _PAREN.sub("", text).strip(), maxsplit=1)[0].rstrip(".")
    words = first.split()
    return " ".join(words[:POINT_WORDS]) + ("…" if len(words) > POINT_WORDS else "")


def counsel_points(f: Finding) -> list[str]:
    """What counsel is asked about a needs-review finding, short: the law's reach, each unsettled point, an
    unverified rule text, or (with no rule engaged) the jurisdiction's open coverage; facts go to "Answer"."""
    out: list[str] = []
    for c in f.components:
        if c.outcome.value != "needs_review":
            continue
        for r in c.reasons:
            if r.startswith("reach is arguable only"):
                out.append("its reach")
            elif r.startswith("unsettled: "):
                out.append(f"“{_short(r.removeprefix('unsettled: '))}”")
            elif r.startswith("this rule has not been verified"):
                out.append("unverified rule text")
    if not any(c.outcome.value == "needs_review" for c in f.components) and "(coverage decision)" in f.summary:
        out.append("its coverage of the activity")
    return list(dict.fromkeys(out))


def _ids(items: list[str]) -> str:
    return ", ".join(dict.fromkeys(items))


def _actions(r: Result, by_activity: dict[str, list[Finding]]) -> list[Action]:
    out: list[Action] = []
    stop = [a.id for a in r.activities if a.outcome.value == "prohibited"]
    if stop:
        out.append(Action("Stop", (free(_ids(stop)), ": prohibited as planned (section 6); see the ways forward.")))
    routes: dict[str, tuple[str, str, list[str]]] = {}
    counsel: dict[str, tuple[list[str], list[str]]] = {}
    keys: dict[str, tuple[str, list[str]]] = {}
    for a in r.activities:
        for f in by_activity.get(a.id, []):
            if f.outcome.value == "needs_review" and (f.components or not f.open_questions):  # else: a fact settles it
                ids, points = counsel.setdefault(f.jurisdiction, ([], []))
                ids.append(a.id)
                points += counsel_points(f)
            for c in f.components:
                if c.outcome.value in BITES:
                    for lr in c.licence_routes:
                        routes.setdefault(lr.id, (lr.title, lr.authority, []))[2].append(a.id)
            for q in f.open_questions:
                keys.setdefault(q.key, (q.answer_at, []))[1].append(a.id)
    for title, authority, ids in routes.values():
        out.append(Action("Apply", ("to ", free(authority), " for ", free(title), " (", free(_ids(ids)), ").")))
    if counsel:
        parts = []
        same: dict[tuple[str, str], list[str]] = {}  # jurisdictions with the same activities and points, together
        for code, (ids, points) in counsel.items():
            same.setdefault((_ids(ids), _ids(points)), []).append(code)
        for (ids, points), codes in same.items():
            parts += [*(("; ",) if parts else ()), f"{_names(r, codes)} law for ", free(ids),
                      *((" — ", free(points)) if points else ())]
        out.append(Action("Ask counsel", ("about ", *parts, " (why in section 6).")))
    if keys:
        parts: list[str] = []
        for key, (where, ids) in keys.items():
            where = _ACTIVITY.sub(lambda _, ids=ids: f"activities[{_ids(ids)}]", where)
            parts += [*(("; ",) if parts else ()), f"{key} at ", free(where), " (", free(_ids(ids)), ")"]
        out.append(Action("Answer", ("these open facts: ", *parts, ".")))
    return out


def build_summary(r: Result) -> Summary:
    by_activity: dict[str, list[Finding]] = {}
    for f in r.findings:
        by_activity.setdefault(f.activity, []).append(f)
    return Summary(_sentences(r, by_activity), _actions(r, by_activity))
