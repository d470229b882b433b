"""Absence from a curated subset (a designation list with ``complete: false``) is no evidence of "not listed".

A group identified on other lists that has no entry at all on such a list gets the state ``unlisted_subset``
(needs_review, with a question per list keyed :func:`absence_fact`) instead of ``not_listed``. The file answers it
per counterpart (``counterparts[].facts.on_list_<list id>``): ``false`` lets the rule proceed as "not listed",
``true`` treats the group as listed. A group with entries on the list (listed later, or delisted) keeps its status:
a curated list holds every listing of the groups it includes. Imported official lists are ``complete: true``:
absence from them is an answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from ..designation_status import CounterpartScreen, ListStatus, absence_fact, status_rank

if TYPE_CHECKING:
    from ..models.runtime import Counterpart, DesignationList

IMPORT_HINT = ("check the full official list ({url}), e.g. import it with `legalcheck designations import` "
               "(OFAC SDN: --format ofac-csv; UN: un-xml; UK: uk-ofsi; EU: eu-csv) and search it with "
               "`legalcheck screen`, or answer the question")


def on_subset(st: ListStatus, lst: DesignationList | None, cs: CounterpartScreen, day: dt.date) -> ListStatus:
    """``st`` on ``lst``, made ``unlisted_subset`` when ``lst`` is a curated subset that holds no entry of the group
    (identified on other lists) and is not said to hold every group on ``day`` (``groups_complete``,
    ``groups_complete_to``): its silence says nothing then."""
    if st.state != "not_listed" or st.entries or lst is None or lst.complete or not cs.known:
        return st
    if not lst.groups_complete:
        return _unlisted(st, lst, cs)
    to = lst.groups_complete_to
    if to is None:
        return st
    st = replace(st, dates=st.dates | {to})
    return st if day < to else _unlisted(st, lst, cs)


def _unlisted(st: ListStatus, lst: DesignationList, cs: CounterpartScreen) -> ListStatus:
    why = (f"{lst.title} ({lst.id}) in legalcheck's data is a curated subset (complete: false); absence from it is "
           f"not evidence that {cs.name} is not designated; " + IMPORT_HINT.format(url=lst.url))
    return ListStatus("unlisted_subset", f"{st.explanation} — {why}", dates=st.dates,
                      absent_from=((lst.id, lst.title),))


def combine(statuses: list[ListStatus], day: dt.date) -> ListStatus:
    """The most restrictive of ``statuses`` (one per list) with the dates of all; an ``unlisted_subset`` names every
    subset the group is absent from and keeps the status on the other lists (``otherwise``)."""
    dates = frozenset().union(*(s.dates for s in statuses))
    best = max(statuses, key=lambda s: status_rank(s, day))  # the first of equally restrictive ones
    if best.state != "unlisted_subset":
        return replace(best, dates=dates)
    rest = [s for s in statuses if s.state != "unlisted_subset"]
    otherwise = replace(max(rest, key=lambda s: status_rank(s, day)), dates=dates) if rest else None
    absent = [s for s in statuses if s.state == "unlisted_subset"]
    return ListStatus("unlisted_subset", "; ".join(s.explanation for s in absent), dates=dates,
                      absent_from=tuple(a for s in absent for a in s.absent_from), otherwise=otherwise)


def answered_subset(cp: Counterpart, st: ListStatus, day_text: str) -> ListStatus:
    """``st`` settled by the file's answers (``counterparts[].facts.on_list_<id>``): listed on one → designated;
    not on every one → the status on the other lists (or not listed); else the lists still unanswered."""
    if st.state != "unlisted_subset":
        return st
    said = [(lid, title, cp.facts.get(absence_fact(lid))) for lid, title in st.absent_from]
    listed = [(lid, title) for lid, title, v in said if v is True]
    if listed:
        lid, title = listed[0]
        return ListStatus("designated", f"{st.explanation}; the file states that {cp.name} is on {title} ({lid}) "
                          f"on {day_text} ({absence_fact(lid)}: true)", dates=st.dates)
    open_ = tuple((lid, title) for lid, title, v in said if not isinstance(v, bool))
    if open_:
        return st if len(open_) == len(said) else replace(st, absent_from=open_)
    ids = ", ".join(lid for lid, _ in st.absent_from)
    note = (f"the file states that {cp.name} is not on {ids} on {day_text} ("
            + ", ".join(f"{absence_fact(lid)}: false" for lid, _ in st.absent_from) + ")")
    base = st.otherwise or ListStatus("not_listed", f"{cp.name!r} is not on {ids}", dates=st.dates)
    return replace(base, explanation=f"{base.explanation}; {note}")
