"""The encoded horizon: the data answers only for days it covers. A day before the jurisdiction's ``encoded_from``,
or after a designation list's check date (``as_of``) plus its ``review_days``, gives ``needs_review`` with that
reason. Only the activity's day and the data are compared, never the clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..designation_status import CounterpartScreen
from ..models.runtime import Counterpart, Designation
from .situation import Dates, Situation


def before_horizon(sit: Situation) -> tuple[str | None, Dates]:
    """Why the day is before the jurisdiction's encoded horizon (None when it is not), and the date compared."""
    meta = sit.jurisdiction.meta
    if meta.encoded_from is None:  # `legalcheck validate` warns: the jurisdiction states no horizon
        return None, frozenset()
    if sit.day >= meta.encoded_from:
        return None, frozenset({meta.encoded_from})
    return (f"Outside the encoded horizon: {meta.name} law is encoded in legalcheck only from "
            f"{meta.encoded_from.isoformat()}, and this activity is dated {sit.day_text}. Law in force before then "
            "is not encoded: a lawyer must check it."), frozenset({meta.encoded_from})


def list_answers_until(sit: Situation, list_id: str) -> dt.date | None:
    """The first day the list data no longer answers for (its check date plus its review interval, plus one)."""
    lst = sit.rules.lists.get(list_id)
    return None if lst is None else lst.answers_until


def stale_lists(sit: Situation, list_ids: list[str]) -> tuple[list[str], Dates]:
    """The lists whose data is too old for the day, in words, and the boundary dates compared."""
    out: list[str] = []
    dates: set[dt.date] = set()
    for lid in list_ids:
        until = list_answers_until(sit, lid)
        if until is None:
            continue
        dates.add(until)
        if sit.day >= until:
            lst = sit.rules.lists[lid]
            out.append(f"{lid} was last checked on {lst.as_of.isoformat()} and answers for {lst.review_days} days "
                       f"after that (to {(until - dt.timedelta(days=1)).isoformat()})")
    return out, frozenset(dates)


def uncovered_lists(sit: Situation, list_ids: list[str]) -> tuple[list[str], Dates]:
    """The lists whose data does not reach back to the day (the day is before their ``covers_from``), in words
    (each begins with the list id), and the dates compared. Before ``covers_from`` a listing since removed would
    not be in the data (see :func:`not_listed_before_coverage`)."""
    out: list[str] = []
    dates: set[dt.date] = set()
    for lid in list_ids:
        lst = sit.rules.lists.get(lid)
        if lst is None or lst.covers_from is None:  # `legalcheck validate` warns: the list states no window
            continue
        dates.add(lst.covers_from)
        if sit.day < lst.covers_from:
            out.append(f"{lid} holds listings and delistings only from {lst.covers_from.isoformat()}")
    return out, frozenset(dates)


@dataclass(frozen=True)
class Gap:
    """What "not listed" on lists whose data does not reach back to the day (before their ``covers_from``) is
    worth for one counterpart: nothing to decide (``early`` empty), an assumption stated (``assumption``), or a
    doubt (``doubt``, why the assumption is not made)."""

    early: tuple[str, ...] = ()
    assumption: str | None = None
    doubt: str | None = None
    dates: Dates = frozenset()


def not_listed_before_coverage(sit: Situation, cp: Counterpart, list_ids: list[str]) -> Gap:
    """Whether ``cp``'s "not listed" on ``list_ids`` on the day is taken as an answer where the day is before a
    list's ``covers_from`` (the list keeps no removals from before then): only when (1) the counterpart is
    identified with certainty on a list whose data answers for the day, and (2) none of its entries on any loaded
    list ends after the day (no known removal since then). Then it is an assumption, stated; otherwise a doubt.
    The one rule for every layer (the designation step and the ``counterpart_listed`` connection); remembered with
    the counterpart's screen (kept by the checker across checks), per parent screen, lists, day and wording."""
    own, parent = sit.screens.get(cp.id), sit.screens.get(cp.part_of) if cp.part_of else None
    if own is None:
        return _gap(sit, cp, list_ids)
    key = ("gap", cp.name, cp.part_of, id(parent), tuple(list_ids), sit.rules.sha256, id(sit.rules), sit.day,
           sit.day_text)
    hit = own.statuses.get(key)
    if hit is None:
        hit = own.statuses[key] = _gap(sit, cp, list_ids)  # type: ignore[assignment]
    return hit  # type: ignore[return-value]


def _gap(sit: Situation, cp: Counterpart, list_ids: list[str]) -> Gap:
    early, dates = uncovered_lists(sit, list_ids)
    if not early:
        return Gap(dates=dates)
    ids = _identities(sit, cp)
    entries = [x for cs in ids for x in _group_entries(sit, cs)]
    answering, m_dates = _answering_lists(sit, entries)
    removals = _removals_since(sit, entries)
    dates |= m_dates | frozenset(e.listed_to for _, e, _ in entries if e.listed_to is not None)
    lists, gap = _no_removals(sit, list_ids)
    name = ids[0].name if ids else cp.name
    if not ids:
        return Gap(tuple(early), doubt=f"{cp.name} is not identified with certainty on any list (a possible "
                   "match at most), so no list with a longer history can vouch for it", dates=dates)
    if not answering:
        held = sorted({lid for lid, _, own in entries if own})
        return Gap(tuple(early), doubt=f"{name} is identified only on lists whose data does not answer for "
                   f"{sit.day_text} ({', '.join(held)})", dates=dates)
    if removals:
        return Gap(tuple(early), doubt=f"a list shows a removal of {name} since {sit.day_text}: "
                   + "; ".join(removals), dates=dates)
    on = ", ".join(answering)
    return Gap(tuple(early), assumption=(
        f"{gap}; {name} is identified on {on}, whose data answer{'s' if len(answering) == 1 else ''} for "
        f"{sit.day_text}, and no list shows a removal of it since {sit.day_text}; it is taken not to have been on "
        f"{lists[0] if len(lists) == 1 else 'any of them'} and removed since"), dates=dates)


def _no_removals(sit: Situation, list_ids: list[str]) -> tuple[list[str], str]:
    """The lists whose data does not reach back to the day, and in words what they lack."""
    by_date: dict[dt.date, list[str]] = {}
    for lid in list_ids:
        lst = sit.rules.lists.get(lid)
        if lst is not None and lst.covers_from is not None and sit.day < lst.covers_from:
            by_date.setdefault(lst.covers_from, []).append(lid)
    words = [f"{', '.join(ls)} hold{'' if len(ls) > 1 else 's'} no removals before {d.isoformat()}"
             for d, ls in sorted(by_date.items())]
    return [lid for _, ls in sorted(by_date.items()) for lid in ls], "; ".join(words)


def _identities(sit: Situation, cp: Counterpart) -> list[CounterpartScreen]:
    """The screens that identify ``cp`` with certainty: its own (strong matches), and its ``part_of`` parent's
    when that is identified too — or the parent's alone when ``cp``'s own name matches nothing (it is screened
    through its parent). A grey (possible) match identifies nothing."""
    own = sit.screens.get(cp.id)
    parent = sit.screens.get(cp.part_of) if cp.part_of else None
    via = [parent] if parent is not None and parent.known else []
    if own is not None and own.known:
        return [own, *via]
    return via if own is None or not own.matches else []


def _entity_index(sit: Situation) -> dict[str, list[tuple[str, Designation]]]:
    """Every entry of every loaded list (any jurisdiction, encoded or not) by its entity and its ``part_of``."""
    cache = sit.rules.__dict__
    if "_entity_index" not in cache:
        idx: dict[str, list[tuple[str, Designation]]] = {}
        for lst in sit.rules.lists.values():
            for e in lst.entries:
                for key in {k for k in (e.entity, e.part_of) if k}:
                    idx.setdefault(key, []).append((lst.id, e))
        cache["_entity_index"] = idx
    return cache["_entity_index"]


def _group_entries(sit: Situation, cs: CounterpartScreen) -> list[tuple[str, Designation, bool]]:
    """The entries of the identified group on any loaded list: its strong matches and every entry of the same
    entity, each with whether it names the group itself (not only a part of it)."""
    idx = _entity_index(sit)
    out = {id(m.designation): (m.list_id, m.designation, True) for m in cs.strong}
    for ent in sorted(cs.entities):
        for lid, e in idx.get(ent, []):
            out.setdefault(id(e), (lid, e, e.entity == ent))
    return list(out.values())


def _answering_lists(sit: Situation, entries: list[tuple[str, Designation, bool]]) -> tuple[list[str], Dates]:
    """The lists that name the group itself and whose data answers for the day (from their ``covers_from``, if
    any, to their check date plus review interval), and the dates compared."""
    out: set[str] = set()
    dates: set[dt.date] = set()
    for lid in {lid for lid, _, own in entries if own}:
        lst, until = sit.rules.lists.get(lid), list_answers_until(sit, lid)
        if lst is None or until is None:
            continue
        dates |= {until} | ({lst.covers_from} if lst.covers_from else set())
        if (lst.covers_from is None or lst.covers_from <= sit.day) and sit.day < until:
            out.add(lid)
    return sorted(out), frozenset(dates)


def _removals_since(sit: Situation, entries: list[tuple[str, Designation, bool]]) -> list[str]:
    """The entries of the group that end after the day, in words: a known removal (by the list's check date; a
    scheduled end after it, e.g. a law's sunset, is none), unless another entry of the same group on the same list
    begins that day (a renewal, renaming or widening, e.g. a wing's listing replaced by the whole group's)."""
    out: list[str] = []
    for lid, e, _ in entries:
        lst = sit.rules.lists.get(lid)
        if e.listed_to is None or lst is None or not (sit.day < e.listed_to <= lst.as_of):
            continue
        group = {k for k in (e.entity, e.part_of) if k}
        if any(f is not e and f.listed_from == e.listed_to and f.entity in group for f in lst.entries):
            continue
        out.append(f"{e.name!r} on {lid} ended on {e.listed_to.isoformat()}")
    return sorted(out)
