"""Tri-state evaluation of exemption qualifiers, with explanations."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .questions import Question, stated_fact
from .records import FrozenRecord, Record, setfield
from .vocabulary import VOCABULARY

if TYPE_CHECKING:  # type hints only: the objects may be pydantic models or their runtime twins
    from .models.engagement import Activity, Engagement
    from .models.rules import FactDef, FactTest, FunderTest, Predicate

FLAG_QUESTIONS = {f.id: f.question for f in VOCABULARY.organisation_flags}
FLAG_LABELS = {f.id: f.label for f in VOCABULARY.organisation_flags}


class Verdict(Record):
    _fields = ("value", "reasons", "questions")

    def __init__(self, value: bool | None, reasons: list[str] | None = None,
                 questions: list[Question] | None = None) -> None:
        self.value = value
        self.reasons = [] if reasons is None else reasons
        self.questions = [] if questions is None else questions


def _and(parts: list[Verdict]) -> Verdict:
    if any(p.value is False for p in parts):
        failed = [r for p in parts if p.value is False for r in p.reasons]
        return Verdict(False, failed)
    reasons = [r for p in parts for r in p.reasons]
    questions = [q for p in parts for q in p.questions]
    if any(p.value is None for p in parts):
        return Verdict(None, reasons, questions)
    return Verdict(True, reasons)


def _or(parts: list[Verdict]) -> Verdict:
    for p in parts:
        if p.value is True:
            return Verdict(True, p.reasons)
    if any(p.value is None for p in parts):
        unknown = [p for p in parts if p.value is None]
        return Verdict(None, [r for p in unknown for r in p.reasons], [q for p in unknown for q in p.questions])
    return Verdict(False, ["none of: " + "; ".join(r for p in parts for r in p.reasons)])


class _Case(FrozenRecord):
    """What a qualifier is tested against."""

    _fields = ("eng", "act", "purpose", "facts", "memo")
    eng: Engagement
    act: Activity
    purpose: str
    facts: dict[str, FactDef]
    memo: dict[object, object] | None

    def __init__(self, eng: Engagement, act: Activity, purpose: str, facts: dict[str, FactDef],
                 memo: dict[object, object] | None = None) -> None:
        setfield(self, "eng", eng)
        setfield(self, "act", act)
        setfield(self, "purpose", purpose)
        setfield(self, "facts", facts)
        setfield(self, "memo", memo)


def _among(what: str, value: str, wanted: list[str]) -> Verdict:
    ok = value in wanted
    return Verdict(ok, [f"{what} is {value}" + ("" if ok else f" (needs one of: {', '.join(wanted)})")])


def _org_flag(flag: str, c: _Case) -> Verdict:
    val = getattr(c.eng.organisation, flag)
    label = FLAG_LABELS[flag]
    if val is None:
        return Verdict(None, [f"not stated whether the organisation {label}"],
                       [Question(FLAG_QUESTIONS[flag], key=flag, scope="engagement")])
    return Verdict(bool(val), [f"the organisation {'' if val else 'does not '}{label}".replace("  ", " ")])


def _funded_by(fb: FunderTest, c: _Case) -> Verdict:
    kinds = {k.value for k in fb.kinds}
    hits = [f for f in c.eng.funders
            if (not kinds or f.kind.value in kinds) and (not fb.countries or f.country in fb.countries)]
    if hits:
        return Verdict(True, [f"funded by {hits[0].name} ({hits[0].kind.value}, {hits[0].country})"])
    frm = ("from " + "/".join(fb.countries)) if fb.countries else ""
    want = " ".join(x for x in [("/".join(sorted(kinds)) or "any"), "funder", frm] if x)
    return Verdict(False, [f"no {want} among the funders listed"])


def _fact(test: FactTest, c: _Case) -> Verdict:
    name = test.name
    val = stated_fact(c.eng, c.act, name)
    if val is None and test.if_missing != "unknown":
        return Verdict(test.if_missing == "true", [f"{name} not stated (treated as {test.if_missing})"])
    if val is None:
        fd = c.facts.get(name)
        q = Question(fd.question if fd else name, key=name, scope=fd.scope if fd else "activity")
        return Verdict(None, [f"fact {name!r} not stated"], [q])
    ok = val == test.equals
    return Verdict(ok, [f"{name} = {val!r}" + ("" if ok else f" (needs {test.equals!r})")])


def _none(preds: list[Compiled], c: _Case) -> Verdict:
    inner = _or([run(p, c) for p in preds])
    value = None if inner.value is None else not inner.value
    return Verdict(value, [("not: " if value is not False else "excluded: ") + "; ".join(inner.reasons)],
                   inner.questions)


Test = Callable[[_Case], Verdict]


class Compiled(FrozenRecord):
    """A qualifier made ready to evaluate (:func:`compile_predicate`): one test per key set on it, in a fixed
    order (they are AND-ed), and whether any part of it reads the activity (its purpose, kind or facts)."""

    _fields = ("tests", "label", "reads_activity", "key")
    tests: tuple[Test, ...]
    label: str | None
    reads_activity: bool
    key: str
    """The qualifier's content: equal qualifiers (e.g. one YAML anchor used twice) give the same verdict."""

    def __init__(self, tests: tuple[Test, ...], label: str | None, reads_activity: bool, key: str) -> None:
        setfield(self, "tests", tests)
        setfield(self, "label", label)
        setfield(self, "reads_activity", reads_activity)
        setfield(self, "key", key)


def compile_predicate(pred: Predicate) -> Compiled:
    """``pred`` as a :class:`Compiled` qualifier (compile once, evaluate with :func:`run` many times)."""
    tests, reads = _tests(pred)
    subs = {k: [compile_predicate(p) for p in ps] for k, ps in (("all", pred.all), ("any", pred.any),
                                                              ("none", pred.none)) if ps is not None}
    if "all" in subs:
        tests.append(lambda c, ps=subs["all"]: _and([run(p, c) for p in ps]))
    if "any" in subs:
        tests.append(lambda c, ps=subs["any"]: _or([run(p, c) for p in ps]))
    if "none" in subs:
        tests.append(lambda c, ps=subs["none"]: _none(ps, c))
    reads = reads or any(p.reads_activity for ps in subs.values() for p in ps)
    return Compiled(tuple(tests), pred.label, reads, pred.model_dump_json(exclude_none=True))


def _tests(pred: Predicate) -> tuple[list[Test], bool]:
    """The tests of ``pred``'s own keys (not its nested ones), and whether one reads the activity."""
    tests: list[Test] = []
    if pred.always is not None:
        always = pred.always
        tests.append(lambda c: Verdict(always, ["always" if always else "never"]))
    if pred.org_type is not None:
        types = [t.value for t in pred.org_type]
        tests.append(lambda c: _among("organisation type", c.eng.organisation.type.value, types))
    if pred.org_flag is not None:
        flag = str(pred.org_flag)
        tests.append(lambda c: _org_flag(flag, c))
    if pred.purpose is not None:
        purposes = [p.value for p in pred.purpose]
        tests.append(lambda c: _among("purpose", c.purpose, purposes))
    if pred.funded_by is not None:
        tests.append(lambda c, fb=pred.funded_by: _funded_by(fb, c))
    if pred.fact is not None:
        tests.append(lambda c, test=pred.fact: _fact(test, c))
    if pred.activity_kind is not None:
        kinds = list(pred.activity_kind)
        tests.append(lambda c: _among("activity kind", c.act.kind, kinds))
    if pred.funders_listed is not None:
        listed = pred.funders_listed
        tests.append(lambda c: Verdict(bool(c.eng.funders) == listed,
                                       ["funders are listed" if c.eng.funders else "no funder is listed"]))
    if pred.place is not None:
        places = list(pred.place)
        tests.append(lambda c: _among("place", c.eng.location.country, places))
    return tests, any(x is not None for x in (pred.purpose, pred.fact, pred.activity_kind))


def run(q: Compiled, c: _Case) -> Verdict:
    """The verdict of a compiled qualifier; one that does not read the activity is evaluated once per
    ``c.memo`` (the caller keeps one memo per engagement, e.g. per check)."""
    if c.memo is None or q.reads_activity:
        return _run(q, c)
    hit = c.memo.get(("qualifier", q.key))
    if hit is None:
        hit = c.memo[("qualifier", q.key)] = _run(q, c)
    return hit  # type: ignore[no-any-return]


def _run(q: Compiled, c: _Case) -> Verdict:
    if not q.tests:
        return Verdict(False, ["empty qualifier"])
    verdict = _and([t(c) for t in q.tests])
    if q.label and verdict.value is not None:
        verdict.reasons = [f"{q.label}: {'yes' if verdict.value else 'no'} — " + "; ".join(verdict.reasons)]
    return verdict


def evaluate(pred: Predicate | Compiled, eng: Engagement, act: Activity, purpose: str, facts: dict[str, FactDef],
             memo: dict[object, object] | None = None) -> Verdict:
    """Whether the activity qualifies (true / false / unknown), why, and the keyed questions that would settle it.

    ``pred`` may be compiled already (:func:`compile_predicate`); with ``memo`` (one per engagement), the parts of
    it that do not read the activity are evaluated once for every activity and qualifier that contains them."""
    q = pred if isinstance(pred, Compiled) else compile_predicate(pred)
    return run(q, _Case(eng, act, purpose, facts, memo))


def describe(pred: Predicate) -> str:
    """A short plain-language description of what qualifies."""
    if pred.label:
        return pred.label
    bits: list[str] = []
    if pred.org_type:
        bits.append("organisation type " + " or ".join(t.value for t in pred.org_type))
    if pred.org_flag:
        bits.append("the organisation " + FLAG_LABELS[pred.org_flag])
    if pred.purpose:
        bits.append("purpose " + " or ".join(p.value for p in pred.purpose))
    if pred.funded_by:
        fb = pred.funded_by
        bits.append(
            "funded by a "
            + ("/".join(k.value for k in fb.kinds) or "")
            + " funder"
            + (f" from {'/'.join(fb.countries)}" if fb.countries else "")
        )
    if pred.fact:
        bits.append(f"{pred.fact.name} = {pred.fact.equals!r}")
    if pred.activity_kind:
        bits.append("activity kind " + " or ".join(pred.activity_kind))
    if pred.place:
        bits.append("in " + " or ".join(pred.place))
    if pred.funders_listed is not None:
        bits.append("funders listed" if pred.funders_listed else "no funder listed")
    if pred.all:
        bits.append("(" + " and ".join(describe(p) for p in pred.all) + ")")
    if pred.any:
        bits.append("(" + " or ".join(describe(p) for p in pred.any) + ")")
    if pred.none:
        bits.append("not (" + " or ".join(describe(p) for p in pred.none) + ")")
    return " and ".join(bits) or "always"
