"""Is a counterpart designated on a given list on a given day? (with the reason)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from .screening import NameMatch
from .screening.namewords import within_text

if TYPE_CHECKING:  # type hints only: the objects may be pydantic models or their runtime twins
    from .models.designations import Designation

State = Literal["designated", "partial", "ambiguous", "unknown", "unlisted_subset", "not_listed"]

# how uncertain each state is (higher = more restrictive when combining counterparts)
STATE_RANK: dict[str, int] = {
    "designated": 5,
    "partial": 4,
    "ambiguous": 3,
    "unknown": 2,
    "unlisted_subset": 1,  # identified elsewhere, absent from a curated subset (``complete: false``): not evidence
    "not_listed": 0,
}


@dataclass
class ListStatus:
    state: State
    explanation: str
    entries: list[tuple[str, Designation]] = field(default_factory=list)
    dates: frozenset[dt.date] = frozenset()
    """Every listing date compared with the day to reach this status."""
    absent_from: tuple[tuple[str, str], ...] = ()
    """For ``unlisted_subset``: each curated list (id, title) the group is absent from; the file may answer for each
    (:func:`absence_fact`)."""
    otherwise: ListStatus | None = None
    """For ``unlisted_subset``: the status on the other lists, which decides once every absence is answered no."""


@dataclass
class CounterpartScreen:
    """The screening result for one counterpart: every candidate on every list."""

    id: str
    name: str
    matches: list[NameMatch]  # never changed once screened: the properties below are computed once
    statuses: dict[tuple[object, ...], ListStatus] = field(default_factory=dict, repr=False, compare=False)
    within: list[NameMatch] = field(default_factory=list, compare=False)
    """For a name that matched nothing: listed groups named inside it ("Hamas Youth Wing" names Hamas)."""

    # Computed once: a check asks them for every list, rule and activity (``matches`` is never changed).
    @cached_property
    def strong(self) -> list[NameMatch]:
        return [m for m in self.matches if m.match]

    @cached_property
    def grey(self) -> list[NameMatch]:
        return [m for m in self.matches if not m.match]

    @cached_property
    def entities(self) -> frozenset[str]:
        return frozenset(m.designation.entity for m in self.strong if m.designation.entity)

    @property
    def known(self) -> bool:
        return bool(self.strong)

    @cached_property
    def identified(self) -> bool:
        """Whether the strong matches identify the group: not when they rest only on a short form of one or two
        letters ("N/A" or "NA" equals "NA", an acronym of National Action; a placeholder is not that group)."""
        return any(m.kind != "weak_alias" or len(_letters(m.matched_name)) > 2 for m in self.strong)


def absence_fact(list_id: str) -> str:
    """The counterpart fact that answers whether a group absent from the curated list ``list_id`` is on the
    official list on the day (``true``: it is), e.g. ``on_list_us_sdgt``."""
    return "on_list_" + list_id.replace("-", "_").replace(".", "_")


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


def _fmt(e: Designation) -> str:
    span = f"listed {e.listed_from.isoformat()}"
    if e.listed_to:
        span += f" until {e.listed_to.isoformat()}"
    ref = f", ref. {e.reference}" if e.reference else ""
    return f"{e.name!r} ({span}{ref})"


def span_dates(spans: Iterable[tuple[dt.date, dt.date | None]]) -> frozenset[dt.date]:
    """The dates a day is compared with to tell whether it falls in each span [start, end)."""
    return frozenset(d for span in spans for d in span if d is not None)


def listing_dates(entries: list[Designation]) -> frozenset[dt.date]:
    """The dates that ``Designation.in_force`` compares with a day, for every entry given, and for an unverified
    entry with a bounded margin the edges of the window within which its dates decide (see ``_deciding``)."""
    out = set(span_dates((e.listed_from, e.listed_to) for e in entries))
    for e in entries:
        m = e.margin_days
        if m:
            out |= {x for d in (e.listed_from, e.listed_to) if d is not None
                    for x in (d - dt.timedelta(days=m), d + dt.timedelta(days=m + 1))}
    return frozenset(out)


def list_status(cs: CounterpartScreen, list_id: str, lists_entries: list[Designation], day: dt.date,
                day_text: str | None = None, data: str = "") -> ListStatus:
    """Status of one counterpart on one list on ``day`` (quoted as ``day_text``), with the listing dates compared.

    Computed once per counterpart screen, list data, day and wording (callers never change a status they are
    given). ``data`` names the list data (the rule set's SHA-256): the entries' ``id`` alone could be reused by
    other data once these are freed."""
    key = (list_id, id(lists_entries), data, day, day_text)
    hit = cs.statuses.get(key)
    if hit is None:
        hit = cs.statuses[key] = _list_status(cs, list_id, lists_entries, day, day_text)
    return hit


def _list_status(cs: CounterpartScreen, list_id: str, lists_entries: list[Designation], day: dt.date,
                 day_text: str | None) -> ListStatus:
    status = _status(cs, list_id, lists_entries, day, day_text or day.isoformat())
    direct = [m.designation for m in cs.strong if m.list_id == list_id]
    entities = cs.entities
    looked_at = direct + ([e for e in lists_entries if (e.entity and e.entity in entities)
                           or (e.part_of and e.part_of in entities)] if entities else [])
    looked_at += [m.designation for m in cs.grey if m.list_id == list_id]
    status.dates = listing_dates(looked_at)
    return status


_BY_GROUP: dict[tuple[int, str], tuple[list[Designation], dict[str, list[int]]]] = {}


def _with(entries: list[Designation], attr: str, groups: frozenset[str]) -> list[Designation]:
    """The entries whose ``attr`` (``entity`` or ``part_of``) is one of ``groups``, in list order (through an index
    of the list by group, built once per list)."""
    if not groups or not entries:
        return []
    key = (id(entries), attr)
    cached = _BY_GROUP.get(key)  # holds the list itself, so its id cannot be reused while it is cached
    if cached is None or cached[0] is not entries:
        if len(_BY_GROUP) > 1000:
            _BY_GROUP.clear()
        by: dict[str, list[int]] = {}
        for i, e in enumerate(entries):
            g = getattr(e, attr)
            if g:
                by.setdefault(g, []).append(i)
        cached = _BY_GROUP[key] = (entries, by)
    by = cached[1]
    positions = sorted(i for g in groups for i in by.get(g, ()))
    return [entries[i] for i in positions]


def _status(cs: CounterpartScreen, list_id: str, lists_entries: list[Designation], day: dt.date,
            on: str) -> ListStatus:
    direct = [m for m in cs.strong if m.list_id == list_id]
    entities = cs.entities
    direct_entries = [m.designation for m in direct]
    via_entity = [e for e in _with(lists_entries, "entity", entities) if e not in direct_entries]
    parts = _with(lists_entries, "part_of", entities)
    candidates: list[Designation] = [m.designation for m in direct] + via_entity
    whole = _designated_whole(cs, list_id, lists_entries, candidates, direct, day, on)
    if whole is not None:
        return whole
    in_force_part = sorted((e for e in candidates + parts if e.in_force(day) and e.covers == "part"),
                           key=lambda e: not e.verified)
    if in_force_part:
        e = in_force_part[0]
        return ListStatus(
            "partial",
            f"only part of the group is designated on {list_id} on {on}: {_fmt(e)} — {e.scope_note}. "
            f"Whether the counterpart is (or acts for) that part must be established.",
            [(list_id, e)],
        )
    grey_here = [m for m in cs.grey if m.list_id == list_id and m.designation.in_force(day)]
    if grey_here and not cs.known:
        names = "; ".join(f"{m.designation.name!r} (score {m.score:.2f})" for m in grey_here[:3])
        return ListStatus(
            "ambiguous",
            f"{cs.name!r} resembles entries on {list_id} but not closely enough to be sure: {names}",
            [(list_id, m.designation) for m in grey_here],
        )
    if cs.known and not cs.identified:  # no negative inference from a short form alone: fail closed
        return _short_form_only(cs, list_id, candidates + parts)
    if grey_here and max(m.score for m in cs.strong) < 1.0 and (also := _also_resembles(cs, list_id, grey_here, on)):
        return also  # identified elsewhere by a close, not an exact, match: it may be the other group this list holds
    if candidates or parts:
        hist = "; ".join(_fmt(e) for e in candidates + parts)
        if any(not e.verified for e in candidates + parts):
            hist += "; these listing dates are not verified against the official list — confirm them"
        return ListStatus("not_listed", f"{cs.name!r} is not designated on {list_id} on {on} ({hist})",
                          [(list_id, e) for e in candidates + parts])
    if cs.known:
        return ListStatus("not_listed", f"{cs.name!r} was identified on other lists but is not on {list_id}")
    if cs.grey:
        names = "; ".join(f"{m.designation.name!r} on {m.list_id} (score {m.score:.2f})" for m in cs.grey[:3])
        return ListStatus(
            "ambiguous", f"{cs.name!r} could not be identified with certainty; closest candidates: {names}"
        )
    inside = f"; {within_text(cs.name, cs.within)}" if cs.within else ""
    return ListStatus(
        "unknown",
        f"{cs.name!r} matched no entry on any designation list held by legalcheck; "
        f"it cannot be assumed to be undesignated{inside}",
    )


def _designated_whole(cs: CounterpartScreen, list_id: str, lists_entries: list[Designation],
                      candidates: list[Designation], direct: list[NameMatch], day: dt.date, on: str
                      ) -> ListStatus | None:
    """Designated when an entry of the group in force covers it whole (one of ``candidates``). Else, when a matched
    entry is part of a group (``part_of``) that this list designates as a whole, ``partial``: "Hezbollah Military
    Wing" matched the wing's entries only, so it was "not on" us-fto and not in force on uk-proscribed after the
    wing's entry ended in 2019 (US and UK `permitted`); whether a part so named is covered by the whole group's
    designation (a wing, or a chapter or front of the group?) is for a person, keyed ``designated_part``."""

    def in_force_whole(entries: list[Designation]) -> list[Designation]:
        # a verified entry first: a designation that verified data shows is not capped by an unverified one
        return sorted((e for e in entries if e.in_force(day) and e.covers == "whole"), key=lambda e: not e.verified)

    found = in_force_whole(candidates)
    if found:
        e = found[0]
        how = next((m.explanation for m in direct if m.designation is e), None)
        why = how or f"identified as the same group ({e.entity}) through a match on another list"
        return ListStatus(
            "designated", f"{cs.name!r} is designated on {list_id} on {on}: {_fmt(e)}; {why}", [(list_id, e)]
        )
    parents = frozenset(m.designation.part_of for m in cs.strong if m.designation.part_of) - cs.entities
    found = in_force_whole([e for e in _with(lists_entries, "entity", parents) if e not in candidates])
    if not found:
        return None
    e = found[0]
    part = next(m for m in cs.strong if m.designation.part_of == e.entity)
    return ListStatus(
        "partial", f"{cs.name!r} was identified as {part.designation.name!r} on {part.list_id}, a part of "
        f"{e.entity} (part_of), and {e.entity} is designated as a whole on {list_id} on {on}: {_fmt(e)}. Whether "
        f"the counterpart is part of (or acts for) that group, and so covered by its designation, must be "
        "established.", [(list_id, e)])


def _short_form_only(cs: CounterpartScreen, list_id: str, entries: list[Designation]) -> ListStatus:
    short = "; ".join(f"{m.matched_name!r} ({m.designation.name}, {m.list_id})" for m in cs.strong[:3])
    return ListStatus(
        "ambiguous", f"{cs.name!r} equals only a one- or two-letter short form of a listed group: {short}; that "
        f"does not establish which group it is, so it cannot be assumed to be undesignated on {list_id}",
        [(list_id, e) for e in entries])


def _also_resembles(cs: CounterpartScreen, list_id: str, grey_here: list[NameMatch], on: str) -> ListStatus | None:
    """Ambiguous when ``grey_here`` holds a group other than those the strong matches identify, else None."""
    grey = [m for m in grey_here if not m.designation.entity or m.designation.entity not in cs.entities]
    if not grey:
        return None
    strong = "; ".join(f"{m.designation.name!r} on {m.list_id} (score {m.score:.2f})" for m in cs.strong[:2])
    names = "; ".join(f"{m.designation.name!r} (score {m.score:.2f})" for m in grey[:3])
    return ListStatus(
        "ambiguous",
        f"{cs.name!r} was identified as {strong}, which is not designated on {list_id} on {on}, but it also "
        f"resembles another group on {list_id}: {names}; which group it is must be established before it can be "
        f"assumed to be undesignated on {list_id}",
        [(list_id, m.designation) for m in grey])


def status_rank(status: ListStatus, day: dt.date) -> tuple[int, bool]:
    """How restrictive ``status`` is, then which of two equally restrictive statuses decides: a designation that
    rests on verified entries, but a "not listed" that an unverified date decides (it would otherwise be hidden)."""
    unverified = bool(unverified_deciding_dates(status, day))
    return STATE_RANK[status.state], unverified if status.state == "not_listed" else not unverified


def _deciding(e: Designation, date: dt.date, day: dt.date) -> bool:
    """Whether the unverified ``date`` of ``e`` decides how ``day`` compares with it: the day is within the
    margin by which the date may be off (any day, when the margin is unbounded)."""
    m = e.margin_days
    return m is None or abs((day - date).days) <= m


def unverified_deciding_dates(status: ListStatus, day: dt.date) -> list[str]:
    """The unverified listing or delisting dates that decide ``status`` on ``day``, in words: a date decides when
    it opens or closes the window the day falls in (or stays out of) and the day is within the margin by which the
    date may be off (``date_margin_days`` / the list's ``unverified_margin_days``), so that the status would differ
    if the date were wrong.

    Designated: the in-force entry's listing date and end date, if any — unless a verified entry also makes the
    group designated, in which case ``status`` rests on that one (:func:`list_status` prefers verified entries).
    Not listed: for every entry of the group, the date that puts the day outside it (before its listing date, or on
    or after its end date)."""
    out: list[str] = []
    for list_id, e in status.entries:
        if e.verified:
            continue
        dates: list[str] = []
        if status.state in ("designated", "partial"):
            dates += [f"listed from {e.listed_from.isoformat()}"] if _deciding(e, e.listed_from, day) else []
            if e.listed_to and _deciding(e, e.listed_to, day):
                dates.append(f"delisted on {e.listed_to.isoformat()}")
        elif status.state == "not_listed" and day < e.listed_from and _deciding(e, e.listed_from, day):
            dates = [f"listed only from {e.listed_from.isoformat()}"]
        elif (status.state == "not_listed" and e.listed_to is not None and day >= e.listed_to
              and _deciding(e, e.listed_to, day)):
            dates = [f"delisted on {e.listed_to.isoformat()}"]
        if dates:
            m = e.margin_days
            margin = "" if m is None else f" (may be off by up to {m} day{'' if m == 1 else 's'})"
            out.append(f"{e.name!r} on {list_id}: {' and '.join(dates)}{margin}")
    return out
