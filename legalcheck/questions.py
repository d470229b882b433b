"""Deciding questions and their fact keys: what a question asks, which fact answers it, and where the answer goes.

Every question the engine asks carries a ``key``. Most keys are facts of the vocabulary (``facts:`` in
jurisdictions/_common/vocabulary.yaml), answered in a ``facts:`` mapping of the engagement at the fact's ``scope``
(activity, counterpart or engagement). A few keys are answered by a field of the engagement file instead
(:data:`FIELD_KEYS`, and the organisation flags); :func:`answer_at` says where, for any key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from .records import FrozenRecord, setfield
from .vocabulary import VOCABULARY

if TYPE_CHECKING:
    from .models.engagement import Activity, Engagement, FactValue

Scope = Literal["engagement", "activity", "counterpart", "staff"]

# Keys answered by a field of the engagement file rather than by a fact: key -> (scope, where to write it).
FIELD_KEYS: dict[str, tuple[Scope, str]] = {
    "counterpart": ("activity", "activities[{activity}].counterpart"),
    "aliases": ("counterpart", "counterparts[{counterpart}].aliases (its listed name or an alias)"),
    "kind": ("counterpart", "counterparts[{counterpart}].kind (group, wing, administration, facility, members or "
             "intermediary)"),
    "part_of": ("counterpart", "counterparts[{counterpart}].part_of (the id of the group it belongs to, named as "
                "another counterpart)"),
    "designated_part": ("counterpart", "counterparts[{counterpart}].designated_part (yes / no)"),
    "area": ("engagement", "location.area"),
    "residence": ("staff", "organisation.staff[].residence (country code)"),
    "arranged_from": ("activity", "activities[{activity}].arranged_from (country codes of the offices)"),
    "paid_from": ("activity", "activities[{activity}].paid_from (country code of the paying account)"),
    "un_official": ("staff", "organisation.staff[].un_official (true / false)"),
}
FLAG_KEYS: frozenset[str] = frozenset(f.id for f in VOCABULARY.organisation_flags)
# Facts that an activity may also state as a field of its own (``activities[].value_passes``).
ACTIVITY_FIELD_FACTS: tuple[str, ...] = ("value_passes",)


class Question(FrozenRecord):
    """A question whose answer would settle a point; ``key`` names the fact (or field) that answers it."""

    _fields = ("text", "key", "scope", "about", "no_fact")
    text: str
    key: str | None
    scope: Scope
    about: str | None
    """The id of the counterpart a counterpart-scoped question is about, where one is."""
    no_fact: str | None
    """Why no fact of the engagement file settles the question (it is for counsel, or for the rule data): every
    question has a ``key`` or this reason."""

    def __init__(self, text: str, key: str | None = None, scope: Scope = "activity", about: str | None = None,
                 no_fact: str | None = None) -> None:
        if (key is None) == (no_fact is None):
            raise ValueError(f"a question needs a fact key or a reason why no fact settles it (not both): {text}")
        setfield(self, "text", text)
        setfield(self, "key", key)
        setfield(self, "scope", scope)
        setfield(self, "about", about)
        setfield(self, "no_fact", no_fact)

    @property
    def shown(self) -> str:
        """The question as the memo shows it: one that no fact settles says so and why."""
        return self.text if self.no_fact is None else f"{self.text} (No fact in the file settles this: {self.no_fact})"


def answer_at(q: Question, activity: str) -> str:
    """Where in the engagement file the answer to ``q`` goes, for the activity it was asked of."""
    cp = q.about or "<counterpart id>"
    if q.key in FIELD_KEYS:
        return FIELD_KEYS[q.key][1].format(activity=activity, counterpart=cp)
    if q.key in FLAG_KEYS:
        return f"organisation.{q.key} (true / false)"
    if q.scope == "engagement":
        return f"facts.{q.key}"
    if q.scope == "counterpart":
        return f"counterparts[{cp}].facts.{q.key}"
    return f"activities[{activity}].facts.{q.key}"


def stated_fact(eng: Engagement, act: Activity, key: str) -> FactValue | None:
    """The answer the file gives to fact ``key`` for ``act``: the activity's own ``facts``, else its counterparts'
    (when they disagree, none: fail closed), else the engagement's."""
    if key in act.facts:
        return act.facts[key]
    if key in ACTIVITY_FIELD_FACTS and getattr(act, key) is not None:
        return getattr(act, key)  # type: ignore[no-any-return]
    ids = act.counterpart_ids()
    values = {repr(c.facts[key]): c.facts[key] for c in eng.counterparts
              if key in c.facts and (ids is None or c.id in ids)}
    if len(values) == 1:
        return next(iter(values.values()))
    if values:
        return None
    return eng.facts.get(key)
