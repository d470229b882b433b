"""The encoded horizon: the data answers only for days it covers. A day before the jurisdiction's ``encoded_from``,
or after a designation list's check date (``as_of``) plus its ``review_days``, gives ``needs_review`` with that
reason. Only the activity's day and the data are compared, never the clock."""

from __future__ import annotations

import datetime as dt

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
    return None if lst is None else lst.as_of + dt.timedelta(days=lst.review_days + 1)


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
    """The lists whose data does not reach back to the day (the day is before their ``covers_from``), in words,
    and the dates compared. Before ``covers_from`` a listing since removed would not be in the data."""
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
