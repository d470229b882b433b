"""Tri-state evaluation of exemption qualifiers, with explanations."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models.engagement import Activity, Engagement
from .models.rules import FactDef, Predicate
from .vocabulary import VOCABULARY

FLAG_QUESTIONS = {f.id: f.question for f in VOCABULARY.organisation_flags}
FLAG_LABELS = {f.id: f.label for f in VOCABULARY.organisation_flags}


@dataclass
class Verdict:
    value: bool | None
    reasons: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)


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


def evaluate(
    pred: Predicate,
    eng: Engagement,
    act: Activity,
    purpose: str,
    facts: dict[str, FactDef],
) -> Verdict:
    parts: list[Verdict] = []
    org = eng.organisation
    if pred.always is not None:
        parts.append(Verdict(pred.always, ["always" if pred.always else "never"]))
    if pred.org_type is not None:
        wanted = [t.value for t in pred.org_type]
        ok = org.type.value in wanted
        parts.append(
            Verdict(
                ok, [f"organisation type is {org.type.value}" + ("" if ok else f" (needs one of: {', '.join(wanted)})")]
            )
        )
    if pred.org_flag is not None:
        val = getattr(org, pred.org_flag)
        label = FLAG_LABELS[pred.org_flag]
        if val is None:
            parts.append(
                Verdict(None, [f"not stated whether the organisation {label}"], [FLAG_QUESTIONS[pred.org_flag]])
            )
        else:
            parts.append(
                Verdict(bool(val), [f"the organisation {'' if val else 'does not '}{label}".replace("  ", " ")])
            )
    if pred.purpose is not None:
        wanted = [p.value for p in pred.purpose]
        ok = purpose in wanted
        parts.append(Verdict(ok, [f"purpose is {purpose}" + ("" if ok else f" (needs one of: {', '.join(wanted)})")]))
    if pred.funded_by is not None:
        fb = pred.funded_by
        kinds = {k.value for k in fb.kinds}
        hits = [
            f
            for f in eng.funders
            if (not kinds or f.kind.value in kinds) and (not fb.countries or f.country in fb.countries)
        ]
        want = " ".join(
            x
            for x in [
                ("/".join(sorted(kinds)) or "any"),
                "funder",
                ("from " + "/".join(fb.countries)) if fb.countries else "",
            ]
            if x
        )
        if hits:
            parts.append(Verdict(True, [f"funded by {hits[0].name} ({hits[0].kind.value}, {hits[0].country})"]))
        else:
            parts.append(Verdict(False, [f"no {want} among the funders listed"]))
    if pred.fact is not None:
        name = pred.fact.name
        val = act.facts.get(name)
        if val is None and pred.fact.if_missing != "unknown":
            ok = pred.fact.if_missing == "true"
            parts.append(Verdict(ok, [f"{name} not stated (treated as {pred.fact.if_missing})"]))
        elif val is None:
            q = facts[name].question if name in facts else name
            parts.append(Verdict(None, [f"fact {name!r} not stated"], [q]))
        else:
            ok = val == pred.fact.equals
            parts.append(Verdict(ok, [f"{name} = {val!r}" + ("" if ok else f" (needs {pred.fact.equals!r})")]))
    if pred.activity_kind is not None:
        ok = act.kind in pred.activity_kind
        parts.append(
            Verdict(
                ok,
                [f"activity kind is {act.kind}" + ("" if ok else f" (needs one of: {', '.join(pred.activity_kind)})")],
            )
        )
    if pred.funders_listed is not None:
        listed = bool(eng.funders)
        ok = listed == pred.funders_listed
        parts.append(Verdict(ok, ["funders are listed" if listed else "no funder is listed"]))
    if pred.place is not None:
        ok = eng.location.country in pred.place
        parts.append(
            Verdict(
                ok, [f"place is {eng.location.country}" + ("" if ok else f" (needs one of: {', '.join(pred.place)})")]
            )
        )
    if pred.all is not None:
        parts.append(_and([evaluate(p, eng, act, purpose, facts) for p in pred.all]))
    if pred.any is not None:
        parts.append(_or([evaluate(p, eng, act, purpose, facts) for p in pred.any]))
    if pred.none is not None:
        inner = _or([evaluate(p, eng, act, purpose, facts) for p in pred.none])
        value = None if inner.value is None else not inner.value
        parts.append(
            Verdict(
                value, [("not: " if value is not False else "excluded: ") + "; ".join(inner.reasons)], inner.questions
            )
        )
    if not parts:
        return Verdict(False, ["empty qualifier"])
    verdict = _and(parts)
    if pred.label and verdict.value is not None:
        verdict.reasons = [f"{pred.label}: {'yes' if verdict.value else 'no'} — " + "; ".join(verdict.reasons)]
    return verdict


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
