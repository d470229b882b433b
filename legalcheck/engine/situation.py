"""The situation one rule is applied to: one activity of one engagement, under one jurisdiction, on one day.

Everything a step reads comes from here. A step that compares the day with a date of the data records that date
(see :func:`period_dates`), so that callers know which dates an evaluation depends on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from ..designation_status import CounterpartScreen, span_dates
from ..models.runtime import Activity, Counterpart, Engagement, Period
from ..ruleset import Jurisdiction, RuleSet

T = TypeVar("T")
Dates = frozenset[dt.date]
NO_DATES: Dates = frozenset()
# Written where texts quote the day when the caller asks for it (``Checker.evaluate(..., day_slot=True)``):
# as long as an ISO date, and never one (there is no year 0).
DAY_SLOT = "0000-00-00"


def period_dates(*periods: Period) -> Dates:
    """The dates that ``Period.contains`` compares with a day."""
    return span_dates((p.from_, p.to) for p in periods)


@dataclass(frozen=True, eq=False)
class Situation:
    """One activity × one jurisdiction × one day: the facts every step reads."""

    engagement: Engagement
    activity: Activity
    jurisdiction: Jurisdiction
    day: dt.date
    purpose: str
    screens: Mapping[str, CounterpartScreen]
    rules: RuleSet
    day_text: str = ""
    """How texts quote the day: its ISO date, or :data:`DAY_SLOT` to fill in later."""
    shared: dict[object, object] = field(default_factory=dict)
    """What does not depend on the jurisdiction, computed once per check (the checker passes every situation of a
    check the same dict, remembered for the engagement's content across checks, see :mod:`.memo`; keys name the
    activity, day and wording they depend on, see :meth:`once`)."""
    activity_key: object = None
    """The activity in the keys of :meth:`once`: its content (:func:`.memo.activity_key`); by default the activity
    object itself (for a ``shared`` dict used by one check only)."""
    remembered: bool = False
    """Whether ``shared`` is kept for later checks (else :meth:`once_here`, whose values one check uses once, does
    not keep them)."""

    def __post_init__(self) -> None:
        if not self.day_text:
            object.__setattr__(self, "day_text", self.day.isoformat())
        # what steps derive from the situation alone, computed once (see ``reach.reached``)
        object.__setattr__(self, "memo", {})
        object.__setattr__(self, "_once", {})  # this situation's view of what ``once`` found
        if self.activity_key is None:
            object.__setattr__(self, "activity_key", id(self.activity))

    def once(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()``, once per check for ``key`` with this situation's activity, day and wording (the value
        must not depend on the jurisdiction, and is never changed by its callers)."""
        local: dict[object, object] = self._once  # type: ignore[attr-defined]
        hit = local.get(key, local)
        if hit is local:
            full = (self.activity_key, self.day, self.day_text, *key)
            hit = self.shared.get(full, self.shared)
            if hit is self.shared:
                hit = self.shared[full] = compute()
            local[key] = hit
        return hit  # type: ignore[return-value]

    def once_here(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """:meth:`once` for a value that also reads the jurisdiction, when ``shared`` is kept for later checks:
        keyed by its code when it is the rule set's own (whose data never changes), else computed afresh (e.g. a
        jurisdiction a test has changed)."""
        jur = self.jurisdiction
        if not self.remembered or self.rules.jurisdictions.get(jur.meta.code) is not jur:
            return compute()
        return self.once((*key, jur.meta.code), compute)

    def once_per_check(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()``, once per check for ``key``, whatever the activity: ``key`` names everything the value
        depends on beyond the engagement and the rule set (e.g. the counterparts and the day, but not the
        activity), and the value is never changed by its callers."""
        hit = self.shared.get(key, self.shared)
        if hit is self.shared:
            hit = self.shared[key] = compute()
        return hit  # type: ignore[return-value]

    def counterpart_ids(self) -> tuple[str, ...]:
        """The ids of :meth:`counterparts`, in order."""
        hit = self._once.get(("counterpart_ids",))  # type: ignore[attr-defined]
        if hit is None:
            hit = self.once(("counterpart_ids",), lambda: tuple(c.id for c in self.counterparts()))
        return hit  # type: ignore[no-any-return]

    def performer_nationalities(self) -> list[str]:
        """Nationalities of the staff who perform the activity (``performed_by``, default every staff member)."""
        hit = self._once.get(("performers",))  # type: ignore[attr-defined]
        return list(hit if hit is not None else self.once(("performers",), self._performer_nationalities))

    def _performer_nationalities(self) -> list[str]:
        if self.activity.performed_by:
            return sorted(set(self.activity.performed_by))
        return sorted({s.nationality for s in self.engagement.organisation.staff})

    def performer_residences(self) -> list[str]:
        nats = set(self.performer_nationalities())
        return sorted(
            {s.residence for s in self.engagement.organisation.staff if s.residence and s.nationality in nats}
        )

    def residence_unstated(self) -> bool:
        """Whether a staff member who performs the activity has no residence stated, or a ``performed_by``
        nationality has no one on the staff list (allowed only when there is no staff list): where they live is
        then unknown."""
        nats = set(self.performer_nationalities())
        staff = self.engagement.organisation.staff
        return (any(s.residence is None and s.nationality in nats for s in staff)
                or bool(nats - {s.nationality for s in staff}))

    def organisation_countries(self) -> set[str]:
        """Where the organisation is incorporated or has offices (where its staff may live or act from)."""
        org = self.engagement.organisation
        return {org.incorporated_in, *org.offices}

    def counterparts(self) -> list[Counterpart]:
        """The counterparts this activity deals with (every counterpart when the activity names none)."""
        local: dict[object, object] = self._once  # type: ignore[attr-defined]
        hit = local.get(("counterparts",))  # the engagement's own objects: this situation's only, never remembered
        if hit is None:
            hit = local[("counterparts",)] = self._counterparts()
        return list(hit)  # type: ignore[call-overload]

    def _counterparts(self) -> tuple[Counterpart, ...]:
        ids = self.activity.counterpart_ids()
        if ids is None:
            return tuple(self.engagement.counterparts)
        return tuple(c for c in self.engagement.counterparts if c.id in ids)

    def countries(self, spec: list[str]) -> tuple[set[str], Dates]:
        """ISO codes for ``spec`` (default: the jurisdiction's countries) on the day, and the dates compared."""
        codes = spec or self.jurisdiction.meta.countries
        cache = self.rules.__dict__.setdefault("_membership_dates", {})
        key = tuple(codes)
        dates = cache.get(key)
        if dates is None:
            groups = [self.rules.groups[c] for c in codes if c.startswith("@")]
            dates = cache[key] = period_dates(*(m.period for g in groups for m in g.members))
        return self.rules.expand(codes, self.day), dates

    def in_force(self, period: Period) -> tuple[bool, Dates]:
        return period.contains(self.day), period_dates(period)
