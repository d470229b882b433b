"""What a checker remembers from one check to the next: the values of ``Situation.once`` and ``once_per_check``,
per engagement content.

Within a check those values are keyed by what they depend on beyond the engagement and the rule set (the day and
its wording, the counterparts, the lists, an activity). Across checks the key adds the rest: the engagement's
content but its activities (its ``repr``: every field, nested, in order), each activity's content (its ``repr``),
the screening thresholds and the rule data (the rule set's SHA-256 and identity: a checker whose rule set is
replaced or reloaded starts afresh). Two checks of equal
engagements, or of engagements that differ only in some activities, therefore share what does not depend on the
difference, and an engagement that differs in any other field starts afresh. Nothing remembered holds an object of
the engagement itself (only strings, numbers and the engine's own immutable results), so a caller that changes its
engagement after a check changes nothing remembered.

Values are remembered only from the second check of the same content on: a check of an engagement seen once (a
plan's rows, one-off checks) keeps them for itself only, as before, so that what it computed is freed with it
instead of being kept (and rescanned by the garbage collector) for nothing. Bounded: at most :data:`ENGAGEMENTS`
engagements remembered, each with at most :data:`ENTRIES` values (then it starts afresh), and :data:`SEEN`
contents seen once.
"""

from __future__ import annotations

from typing import Any

ENGAGEMENTS = 16
ENTRIES = 20_000
SEEN = 256


class Memos:
    """Per engagement content: the dict its checks share."""

    def __init__(self) -> None:
        self._by_engagement: dict[str, dict[object, object]] = {}
        self._seen: dict[str, None] = {}

    def shared(self, eng: Any, context: tuple[object, ...]) -> dict[object, object] | None:
        """The values remembered for engagements with the content of ``eng`` (but its activities), checked in
        ``context`` (the rule data and the screening thresholds); None the first time that content is seen (the
        check keeps its values for itself)."""
        key = repr((context, eng.model_copy(update={"activities": []})))
        hit = self._by_engagement.get(key)
        if hit is None and key not in self._seen:
            if len(self._seen) >= SEEN:
                self._seen.clear()
            self._seen[key] = None
            return None
        if hit is None or len(hit) > ENTRIES:
            if hit is None and len(self._by_engagement) >= ENGAGEMENTS:
                del self._by_engagement[next(iter(self._by_engagement))]  # the oldest
            hit = self._by_engagement[key] = {}
        return hit


def activity_key(shared: dict[object, object], act: Any) -> object:
    """The activity's content, as the key of what is remembered for it (one string object per content, so that
    keys compare by identity)."""
    text = repr(act)
    return shared.setdefault(("activity", text), text)
