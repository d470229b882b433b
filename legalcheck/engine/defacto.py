"""The de facto authority analysis: one analysis, shared by every layer, of a counterpart that is not the designated
group itself but an administration, facility or members of it (``counterparts[].kind``, ``part_of``).

Each prohibition states its own test in the data (``de_facto:``: sanctions — owned or controlled; UK TA 2000 — for
the benefit of a proscribed organisation; 18 USC 2339B — provided to the organisation; EU Reg. 2580/2001 — made
available directly or indirectly), with the fact that decides it. The outcome follows from the test and the
answer: not stated → ``needs_review`` with the keyed question; true → engaged; false → not engaged. Where another
rule decides on the same fact and its test is unsettled, both say so; a test that reaches further says why.
"""

from __future__ import annotations

from ..models.runtime import Counterpart, DeFactoTest, FactValue, Prohibition
from ..questions import Question, stated_fact
from ..screening.namewords import institution_word
from .reach import best_status
from .situation import Situation
from .step import StepResult, doubt, not_engaged, nothing

# Counterparts that are never the group itself: a rule without a test for them cannot treat them as the group.
NOT_THE_GROUP = frozenset({"administration", "facility", "intermediary"})
KIND_TEXT = {"administration": "an administration", "facility": "a facility", "members": "members",
             "intermediary": "an intermediary"}


def de_facto_test(p: Prohibition, cp: Counterpart, act_kind: str) -> DeFactoTest | None:
    """The rule's test that applies to ``cp`` in an activity of ``act_kind``, if any."""
    return next((t for t in p.de_facto if (cp.kind in t.counterpart_kinds) or act_kind in t.activity_kinds), None)


def answer(sit: Situation, cp: Counterpart, fact: str) -> FactValue | None:
    """The file's answer to ``fact`` for ``cp``: the counterpart's own ``facts`` first, then the usual order."""
    return cp.facts[fact] if fact in cp.facts else stated_fact(sit.engagement, sit.activity, fact)


def _what(sit: Situation, cp: Counterpart) -> str:
    parent = next((c.name for c in sit.engagement.counterparts if c.id == cp.part_of), None)
    kind = KIND_TEXT.get(cp.kind or "", "dealt with as members")
    return f"{cp.name} is {kind}" + (f" of {parent}" if parent else " of the group")


def shared_notes(sit: Situation, p: Prohibition, cp: Counterpart, t: DeFactoTest) -> list[str]:
    """What the other rules deciding on the same fact say: unsettled there (or here), and why this test is wider."""
    others = [(q, u) for j in sit.rules.ordered_jurisdictions() for q in j.prohibitions
              if q.id != p.id and sit.activity.kind in q.activity_kinds and q.in_force.contains(sit.day)
              for u in [de_facto_test(q, cp, sit.activity.kind)] if u is not None and u.fact == t.fact
              and best_status(sit, cp, q.designation_lists).state == "designated"]
    notes = [f"unsettled under this rule: {t.unsettled}"] if t.unsettled else []
    notes += [f"the same question ({t.fact}) decides {q.title}, where it is unsettled: {u.unsettled}"
              for q, u in others if u.unsettled]
    if t.unsettled and others:
        notes.append(f"the same question ({t.fact}) also decides: " + "; ".join(q.title for q, _ in others))
    if t.stricter:
        notes.append(f"stricter here: {t.stricter}")
    return notes


def _one(sit: Situation, p: Prohibition, cp: Counterpart, t: DeFactoTest) -> StepResult:
    fd = sit.rules.facts.get(t.fact)
    val = answer(sit, cp, t.fact)
    what = _what(sit, cp)
    notes = tuple(shared_notes(sit, p, cp, t))
    facts = (("de facto test", f"{t.test} ({t.provision})"), (t.fact, "not stated" if val is None else repr(val)))
    if val is None:
        q = Question(fd.question if fd else t.fact, key=t.fact, scope=fd.scope if fd else "counterpart", about=cp.id)
        return StepResult("de_facto", doubtful=True, questions=(q,), facts=facts, notes=notes, reasons=(
            f"{what}: this rule reaches it only if {t.test} ({t.provision}), and the file does not say ({t.fact})",))
    if val is False and (not t.verified or t.unsettled):  # "not met" rests on a test that is not settled
        doubt = t.unsettled or ("the de facto test under this rule is not verified: " + "; ".join(t.unverified_points))
        return StepResult("de_facto", doubtful=True, facts=facts, notes=notes, reasons=(
            f"{what}; the file states the test is not met ({t.fact}: false), but {doubt}",))
    if val is False:
        return not_engaged("de_facto", f"Not engaged: {what}; the file states it is not so ({t.fact}: false). "
                           f"{t.when_not_met}" + "".join(f" Note: {n}." for n in notes), facts=facts)
    reasons = () if t.verified else ("the de facto test under this rule is not verified: "
                                     + "; ".join(t.unverified_points),)
    return StepResult("de_facto", doubtful=not t.verified, reasons=reasons, facts=facts, notes=(
        f"{what}; the test under this rule is that {t.test} ({t.provision}), and the file states it is met "
        f"({t.fact}: true)", *notes))


def _kind_unstated(sit: Situation, cp: Counterpart) -> StepResult | None:
    """Doubt, with the keyed question, for a counterpart whose ``kind`` is not stated but whose name says it is an
    institution ("Ministry of Public Health (Taliban)") that the listed name it matched does not: it is screened
    through the group it names, but it is not thereby the group itself."""
    if cp.kind is not None:
        return None
    strong = sit.screens[cp.id].strong if cp.id in sit.screens else []
    found = institution_word(cp.name, [n for m in strong for n in (m.matched_name, m.designation.name)])
    if found is None:
        return None
    word, kind = found
    why = (f"{cp.name} was matched to a designated group, but its name says '{word}', which suggests "
           f"{KIND_TEXT[kind]} the group runs rather than the group itself, and the file does not say what it is "
           "(counterparts[].kind): dealings with an administration, facility or intermediary are dealings with the "
           "group only if this rule's own test is met")
    q = Question(f"What is {cp.name}: the designated group itself (kind: group), or an administration, facility, "
                 "members or an intermediary of it (then name the group as a counterpart and set part_of)?",
                 key="kind", scope="counterpart", about=cp.id)
    return StepResult("de_facto", doubtful=True, reasons=(why,), questions=(q,),
                      facts=(("counterpart kind", f"not stated; the name says '{word}'"),))


def de_facto_step(sit: Situation, p: Prohibition, before: tuple[StepResult, ...]) -> StepResult:
    """Apply the rule's own test to counterparts that are administrations, facilities or members of a designated
    group. A counterpart dealt with as the group itself leaves the rule engaged as the designation step found."""
    if not p.designation_lists:
        return nothing("de_facto")
    results: list[StepResult] = []
    for cp in sit.counterparts():
        if best_status(sit, cp, p.designation_lists).state != "designated":
            continue
        t = de_facto_test(p, cp, sit.activity.kind)
        if t is not None:
            results.append(_one(sit, p, cp, t))
        elif cp.kind in NOT_THE_GROUP:
            results.append(doubt("de_facto", f"{_what(sit, cp)}: this rule encodes no test for whether dealings "
                                 "with it are dealings with the designated group"))
        elif (said := _kind_unstated(sit, cp)) is not None:
            results.append(said)
        else:
            return nothing("de_facto")  # dealt with as the group itself: engaged as found
    if not results:
        return nothing("de_facto")
    if all(r.settles for r in results):
        return results[0]
    live = [r for r in results if not r.settles]
    return StepResult("de_facto", doubtful=any(r.doubtful for r in live),
                      reasons=tuple(x for r in live for x in r.reasons),
                      questions=tuple(q for r in live for q in r.questions),
                      facts=tuple(f for r in live for f in r.facts), notes=tuple(n for r in live for n in r.notes))
