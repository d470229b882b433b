"""``--redact``: replace the engagement's free text with stable placeholders, after the check, for sharing outside
the legal team.

What is replaced: the organisation's name, staff names and roles, funder names, counterpart names, aliases, notes
and ids, activity ids and descriptions, the place's area, the engagement title, the matter reference and the
names of the people who prepared and reviewed the memo, and every free-text entry of the ``readiness:`` section.
The same values are replaced wherever the engine's explanations repeat them (also in their normalised screening
form and as quoted name tokens).

What is kept: everything the conclusions rest on and that is public or structural — countries, dates, purposes,
organisation type and flags, activity kinds, facts, licence references, the law (rule ids, titles, provisions,
citations, sources, conditions, licence routes) and the designation-list data (list, designation, reference). A
redacted memo therefore still shows which listed group a counterpart matched; it does not show what the
organisation called it.

Redaction runs after the engine, on the finished result: it can never change an outcome.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from .models.engagement import Engagement
from .models.result import Result

# Result keys whose values are the law, list data or structure: never rewritten.
_PROTECTED_KEYS = frozenset({
    "rule", "title", "name", "provisions", "citation", "sources", "url", "kind", "result", "outcome", "layer",
    "layers", "mental_element", "list", "designation", "entry_id", "reference", "scope_note", "code", "provenance",
    "notice", "warnings", "authority", "how", "conditions", "verified", "last_reviewed", "date", "as_of",
    "listed_from", "listed_to", "covers", "status", "activity_kind", "jurisdiction", "strictest_jurisdictions",
    "format", "score", "match", "in_force", "applies", "id", "activity", "entities", "licence_routes", "purpose",
    "performed_by",
})
_MIN_TOKEN = 3


class Redactor:
    """Collects (original, placeholder) pairs from an engagement and applies them to any text."""

    def __init__(self) -> None:
        self.pairs: dict[str, str] = {}
        self.tokens: dict[str, str] = {}
        self._re: re.Pattern[str] | None = None
        self._tok_re: re.Pattern[str] | None = None
        self._lower: dict[str, str] = {}

    def add(self, original: str | None, placeholder: str, *, tokens: bool = False) -> str:
        if original is None:
            return placeholder
        text = original.strip()
        if text and text != placeholder and text not in self.pairs:
            self.pairs[text] = placeholder
            if tokens:
                from .screening.normalise import name_tokens, normalise_name

                norm = normalise_name(text)
                if norm and norm not in self.pairs:
                    self.pairs[norm] = placeholder
                for tok in name_tokens(norm):
                    if len(tok) >= _MIN_TOKEN:
                        self.tokens.setdefault(tok, "…")
        return placeholder

    def _pattern(self) -> re.Pattern[str] | None:
        if not self.pairs:
            return None
        parts = []
        for value in sorted(self.pairs, key=lambda v: (-len(v), v)):
            esc = re.escape(value)
            left = r"(?<!\w)" if value[0].isalnum() or value[0] == "_" else ""
            right = r"(?!\w)" if value[-1].isalnum() or value[-1] == "_" else ""
            parts.append(left + esc + right)
        return re.compile("|".join(parts), re.IGNORECASE)

    def compile(self) -> None:
        self._re = self._pattern()
        self._lower = {k.casefold(): v for k, v in self.pairs.items()}
        toks = sorted(self.tokens, key=lambda t: (-len(t), t))
        self._tok_re = (re.compile("'(" + "|".join(re.escape(t) for t in toks) + ")'", re.IGNORECASE)
                        if toks else None)

    def text(self, value: str) -> str:
        out = value
        if self._re is not None:
            out = self._re.sub(lambda m: self._lower.get(m.group(0).casefold(), "[redacted]"), out)
        if self._tok_re is not None:
            out = self._tok_re.sub("'…'", out)
        return out


def _name_parts(name: str) -> list[str]:
    """The name outside its brackets, when it has any: explanations may quote it on its own."""
    from .screening.matcher import _BRACKETS

    outer = _BRACKETS.sub(" ", name).strip()
    return [outer] if outer and outer != name.strip() else []


def _placeholder_list(items: list[str], label: str) -> list[str]:
    return [f"[{label} {i}]" for i in range(1, len(items) + 1)]


def redact_engagement(eng: Engagement) -> tuple[Engagement, Redactor, dict[str, str], dict[str, str]]:
    """Return the redacted engagement, the redactor, and the activity and counterpart id renames."""
    red = Redactor()
    data = eng.model_dump(mode="json", by_alias=True, exclude_none=True)
    org = data["organisation"]
    org["name"] = red.add(eng.organisation.name, "[Organisation]")
    for i, s in enumerate(data["organisation"].get("staff", []), start=1):
        if "name" in s:
            s["name"] = red.add(s["name"], f"[Staff member {i}]")
        if "role" in s:
            s["role"] = red.add(s["role"], f"[Staff role {i}]")
    for i, f in enumerate(data.get("funders", []), start=1):
        f["name"] = red.add(f["name"], f"[Funder {i}]")
    cp_ids: dict[str, str] = {}
    for i, c in enumerate(data.get("counterparts", []), start=1):
        new_id = f"counterpart-{i}"
        cp_ids[c["id"]] = new_id
        for part in _name_parts(c["name"]):  # the engine quotes the name outside its brackets (round 5)
            red.add(part, f"[Counterpart {i}]", tokens=True)
        c["name"] = red.add(c["name"], f"[Counterpart {i}]", tokens=True)
        c["aliases"] = [red.add(a, f"[Counterpart {i} alias {j}]", tokens=True)
                        for j, a in enumerate(c.get("aliases", []), start=1)]
        if "notes" in c:
            c["notes"] = red.add(c["notes"], f"[Counterpart {i} notes]")
        c["id"] = new_id
    act_ids: dict[str, str] = {}
    for i, a in enumerate(data["activities"], start=1):
        new_id = f"A{i}"
        act_ids[a["id"]] = new_id
        if "description" in a:
            a["description"] = red.add(a["description"], f"[Description of activity {new_id}]")
        a["id"] = new_id
        cp = a.get("counterpart")
        if isinstance(cp, str):
            a["counterpart"] = cp_ids.get(cp, cp)
        elif isinstance(cp, list):
            a["counterpart"] = [cp_ids.get(x, x) for x in cp]
    if data["location"].get("area"):
        data["location"]["area"] = red.add(data["location"]["area"], "[Area]")
    data["title"] = red.add(data["title"], "[Title]")
    memo = data.get("memo")
    if memo:
        for key, label in (("matter", "[Matter]"), ("prepared_by", "[Prepared by]"), ("reviewed_by", "[Reviewed by]")):
            if memo.get(key):
                memo[key] = red.add(memo[key], label)
    if data.get("readiness"):
        _redact_readiness(data["readiness"], red)
    red.compile()
    return Engagement.model_validate(data), red, act_ids, cp_ids


def _redact_readiness(rd: dict[str, Any], red: Redactor) -> None:
    """The readiness notes, the actor map and the engagement's own principles, triggers and limits."""
    for value in rd.values():
        if isinstance(value, dict) and value.get("note"):
            value["note"] = red.add(value["note"], "[Note redacted]")
    for i, actor in enumerate(rd.get("actor_map", []), start=1):
        actor["name"] = red.add(actor["name"], f"[Actor {i}]")
        if actor.get("note"):
            actor["note"] = red.add(actor["note"], f"[Actor {i} note]")
    for key, label in (("principles_of_engagement", "Principle of engagement"),
                       ("disengagement_triggers", "Disengagement trigger"),
                       ("concession_limits", "Limit on concessions")):
        items = rd.get(key, [])
        for original, ph in zip(items, _placeholder_list(items, label), strict=True):
            red.add(original, ph)
        rd[key] = _placeholder_list(items, label)


def _walk(value: Any, red: Redactor, key: str | None = None) -> Any:
    if key in _PROTECTED_KEYS:
        return value
    if isinstance(value, str):
        return red.text(value)
    if isinstance(value, list):
        return [_walk(v, red) for v in value]
    if isinstance(value, dict):
        return {k: _walk(v, red, k) for k, v in value.items()}
    return value


def redact_result(result: Result, eng: Engagement, red: Redactor, act_ids: dict[str, str],
                  cp_ids: dict[str, str]) -> Result:
    data = result.model_dump(mode="json")
    data["title"] = eng.title
    names = {c.id: c.name for c in eng.counterparts}
    for c in data["counterparts"]:
        c["id"] = cp_ids.get(c["id"], c["id"])
        c["name"] = names.get(c["id"], red.text(c["name"]))
    for a in data["activities"]:
        a["id"] = act_ids.get(a["id"], a["id"])
        a["counterparts"] = [cp_ids.get(x, x) for x in a["counterparts"]]
    for f in data["findings"]:
        f["activity"] = act_ids.get(f["activity"], f["activity"])
    for j in data["jurisdictions"]:
        j["activities"] = [act_ids.get(x, x) for x in j["activities"]]
    data = _walk(data, red)
    return Result.model_validate(data)


def redact_with_ways(result: Result, eng: Engagement, ways: list[Any]) -> tuple[Result, Engagement, list[Any]]:
    """``redact_all``, and the ways forward (computed on the real engagement) redacted the same way."""
    new_eng, red, act_ids, cp_ids = redact_engagement(eng)
    new_ways = [dataclasses.replace(w, activity=act_ids.get(w.activity, w.activity), description=red.text(
        w.description), differences=[red.text(d) for d in w.differences]) for w in ways]
    return redact_result(result, new_eng, red, act_ids, cp_ids), new_eng, new_ways


def redact_all(result: Result, eng: Engagement) -> tuple[Result, Engagement]:
    """Redact a finished result and its engagement together; outcomes are untouched by construction."""
    new_eng, red, act_ids, cp_ids = redact_engagement(eng)
    new_result = redact_result(result, new_eng, red, act_ids, cp_ids)
    return new_result, new_eng
