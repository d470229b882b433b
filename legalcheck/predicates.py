"""Tri-state evaluation of exemption qualifiers, with explanations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .questions import Question, stated_fact
from .vocabulary import VOCABULARY

if TYPE_CHECKING:  # type hints only: the objects may be pydantic models or their runtime twins
    from .models.engagement import Activity, Engagement
    from .models.rules import FactDef, FactTest, FunderTest, Predicate

FLAG_QUESTIONS = {f.id: f.question for f in VOCABULARY.organisation_flags}
FLAG_LABELS = {f.id: f.label for f in VOCABULARY.organisation_flags}


@dataclass
class Verdict:
    value: bool | None
    reasons: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)


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


@dataclass(frozen=True)
class _Case:
    """What a qualifier is tested against."""

    eng: Engagement
    act: Activity
    purpose: str
    facts: dict[str, FactDef]


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


def _none(preds: list[Predicate], c: _Case) -> Verdict:
    inner = _or([_evaluate(p, c) for p in preds])
    value = None if inner.value is None else not inner.value
    return Verdict(value, [("not: " if value is not False else "excluded: ") + "; ".join(inner.reasons)],
                   inner.questions)


def _parts(pred: Predicate, c: _Case) -> list[Verdict]:
    """One verdict per test set on ``pred`` (they are AND-ed), in a fixed order."""
    out: list[Verdict] = []
    if pred.always is not None:
        out.append(Verdict(pred.always, ["always" if pred.always else "never"]))
    if pred.org_type is not None:
        out.append(_among("organisation type", c.eng.organisation.type.value, [t.value for t in pred.org_type]))
    if pred.org_flag is not None:
        out.append(_org_flag(str(pred.org_flag), c))
    if pred.purpose is not None:
        out.append(_among("purpose", c.purpose, [p.value for p in pred.purpose]))
    if pred.funded_by is not None:
        out.append(_funded_by(pred.funded_by, c))
    if pred.fact is not None:
        out.append(_fact(pred.fact, c))
    if pred.activity_kind is not None:
        out.append(_among("activity kind", c.act.kind, list(pred.activity_kind)))
    if pred.funders_listed is not None:
        out.append(Verdict(bool(c.eng.funders) == pred.funders_listed,
                           ["funders are listed" if c.eng.funders else "no funder is listed"]))
    if pred.place is not None:
        out.append(_among("place", c.eng.location.country, list(pred.place)))
    return out + _nested(pred, c)


def _nested(pred: Predicate, c: _Case) -> list[Verdict]:
    out: list[Verdict] = []
    if pred.all is not None:
        out.append(_and([_evaluate(p, c) for p in pred.all]))
    if pred.any is not None:
        out.append(_or([_evaluate(p, c) for p in pred.any]))
    if pred.none is not None:
        out.append(_none(pred.none, c))
    return out


def _evaluate(pred: Predicate, c: _Case) -> Verdict:
    parts = _parts(pred, c)
    if not parts:
        return Verdict(False, ["empty qualifier"])
    verdict = _and(parts)
    if pred.label and verdict.value is not None:
        verdict.reasons = [f"{pred.label}: {'yes' if verdict.value else 'no'} — " + "; ".join(verdict.reasons)]
    return verdict


def evaluate(pred: Predicate, eng: Engagement, act: Activity, purpose: str, facts: dict[str, FactDef]) -> Verdict:
    """Whether the activity qualifies (true / false / unknown), why, and the keyed questions that would settle it."""
    return _evaluate(pred, _Case(eng, act, purpose, facts))


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
