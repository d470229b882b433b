"""One plain-language sentence and a next step for one activity, built only from the engine's Result.

Nothing here decides anything: every phrase is chosen by the outcome the engine returned, and every name,
provision, condition, licence route and question comes from the Result (and so from the rule data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models.common import Outcome
from ..models.result import Component, ExemptionConsidered, Finding, Result
from ..ruleset import RuleSet
from ..vocabulary import VOCABULARY

PLAIN_OUTCOME = {o.id: o.short for o in VOCABULARY.outcomes}
OUTCOME_ORDER = list(VOCABULARY.outcome_order)


@dataclass
class PlainAnswer:
    outcome: str
    strictest: list[str]
    reason: str
    next_step: str
    questions: list[str] = field(default_factory=list)
    by_jurisdiction: dict[str, str] = field(default_factory=dict)


class Plainer:
    """Turns a single-activity Result into a PlainAnswer; replaces vocabulary ids by plain words."""

    def __init__(self, rules: RuleSet) -> None:
        self.labels = {k.id: k.label for k in rules.activity_kinds.values()}
        ids = sorted(self.labels, key=len, reverse=True)
        self._kind_re = re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b") if ids else None

    def words(self, text: str) -> str:
        """Plain words: activity-kind ids become their labels, other snake_case ids lose their underscores."""
        text = " ".join(text.split())
        if self._kind_re is not None:
            text = self._kind_re.sub(lambda m: f"'{self.labels[m.group(1)].lower()}'", text)
        return re.sub(r"(?<![\w./:-])([a-z]+(?:_[a-z0-9]+)+)(?![\w./-])", lambda m: m.group(1).replace("_", " "), text)

    def sentence(self, text: str) -> str:
        text = self.words(text).strip()
        if text and text[-1] not in ".?!":
            text += "."
        return text[:1].upper() + text[1:]

    def answer(self, result: Result) -> PlainAnswer:
        act = result.activities[0]
        worst = act.outcome.value
        names = {j.code: j.name for j in result.jurisdictions}
        findings = result.findings
        top = [f for f in findings if f.outcome.value == worst]
        questions: list[str] = []
        for f in sorted(findings, key=lambda f: -f.outcome.severity):
            for q in f.questions:
                q = self.words(q)
                if q not in questions:
                    questions.append(q)
        reason = self._reason(worst, top, names)
        step = self._next_step(worst, top, findings, questions)
        return PlainAnswer(outcome=worst, strictest=list(act.strictest_jurisdictions), reason=self.sentence(reason),
                           next_step=self.sentence(step), questions=questions,
                           by_jurisdiction={f.jurisdiction: f.outcome.value for f in findings})

    # ------------------------------------------------------------------ reason
    def _reason(self, worst: str, top: list[Finding], names: dict[str, str]) -> str:
        f0 = top[0]
        name = names.get(f0.jurisdiction, f0.jurisdiction)
        also = [f.jurisdiction for f in top[1:]]
        tail = f" (also under: {', '.join(also)})" if also and worst in ("prohibited", "needs_review") else ""
        comps = [c for c in f0.components if c.outcome.value == worst]
        if worst == "not_applicable":
            return ("None of the encoded jurisdictions reaches this activity; for example: " + f0.summary)
        if not comps:
            return f"{name}: {f0.summary}"
        c = comps[0]
        rule = f"{c.title} ({', '.join(c.provisions)})"
        if worst == "prohibited":
            who = f" reaches {_head(c.exposure.who[0])}" if c.exposure and c.exposure.who else " applies"
            none = ("no exemption or general licence applies" if c.exemptions_considered
                    else "no exemption or general licence is encoded for it")
            return f"{name}: {rule}{who} and {none}{tail}"
        if worst == "needs_review":
            return f"{name}: {rule} needs a lawyer's review — {_short(_why_review(c))}{tail}"
        if worst in ("exempt", "licensed"):
            e = _applied(c)
            if e is not None:
                return f"{name}: {rule} would apply, but {e.title} ({', '.join(e.provisions)}) makes this " \
                       f"activity {worst}"
            return f"{name}: {rule} — {worst}: " + _short("; ".join(c.reasons) or c.explanation)
        return f"{name}: {_short(c.explanation)}"

    # ------------------------------------------------------------------ next step
    def _next_step(self, worst: str, top: list[Finding], findings: list[Finding], questions: list[str]) -> str:
        if worst == "prohibited":
            routes: list[str] = []
            for f in top:
                for c in f.components:
                    if c.outcome.value != worst:
                        continue
                    for r in c.licence_routes:
                        txt = f"{r.title} ({r.authority})"
                        if txt not in routes:
                            routes.append(txt)
            if routes:
                return "Do not go ahead without " + " or ".join(routes) + "; ask legal"
            return "Do not go ahead; ask legal"
        if worst == "needs_review":
            return "Ask legal" + (f" — first question: {questions[0]}" if questions else "")
        if worst in ("exempt", "licensed"):
            parts: list[str] = []
            for f in findings:
                for c in f.components:
                    if c.outcome not in (Outcome.exempt, Outcome.licensed):
                        continue
                    e = _applied(c)
                    if e is not None:
                        txt = f"OK under {e.title}" + (
                            f", on these conditions: {' '.join(_sentence_end(x) for x in e.conditions)}"
                            if e.conditions else "")
                    else:
                        txt = "OK only if this is true: " + ("; ".join(c.reasons) or c.explanation)
                    if txt not in parts:
                        parts.append(txt)
            return "; and ".join(parts) or "OK on the conditions in the memo"
        return "No action needed under the encoded law"


def _head(text: str) -> str:
    """The part of an exposure line before its explanation ('staff of nationality US — ...')."""
    return text.split(" — ", 1)[0]


def _sentence_end(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _short(text: str, limit: int = 240) -> str:
    """At most ``limit`` characters, cut at a clause boundary; the memo (`legalcheck check`) has the rest."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = max(text.rfind("; ", 0, limit), text.rfind(". ", 0, limit), text.rfind(": ", 0, limit))
    if cut < limit // 2:
        cut = text.rfind(" ", 0, limit)
    return text[:cut].rstrip(" .;:,") + " (…)"


def _applied(c: Component) -> ExemptionConsidered | None:
    applied = [e for e in c.exemptions_considered if e.result == "applies" and e.outcome == c.outcome]
    return applied[0] if applied else None


def _why_review(c: Component) -> str:
    if c.reasons:
        return c.reasons[0]
    unknown = [e for e in c.exemptions_considered if e.result == "unknown" or e.outcome == Outcome.needs_review]
    if unknown:
        e = unknown[0]
        return f"{e.title} {e.reason}"
    if c.questions:
        return c.questions[0]
    return c.explanation
