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
    legal_basis: str = ""  # the provisions and instruments behind the reason (the reason itself cites none)

    @property
    def has_slot(self) -> bool:
        from ..engine.situation import DAY_SLOT

        return any(DAY_SLOT in t for t in (self.reason, self.next_step, self.legal_basis, *self.questions))


# Citations that programme staff need not read in the reason (they go to the Legal basis column).
_CITED_PAREN = re.compile(r"\s*\((?=[^()]*(?:\d|§|\bart\b|\bArt\b|\bs\.|CFR|U\.S\.C))(?:[^()]|\([^()]*\))*\)")
_CITATIONS = [
    re.compile(r"\b\d+\s*(?:CFR|C\.F\.R\.|U\.S\.C\.?)\s*(?:§+\s*)?[\w.()-]*"),
    re.compile(r"§+\s*[\w.()-]+"),
    re.compile(r",?\s*\b(?:ss?|[Aa]rts?|[Rr]eg|[Rr]egs|para|paras|r|rr)\.\s?\d[\w.()/-]*"
               r"(?:\s?(?:-|–|,|and|to)\s?\d[\w.()/-]*)*"),
    re.compile(r"\bS\.?I\.?\s?\d{4}/\d+"),
    re.compile(r"\s*Sources?:.*$"),
    re.compile(r"\s*<https?://[^>]*>"),
    re.compile(r"\bhttps?://\S+"),
]


class Plainer:
    """Turns a single-activity Result into a PlainAnswer; replaces vocabulary ids by plain words."""

    def __init__(self, rules: RuleSet) -> None:
        self.labels = {k.id: k.label for k in rules.activity_kinds.values()}
        ids = sorted(self.labels, key=len, reverse=True)
        self._kind_re = re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b") if ids else None
        self.list_names = {lst.id: self.decite(lst.title) for lst in rules.lists.values()}
        lids = sorted(self.list_names, key=len, reverse=True)
        self._list_re = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, lids)) + r")(?![\w-])") if lids else None
        self.fact_ids = set(rules.facts)

    def words(self, text: str) -> str:
        """Plain words: activity-kind ids become their labels, list ids their names, other snake_case ids lose
        their underscores."""
        text = " ".join(text.split())
        if self._kind_re is not None:
            text = self._kind_re.sub(lambda m: f"'{self.labels[m.group(1)].lower()}'", text)
        if self._list_re is not None:
            text = self._list_re.sub(lambda m: f"the {self.list_names[m.group(1)]}", text)
        return re.sub(r"(?<![\w./:-])([a-z]+(?:_[a-z0-9]+)+)(?![\w./-])", lambda m: m.group(1).replace("_", " "), text)

    @staticmethod
    def decite(text: str) -> str:
        """``text`` without its citations (provisions, CFR/U.S.C. sections, sources, links)."""
        prev = None
        while prev != text:
            prev, text = text, _CITED_PAREN.sub("", text)
        for pat in _CITATIONS:
            text = pat.sub("", text)
        text = re.sub(r"\s+([,.;:)])", r"\1", " ".join(text.split()))
        text = re.sub(r"\(\s*\)|,\s*(?=[.;:])", "", text).strip(" ,;:-—")
        # a preposition whose citation was removed ("Approval under 18 U.S.C. § 2339B(j)" -> "Approval")
        return re.sub(r"\s+(?:under|by|of|in)$", "", text)

    def plain(self, text: str) -> str:
        return self.decite(self.words(text))

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
        questions = self._questions(findings)
        reason = self._reason(worst, top, findings, names, act.label)
        step = self._next_step(worst, top, findings, questions)
        return PlainAnswer(outcome=worst, strictest=list(act.strictest_jurisdictions), reason=self.sentence(reason),
                           next_step=self.sentence(step), questions=questions,
                           by_jurisdiction={f.jurisdiction: f.outcome.value for f in findings},
                           legal_basis=self._legal_basis(worst, top, findings, names))

    def _questions(self, findings: list[Finding]) -> list[str]:
        """The questions of the rules that reach the activity (never of a jurisdiction or rule that does not), each
        with the plan column that answers it when a fact column does."""
        keys: dict[str, str] = {}
        out: list[str] = []
        for f in sorted(findings, key=lambda f: -f.outcome.severity):
            if f.outcome == Outcome.not_applicable:
                continue
            reaching = [c for c in f.components if c.outcome != Outcome.not_applicable]
            texts = [q for c in reaching for q in c.questions] if f.components else list(f.questions)
            for oq in [*f.open_questions, *(o for c in reaching for o in c.open_questions)]:
                keys.setdefault(oq.text, oq.key)
            for q in texts:
                key = keys.get(q)
                q = self.words(q) + (f" (plan column '{key}')" if key in self.fact_ids else "")
                if q not in out:
                    out.append(q)
        return out

    def _legal_basis(self, worst: str, top: list[Finding], findings: list[Finding], names: dict[str, str]) -> str:
        """For lawyers: each reaching jurisdiction's deciding provisions, the strictest first."""
        parts: list[str] = []
        order = top + [f for f in findings if f not in top and f.outcome != Outcome.not_applicable]
        for f in order:
            comps = [c for c in f.components if c.outcome == f.outcome] or f.components[:1]
            if not comps:
                parts.append(f"{names.get(f.jurisdiction, f.jurisdiction)}: {_short(f.summary, 160)}")
                continue
            c = comps[0]
            name = names.get(f.jurisdiction, f.jurisdiction)
            text = f"{name}: {c.title} ({', '.join(c.provisions)})" if c.provisions else f"{name}: {c.title}"
            e = _applied(c)
            if e is not None:
                text += f"; {e.title}" + (f" ({', '.join(e.provisions)})" if e.provisions else "")
            if f.outcome == Outcome.prohibited and c.licence_routes:  # cited here, named plainly in the next step
                text += "; licence: " + " or ".join(dict.fromkeys(r.title for r in c.licence_routes))
            parts.append(text)
        return " | ".join(parts)

    # ------------------------------------------------------------------ reason
    def _reason(self, worst: str, top: list[Finding], findings: list[Finding], names: dict[str, str],
                label: str) -> str:
        """One plain sentence about the strictest jurisdiction: no citation, no list id (see the Legal basis)."""
        if worst == "not_applicable":
            return "No encoded law reaches this activity: no jurisdiction legalcheck encodes is connected to it"
        if worst == "permitted":
            allowed = [names.get(f.jurisdiction, f.jurisdiction) for f in findings if f.outcome == Outcome.permitted]
            return "No prohibition found in the encoded law of " + _and(allowed)
        f0 = top[0]
        name = names.get(f0.jurisdiction, f0.jurisdiction)
        also = [names.get(f.jurisdiction, f.jurisdiction) for f in top[1:]]
        tail = f" (also under the law of: {', '.join(also)})" if also and worst in ("prohibited", "needs_review") \
            else ""
        comps = [c for c in f0.components if c.outcome.value == worst]
        if not comps:
            return f"{name}: {self.plain(_lead(f0.summary))}{tail}"
        c = comps[0]
        rule = self.plain(c.title)
        if worst == "prohibited":
            who = f"reaches {self.plain(_head(c.exposure.who[0]))}" if c.exposure and c.exposure.who else "applies"
            none = "no exemption or licence covers it" if c.exemptions_considered else \
                "no exemption or licence is encoded for it"
            return f"{name}: {rule} — this law {who}, and {none}{tail}"
        if worst == "needs_review":
            return f"{name}: {rule} — {self._why_review(c)}{tail}"
        e = _applied(c)
        if e is not None:
            return f"{name}: {rule} would apply, but {self.plain(e.title)} covers this activity"
        return f"{name}: {rule} — allowed only on conditions (see the next step)"

    def _why_review(self, c: Component) -> str:
        """Why a lawyer must look, in plain words."""
        if c.reasons:
            r = c.reasons[0]
            if r.startswith("fact needed: "):
                return "a fact is missing: " + self.words(r[len("fact needed: "):])
            if r.startswith("this rule has not been verified"):
                return "this rule has not yet been checked against the text of the law"
            if r.startswith("reach is arguable"):
                who = r.split(":", 1)[1] if ":" in r else ""
                who = self.plain(_head(who)).strip()
                return "it is not certain that this law reaches " + (who or "the people involved")
            if r.startswith("unsettled"):
                return "the law is unsettled for this activity"
            return "it needs a lawyer's review: " + _short(self.plain(r), 160)
        unknown = [e for e in c.exemptions_considered if e.result == "unknown" or e.outcome == Outcome.needs_review]
        if unknown:
            return f"whether {self.plain(unknown[0].title)} covers this activity is not settled"
        if c.questions:
            return "a fact is missing: " + self.words(c.questions[0])
        return "it needs a lawyer's review"

    # ------------------------------------------------------------------ next step
    def _next_step(self, worst: str, top: list[Finding], findings: list[Finding], questions: list[str]) -> str:
        if worst == "prohibited":
            routes: list[str] = []
            for f in top:
                for c in f.components:
                    if c.outcome.value != worst:
                        continue
                    for r in c.licence_routes:
                        txt = f"{self.plain(r.title)} ({self.plain(r.authority)})"
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
                        txt = f"OK under {self.plain(e.title)}" + (
                            f", on these conditions: {' '.join(_sentence_end(self.plain(x)) for x in e.conditions)}"
                            if e.conditions else "")
                    else:
                        txt = "OK only if this is true: " + self.plain("; ".join(c.reasons) or c.explanation)
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


def _lead(text: str) -> str:
    """The first clause of a summary (before its explanation and sources)."""
    text = " ".join(text.split())
    if " (coverage decision)" in text:
        return text.split(" (coverage decision)", 1)[0]
    return _short(text.split(". ", 1)[0], 200)


def _and(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    if len(items) <= 1:
        return "".join(items) or "the jurisdictions connected to it"
    return ", ".join(items[:-1]) + " and " + items[-1]
