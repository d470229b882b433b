"""The steps that apply one prohibition to a situation, in the order docs/rules-format.md documents them.

Each step reads the situation (and what earlier steps found) and returns a :class:`StepResult`; none sets the
final outcome, which :func:`legalcheck.engine.component.decide` derives from the results in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..designation_status import ListStatus, absence_fact, status_rank, unverified_deciding_dates
from ..models.enums import Outcome
from ..models.runtime import Counterpart, Prohibition, ReachClause
from ..questions import stated_fact
from .areas import area_status
from .defacto import de_facto_step
from .exemptions import consider_keyed, exemptions_for
from .horizon import not_listed_before_coverage, stale_lists
from .reach import UNSTATED, best_status, reached
from .ruleindex import rule_index
from .situation import Situation, period_dates
from .step import SEVERITY, Question, Step, StepResult, doubt, not_engaged, nothing

REACH_TEXT = {
    "nationality": "staff of nationality {subject}",
    "residence": "staff resident in {subject}",
    "incorporation": "the organisation (incorporated in {subject})",
    "territory": "anyone acting in {subject} (the organisation and its staff)",
    "government_funding": "the organisation (funded by {subject})",
    "any_person": "any person involved (the organisation and its staff, whatever their nationality)",
    "arranged_from": "the organisation's office in {subject}, which arranges, directs or pays for the activity",
    "business_in_union": "the organisation, for business done in whole or in part in the Union ({subject})",
}
# The question asked when a reach basis holds only if an unstated fact is so (``reach.UNSTATED``).
REACH_QUESTIONS = {
    "residence": Question("In which country does each staff member who carries out this activity live?",
                          key="residence", scope="staff"),
    "arranged_from": Question("From which countries' offices is this activity arranged, directed or paid for?",
                              key="arranged_from"),
    "business_in_union": Question("From which country's bank account is this activity paid (or does the money pass "
                                  "through the EU)?", key="paid_from"),
}


def reach_step(sit: Situation, p: Prohibition, before: tuple[StepResult, ...]) -> StepResult:
    """Whom the prohibition binds here (its ``reach`` clauses); nobody → ``not_applicable``.

    It reads only the reach clauses, the jurisdiction (its countries, funder kinds and connections), the activity
    and the engagement: once per situation for each set of clauses (prohibitions of a jurisdiction often share
    them), remembered per activity and jurisdiction (``Situation.once_here``)."""
    memo: dict[object, StepResult] = sit.memo  # type: ignore[attr-defined]
    key = ("reach_step", rule_index(sit.rules).reach_key(p))
    hit = memo.get(key)
    if hit is None:
        clauses = p.reach
        hit = memo[key] = sit.once_here(key, lambda: _reach(sit, clauses))
    return hit


def _reach(sit: Situation, clauses: list[ReachClause]) -> StepResult:
    who: list[str] = []
    arguable: list[str] = []
    asks: dict[str, Question] = {}
    dates: set[dt.date] = set()
    for clause in clauses:
        r = reached(clause.basis, clause.countries, sit)
        dates |= r.dates
        for h in r.hits:
            label = REACH_TEXT[h.basis].format(subject=h.subject) + f" — {clause.description}"
            label += f" ({clause.provision})" if clause.provision else ""
            if h.detail == UNSTATED:
                label += f" — if so: {h.basis.replace('_', ' ')} not stated"
                asks[h.basis] = REACH_QUESTIONS[h.basis]
            (who if clause.strength == "established" and h.strength == "established" else arguable).append(label)
    loc = sit.engagement.location
    facts = (("performed by", ", ".join(sit.performer_nationalities()) or "(no staff listed)"),
             ("organisation incorporated in", sit.engagement.organisation.incorporated_in),
             ("place", loc.country + (f" ({loc.area})" if loc.area else "")))
    if not who and not arguable:
        return StepResult("reach", Outcome.not_applicable, "Does not reach the persons carrying out this activity; "
                          "it binds: " + "; ".join(c.description for c in clauses) + ".", facts=facts,
                          dates=frozenset(dates))
    reasons = () if who else ("reach is arguable only: " + "; ".join(arguable),)
    return StepResult("reach", doubtful=not who, reasons=reasons, facts=facts, dates=frozenset(dates),
                      reached=tuple(who), arguable=tuple(arguable), questions=() if who else tuple(asks.values()))


def designation_step(sit: Situation, p: Prohibition, before: tuple[StepResult, ...]) -> StepResult:
    """Whether a counterpart is designated on one of the prohibition's ``designation_lists`` on the day.

    It reads only the lists, the activity's counterparts and the day, never the jurisdiction, the rest of the
    activity or the rest of the prohibition: once per check for each set of counterparts, day and set of lists
    (a :class:`StepResult` is immutable)."""
    if not p.designation_lists:
        return nothing("designation")
    lists = p.designation_lists
    memo: dict[object, StepResult] = sit.memo  # type: ignore[attr-defined]
    local = ("designation_step", tuple(lists))  # this situation's view
    hit = memo.get(local)
    if hit is None:
        key = ("designation_step", sit.counterpart_ids(), sit.day, sit.day_text, local[1])
        hit = memo[local] = sit.once_per_check(key, lambda: _designation(sit, lists))
    return hit


def _designation(sit: Situation, designation_lists: list[str]) -> StepResult:
    cps = sit.counterparts()
    if not cps:
        text = "no counterpart is named for this activity, so it cannot be screened"
        ask = Question("Which group is the counterpart of this activity?", key="counterpart")
        return doubt("designation", text, ask, trigger=text)
    statuses = [(cp, answered_part(cp, best_status(sit, cp, designation_lists))) for cp in cps]
    dates = frozenset(d for _, st in statuses for d in st.dates)
    cp, st = max(statuses, key=lambda x: status_rank(x[1], sit.day))
    facts = (("counterpart", cp.name),)
    lists = ", ".join(designation_lists)
    window = _outside_list_data(sit, designation_lists, st, facts, [c for c, _ in statuses])
    if window.doubtful:
        return replace(window, dates=dates | window.dates)
    dates |= window.dates
    unverified = unverified_deciding_dates(st, sit.day)
    if unverified and st.state in ("not_listed", "designated"):
        return _unverified_dates(st.explanation, unverified, facts, dates)
    if st.state == "not_listed":
        assumed = "".join(f" Assumed: {a}." for a in window.assumptions)
        return not_engaged("designation", f"Not engaged: it applies only to groups on {lists}; {st.explanation}."
                           + assumed, trigger=st.explanation, facts=facts, dates=dates,
                           assumptions=window.assumptions)
    if st.state == "designated":
        return StepResult("designation", trigger=st.explanation, facts=facts, dates=dates)
    if st.state == "unlisted_subset":
        asks = [Question(f"Is {cp.name} on {title} ({lid}) on {sit.day_text}? (check the full official list)",
                         key=_absence_key(sit, lid), scope="counterpart", about=cp.id,
                         no_fact=None if _absence_key(sit, lid) else LIST_DATA) for lid, title in st.absent_from]
        return doubt("designation", st.explanation, *asks, trigger=st.explanation, facts=facts, dates=dates)
    if st.state == "unknown" and cp.id in sit.screens and sit.screens[cp.id].within:
        q = Question(f"Is {cp.name} part of (a wing, branch, front or institution of) "
                     f"{sit.screens[cp.id].within[0].designation.name}? Name that group as a counterpart and give "
                     "its id here.", key="part_of", scope="counterpart", about=cp.id)
    elif st.state == "unknown":
        q = Question(f"Is {cp.name} (or any group it belongs to) designated on {lists}? Give its listed name or an "
                     "alias.", key="aliases", scope="counterpart", about=cp.id)
    else:
        q = Question(f"Is {cp.name} the designated group (or the designated part of it)?", key="designated_part",
                     scope="counterpart", about=cp.id)
    return doubt("designation", st.explanation, q, trigger=st.explanation, facts=facts, dates=dates)


def _absence_key(sit: Situation, list_id: str) -> str | None:
    """The fact that answers whether a counterpart is on ``list_id``, when the vocabulary has it."""
    fact = absence_fact(list_id)
    return fact if fact in sit.rules.facts else None


LIST_DATA = ("the list data is fixed in legalcheck's designations/ folder, not in the engagement file: a lawyer must "
             "check the official list (or its archive) for this day, or a maintainer must extend the list data")


def _outside_list_data(sit: Situation, lists: list[str], st: ListStatus, facts: tuple[tuple[str, str], ...],
                       cps: list[Counterpart]) -> StepResult:
    """Doubt when the day is outside the window the list data answers for: after a list's check date plus its
    review interval (a listing or delisting since would not be known), or — for "not listed" only — before its
    ``covers_from``, unless :func:`~legalcheck.engine.horizon.not_listed_before_coverage` accepts "not listed"
    for every counterpart (then the result carries that assumption). A listing shown by an entry's own dates
    stands."""
    stale, dates = stale_lists(sit, lists)
    why, who, assumed = None, dict(facts).get("counterpart", "the counterpart"), []
    if stale and st.state in ("not_listed", "designated"):
        why = f"is too old for this day: {'; '.join(stale)} — a listing or delisting since then would not be known"
    elif st.state == "not_listed":
        gaps = [(cp, not_listed_before_coverage(sit, cp, lists)) for cp in cps]
        dates = dates.union(*(g.dates for _, g in gaps))
        failed = [(cp, g) for cp, g in gaps if g.doubt]
        assumed = [g.assumption for _, g in gaps if g.assumption]
        if failed:
            who = " and ".join(cp.name for cp, _ in failed)
            why = (f"does not reach back to this day: {'; '.join(failed[0][1].early)} — a listing in force then and "
                   "removed since would not be known, and it is not taken as absent: "
                   + "; ".join(g.doubt or "" for _, g in failed))
    if why is None:
        return StepResult("designation", dates=dates, assumptions=tuple(assumed))
    ask = Question(f"Was {who} listed on {', '.join(lists)} on {sit.day_text}?", no_fact=LIST_DATA)
    return doubt("designation", f"the designation list data {why}", ask, trigger=st.explanation, facts=facts,
                 dates=dates)


def answered_part(cp: Counterpart, st: ListStatus) -> ListStatus:
    """A partial or uncertain match settled by the file's answer (``counterparts[].designated_part``)."""
    if st.state not in ("partial", "ambiguous") or cp.designated_part in (None, "unknown"):
        return st
    if cp.designated_part == "yes":
        return replace(st, state="designated", explanation=st.explanation + "; the file states that "
                       f"{cp.name} is the designated group or the designated part of it")
    return replace(st, state="not_listed", explanation=st.explanation + f"; the file states that {cp.name} is "
                   "not the designated group or part (designated_part: no)")


def _unverified_dates(explanation: str, unverified: list[str], facts: tuple[tuple[str, str], ...],
                      dates: frozenset[dt.date]) -> StepResult:
    """The designation status turns on a listing or delisting date not verified against the official list: the
    engaged outcome is ``needs_review`` (unverified data caps outcomes like an unverified rule)."""
    reason = ("the designation status on this day turns on a date not verified against the official list ("
              + "; ".join(unverified) + "): confirm it before relying on this answer")
    q = Question("Confirm these listing dates against the official list: " + "; ".join(unverified) + ".",
                 scope="counterpart", no_fact="a date of the list data, not a fact of the engagement: a maintainer "
                 "verifies it against the official list (designations/, verified: true)")
    return doubt("designation", reason, q, trigger=explanation, facts=facts, dates=dates)


def area_step(sit: Situation, p: Prohibition, before: tuple[StepResult, ...]) -> StepResult:
    """Whether the place is on one of the prohibition's ``area_lists`` on the day."""
    if not p.area_lists:
        return nothing("area")
    lists = p.area_lists  # like the designation step: once per check for each activity and set of lists
    return sit.once(("area_step", tuple(lists)), lambda: _area(sit, lists))


def _area(sit: Situation, area_lists: list[str]) -> StepResult:
    text, state, dates = area_status(sit, area_lists)
    facts = (("area", sit.engagement.location.area or "(not stated)"),)
    if state == "no":
        return not_engaged("area", f"Not engaged: {text}.", trigger=text, facts=facts, dates=dates)
    if state == "maybe":
        return doubt("area", text, Question("Exactly which area will staff enter or stay in?", key="area",
                                            scope="engagement"), trigger=text,
                     facts=facts, dates=dates)
    return StepResult("area", trigger=text, facts=facts, dates=dates)


def conditions_step(sit: Situation, p: Prohibition, before: tuple[StepResult, ...]) -> StepResult:
    """The facts the prohibition needs (``conditions``): not met → ``permitted``; missing → a question or an
    assumption stated in the memo."""
    act = sit.activity
    reasons: list[str] = []
    questions: list[Question] = []
    assumptions: list[str] = []
    facts: list[tuple[str, str]] = []
    for cond in p.conditions:
        if cond.kinds is not None and act.kind not in cond.kinds:
            continue
        val = stated_fact(sit.engagement, act, cond.fact)
        fd = sit.rules.facts.get(cond.fact)
        question = fd.question if fd else cond.fact
        if val is None:
            if cond.if_missing == "needs_review":
                reasons.append(f"fact needed: {question}")
                scope = fd.scope if fd else "activity"
                about = next((c.id for c in sit.counterparts()), None) if scope == "counterpart" else None
                questions.append(Question(question, key=cond.fact, scope=scope, about=about))
                continue
            assumptions += [cond.assumption] if cond.assumption else []
            met = cond.if_missing == "assume_met"
            facts.append((cond.fact, f"{'met' if met else 'not met'}: {cond.describe()} (assumed)"))
        else:
            met = cond.met(val)
            facts.append((cond.fact, repr(val)))
        if not met:
            return not_engaged("conditions", f"Not engaged: {cond.when_not_met}", facts=tuple(facts),
                               assumptions=tuple(assumptions))
    if not (reasons or questions or assumptions or facts):
        return nothing("conditions")
    return StepResult("conditions", doubtful=bool(reasons), reasons=tuple(reasons), questions=tuple(questions),
                      assumptions=tuple(assumptions), facts=tuple(facts))


def doubts_step(sit: Situation, p: Prohibition, before: tuple[StepResult, ...]) -> StepResult:
    """Law the data marks unsettled for this kind, and rules not verified against the primary text."""
    de_facto = any(r.step == "de_facto" and r.facts for r in before)  # a de facto test applied: it decides
    reasons = [f"unsettled: {u.reason}" for u in p.unsettled
               if sit.activity.kind in u.kinds and not (u.de_facto and de_facto)]
    if not p.verified:
        reasons.append("this rule has not been verified against the primary text"
                       + (": " + "; ".join(p.unverified_points) if p.unverified_points else ""))
    return StepResult("doubts", doubtful=True, reasons=tuple(reasons)) if reasons else nothing("doubts")


def exemptions_step(sit: Situation, p: Prohibition, before: tuple[StepResult, ...]) -> StepResult:
    """Exemptions and general licences that switch the prohibition off; the least restrictive that applies wins."""
    asked = {(q.key, q.text) for r in before for q in r.questions}
    considered = []
    questions: list[Question] = []
    dates: set[dt.date] = set()
    best: Outcome | None = None
    index = rule_index(sit.rules)
    for e in exemptions_for(sit, p):
        ec, keyed = consider_keyed(sit, e)
        considered.append(ec)
        dates |= index.exemption(e).dates
        if ec.outcome is not None and (best is None or SEVERITY[ec.outcome] < SEVERITY[best]):
            best = ec.outcome
        for q in keyed:
            if (q.key, q.text) not in asked:
                asked.add((q.key, q.text))
                questions.append(q)
    engaged = Outcome.needs_review if any(r.doubtful for r in before) else Outcome.prohibited
    relief = best if best is not None and SEVERITY[best] < SEVERITY[engaged] else None
    settles = relief if relief is not None and relief != Outcome.needs_review else None
    return StepResult("exemptions", settles, doubtful=relief == Outcome.needs_review, questions=tuple(questions),
                      dates=frozenset(dates), considered=tuple(considered))


def licences_step(sit: Situation, p: Prohibition, before: tuple[StepResult, ...]) -> StepResult:
    """Specific licences the activity declares: one matching a licence route → the route's effect, with the
    caveat that legalcheck has not checked it; any other → ``needs_review``."""
    act = sit.activity
    if not act.licences:
        return nothing("licences")
    dates = period_dates(*(r.in_force for r in p.licence_routes))
    routes = [r for r in p.licence_routes if r.in_force.contains(sit.day) and (r.kinds is None or act.kind in r.kinds)]
    matched = [(lic, r) for lic in act.licences for r in routes if any(w.casefold() in lic.casefold() for w in r.match)]
    if matched:
        lic, r = matched[0]
        return StepResult("licences", Outcome.licensed if r.effect == "licensed" else Outcome.exempt, dates=dates,
                          reasons=(f"specific licence declared: {lic!r} ({r.title}, {r.authority}); legalcheck has "
                                   "not checked the licence, its scope, its dates or its conditions",))
    declared = ", ".join(act.licences)
    covers = stated_fact(sit.engagement, act, "licence_covers")
    if covers is True:
        return StepResult("licences", Outcome.licensed, dates=dates, reasons=(
            f"the file states that the licence(s) declared ({declared}) cover this activity; legalcheck has not "
            "checked the licence, its scope, its dates or its conditions",))
    if covers is False:
        return StepResult("licences", dates=dates, reasons=(f"the file states that the licence(s) declared "
                                                             f"({declared}) do not cover this activity",))
    return doubt("licences", f"licence(s) declared ({declared}) do not identify a licence route for {p.title}; "
                 "confirm whether they cover this activity",
                 Question(f"Does the licence {declared} cover {p.title} ({', '.join(p.provisions)})?",
                          key="licence_covers"), dates=dates)


STEPS: tuple[Step, ...] = (reach_step, designation_step, de_facto_step, area_step, conditions_step, doubts_step,
                           exemptions_step, licences_step)
