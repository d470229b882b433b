"""A counterpart listed under a regime legalcheck does not encode (a list with ``regime_encoded: false``, e.g. the
UN entities and individuals outside the encoded regimes): the list's jurisdiction answers ``needs_review``, never
``not_applicable`` or ``permitted``; so does each jurisdiction of the list's ``also_binds`` (those that give effect
to the same listings), when it is connected to the activity."""

from __future__ import annotations

import datetime as dt

from .situation import Dates, Situation


def unencoded_listing(sit: Situation, connected: bool = False) -> tuple[str | None, Dates]:
    """Why a counterpart of the activity is listed, on the day, under a regime of this jurisdiction (or, when the
    jurisdiction is ``connected``, one it gives effect to) that is not encoded (None when none is), and the listing
    dates compared (once per activity, jurisdiction and ``connected``: ``Situation.once_here``)."""
    return sit.once_here(("unencoded", connected), lambda: _unencoded(sit, connected))


def _unencoded(sit: Situation, connected: bool) -> tuple[str | None, Dates]:
    screener = sit.rules.unencoded_screener()
    if screener is None:
        return None, frozenset()
    code = sit.jurisdiction.meta.code
    hits: list[str] = []
    dates: set[dt.date] = set()
    cache = sit.rules.__dict__.setdefault("_unencoded_cache", {})
    for cp in sit.counterparts():
        key = (cp.name, tuple(cp.aliases))
        if key not in cache:
            cache[key] = screener.screen(cp.name, cp.aliases)
        for m in cache[key]:
            lst = sit.rules.lists.get(m.list_id)
            if not m.match or lst is None or not (lst.jurisdiction == code or (connected and code in lst.also_binds)):
                continue
            e = m.designation
            dates |= {d for d in (e.listed_from, e.listed_to) if d is not None}
            if e.in_force(sit.day):
                hits.append(f"{cp.name!r} matches {e.name!r} ({e.reference}, {e.scope_note or lst.title}, "
                            f"listed {e.listed_from.isoformat()})")
    if not hits:
        return None, frozenset(dates)
    return (f"Listed under a regime legalcheck does not encode: {'; '.join(hits)}. The measures of "
            f"{sit.jurisdiction.meta.name} law against this listing (asset freeze, embargoes) are not encoded, so "
            "whether they reach this activity must be checked by a lawyer."), \
        frozenset(dates)
