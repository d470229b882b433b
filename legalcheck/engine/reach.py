"""Who or what connects an activity to a law: one function for every reach basis.

Both the jurisdiction's ``connections`` (the connection gate) and a prohibition's ``reach`` clauses use
:func:`reached`; they differ only in how a hit is worded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ..designation_status import ListStatus, list_status, status_rank
from ..models.enums import FunderKind
from ..models.runtime import Counterpart
from .horizon import not_listed_before_coverage, stale_lists
from .situation import NO_DATES, Dates, Situation
from .subset import answered_subset, combine, on_subset

Strength = Literal["established", "possible"]
DOUBTFUL_LISTING = frozenset({"partial", "ambiguous", "unknown", "unlisted_subset"})
JURISDICTION_BASES = frozenset({"government_funding", "business_in_union"})
"""Bases whose hits read the jurisdiction beyond its countries (its funder kinds and Union membership)."""
ENGAGEMENT_BASES = frozenset({"any_person", "territory", "incorporation"})
"""Bases whose hits read only the engagement (its place, the organisation's incorporation) and the day, never the
activity (see :func:`_subjects`)."""
UNSTATED = "not stated"
"""The detail of a hit that holds only if a fact the file does not state is so (a question, never an assumption)."""


@dataclass(frozen=True)
class Hit:
    """One fact through which a basis holds: ``subject`` is the country, funder or counterpart concerned."""

    basis: str
    subject: str
    detail: str = ""
    strength: Strength = "established"


@dataclass(frozen=True)
class Reached:
    hits: tuple[Hit, ...]
    dates: Dates = NO_DATES
    assumptions: tuple[str, ...] = ()
    """Assumptions on which a basis does not hold (e.g. a counterpart taken as not listed)."""


def funder_kinds(sit: Situation) -> set[str]:
    """Funder kinds that count as government funding for this jurisdiction: from its ``government_funding``
    connection in the data (the model's default, ``government``, when it has none)."""
    for c in sit.jurisdiction.meta.connections:
        if c.basis == "government_funding":
            return {k.value for k in c.funder_kinds}
    return {FunderKind.government.value}


def inside_funders(sit: Situation, basis: str, countries: Sequence[str]) -> set[str]:
    """Funder country codes that count as inside the jurisdiction for ``basis`` besides its countries (its
    connection's ``inside_funders`` in the data, e.g. EU: the Union's institutions); none where a clause names other
    countries than the jurisdiction's."""
    meta = sit.jurisdiction.meta
    if countries and list(countries) != list(meta.countries):
        return set()
    conn = next((c for c in meta.connections if c.basis == basis and c.inside_funders is not None), None)
    return set(conn.inside_funders.countries) if conn is not None else set()


def reached(basis: str, countries: list[str], sit: Situation, lists: Sequence[str] = ()) -> Reached:
    """Every fact of the situation through which ``basis`` (with ``countries`` or ``lists``) holds, on the day.

    Computed once per situation, basis, countries and lists (a :class:`Reached` is immutable); and once per check
    for every jurisdiction with the same countries (or lists), for every activity where the basis reads only the
    engagement (:data:`ENGAGEMENT_BASES`) or the activity's counterparts (``counterpart_listed``); once per check
    for each jurisdiction for ``government_funding`` (its funder kinds and the engagement's funders)."""
    key = ("reached", basis, tuple(countries), tuple(lists) if lists else ())
    memo: dict[object, Reached] = sit.memo  # type: ignore[attr-defined]
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = _shared(basis, countries, sit, lists)
    return hit


def _shared(basis: str, countries: list[str], sit: Situation, lists: Sequence[str]) -> Reached:
    compute = lambda: _reached(basis, countries, sit, lists)  # noqa: E731
    if basis == "government_funding":  # the jurisdiction's data and the engagement's funders, never the activity
        return sit.once_per_check(("reached", basis, sit.jurisdiction.meta.code, tuple(countries), sit.day), compute)
    if basis in JURISDICTION_BASES:
        return _reached(basis, countries, sit, lists)
    codes = tuple(countries or sit.jurisdiction.meta.countries)
    if basis in ENGAGEMENT_BASES:
        return sit.once_per_check(("reached", basis, codes, tuple(lists), sit.day), compute)
    if basis == "counterpart_listed":
        return sit.once_per_check(("reached", basis, tuple(lists), sit.counterpart_ids(), sit.day, sit.day_text),
                                  compute)
    return sit.once(("reached", basis, codes, tuple(lists)), compute)


def _reached(basis: str, countries: list[str], sit: Situation, lists: Sequence[str] = ()) -> Reached:
    if basis == "any_person":
        return Reached((Hit(basis, ""),))
    if basis == "counterpart_listed":
        return _listed(sit, list(lists))
    where, dates = sit.countries(countries)
    eng = sit.engagement
    if basis == "business_in_union":
        return _business(sit, where, dates)
    if basis == "government_funding":
        kinds, inside = funder_kinds(sit), where | inside_funders(sit, basis, countries)
        return Reached(tuple(Hit(basis, f.name, f.country) for f in eng.funders
                             if f.kind.value in kinds and f.country in inside), dates)
    hits = sit.once(("subjects", basis), lambda: _subjects(basis, sit))
    return Reached(tuple(h for h in hits if h.subject in where), dates)


def _subjects(basis: str, sit: Situation) -> tuple[Hit, ...]:
    """Every country through which ``basis`` could hold for the activity, in order, before the jurisdiction's
    countries filter them (the same for every jurisdiction: once per activity and check)."""
    eng = sit.engagement
    subjects: list[tuple[str, str]] = []
    if basis == "incorporation":
        subjects = [(eng.organisation.incorporated_in, "")]
    elif basis == "nationality":
        subjects = [(n, "") for n in sit.performer_nationalities()]
    elif basis == "residence":
        subjects = [(r, "") for r in sit.performer_residences()]
        if sit.residence_unstated():  # never read as "not resident": asked where the organisation is based
            maybe = sorted(sit.organisation_countries() - {s for s, _ in subjects})
            subjects += [(c, UNSTATED) for c in maybe]
    elif basis == "arranged_from":
        arranged = sit.activity.arranged_from
        subjects = ([(c, "") for c in arranged] if arranged is not None
                    else [(c, UNSTATED) for c in sorted(sit.organisation_countries())])
    elif basis == "territory":
        subjects = [(eng.location.country, "")]
    return tuple(Hit(basis, s, d, "possible" if d == UNSTATED else "established") for s, d in subjects)


def _business(sit: Situation, where: set[str], dates: Dates) -> Reached:
    """Business done in whole or in part in the Union: paid from an account in ``where`` or under a grant of a funder
    whose kind the jurisdiction's ``business_in_union`` connection lists (``funder_kinds``, named ``grant_label``);
    when neither is stated but the engagement has an EU link (a funder or an office there), possibly (the question
    keyed ``paid_from``)."""
    eng, act = sit.engagement, sit.activity
    grant = next((c for c in sit.jurisdiction.meta.connections if c.basis == "business_in_union"), None)
    hits = [Hit("business_in_union", act.paid_from, "paid from")] if act.paid_from in where else []
    if grant is not None:
        hits += [Hit("business_in_union", f.name, grant.grant_label or "") for f in eng.funders
                 if f.kind in grant.funder_kinds]
    if hits or act.paid_from is not None:
        return Reached(tuple(hits), dates)
    inside = where | inside_funders(sit, "business_in_union", ())
    links = sorted({f.country for f in eng.funders if f.country in inside}
                   | (sit.organisation_countries() & where))
    return Reached(tuple(Hit("business_in_union", c, UNSTATED, "possible") for c in links), dates)


def _listed(sit: Situation, lists: list[str]) -> Reached:
    """A counterpart on one of ``lists`` on the day; possibly, when its listing is doubtful or its "not listed"
    is on lists whose data does not reach back to the day and is not taken as an answer
    (:func:`~legalcheck.engine.horizon.not_listed_before_coverage`; when it is, the assumption is carried)."""
    hits: list[Hit] = []
    assumed: list[str] = []
    dates: set[dt.date] = set()
    stale, stale_dates = stale_lists(sit, lists)  # "not listed" on data too old for the day is no answer
    dates |= stale_dates
    for cp in sit.counterparts():
        st = best_status(sit, cp, lists)
        gap = not_listed_before_coverage(sit, cp, lists) if st.state == "not_listed" else None
        dates |= st.dates | (gap.dates if gap else NO_DATES)
        if st.state == "designated":
            hits.append(Hit("counterpart_listed", cp.name))
        elif st.state in DOUBTFUL_LISTING or (gap is not None and gap.doubt) or (stale and st.state == "not_listed"):
            hits.append(Hit("counterpart_listed", cp.name, strength="possible"))
        elif gap is not None and gap.assumption:
            assumed.append(gap.assumption)
    return Reached(tuple(hits), frozenset(dates), tuple(assumed))


def best_status(sit: Situation, cp: Counterpart, lists: list[str]) -> ListStatus:
    """The status of ``cp`` on ``lists`` on the day, screening its ``part_of`` parent too: an administration, wing or
    members entry whose own name matches nothing takes its parent's status; otherwise the stricter of the two."""
    return sit.once_per_check(("best_status", cp.id, tuple(lists), sit.day, sit.day_text),
                              lambda: _best_status(sit, cp, lists))


def _best_status(sit: Situation, cp: Counterpart, lists: list[str]) -> ListStatus:
    own = answered_subset(cp, _own_status(sit, cp, lists), sit.day_text)
    parent = next((c for c in sit.engagement.counterparts if c.id == cp.part_of), None) if cp.part_of else None
    if parent is None:
        return own
    # the parent's answer, else the part's own (the question names the part when it takes its parent's status)
    via = answered_subset(cp, answered_subset(parent, _own_status(sit, parent, lists), sit.day_text), sit.day_text)
    dates = own.dates | via.dates
    if (own.state == "unknown" and via.state != "unknown") or status_rank(via, sit.day) > status_rank(own, sit.day):
        return replace(via, dates=dates, explanation=f"{cp.name} is part of {parent.name} (part_of): {via.explanation}")
    return replace(own, dates=dates)


def _own_status(sit: Situation, cp: Counterpart, lists: list[str]) -> ListStatus:
    """The most restrictive status of ``cp`` on any of ``lists`` on the day (with the dates of every list); among
    equally restrictive ones, the one that decides (:func:`~legalcheck.designation_status.status_rank`).

    Remembered with the counterpart's screen (kept by the checker across checks), like its list statuses, under the
    rule set's SHA-256 (of every rule and list file) and identity: other designation data never gets this answer."""
    cs = sit.screens[cp.id]
    key = ("own", tuple(lists), sit.rules.sha256, id(sit.rules), sit.day, sit.day_text)
    hit = cs.statuses.get(key)
    if hit is None:
        hit = cs.statuses[key] = _own(sit, cp, lists)
    return hit


def _own(sit: Situation, cp: Counterpart, lists: list[str]) -> ListStatus:
    cs = sit.screens[cp.id]
    statuses = []
    for lid in lists:
        lst = sit.rules.lists.get(lid)
        st = list_status(cs, lid, lst.entries if lst else [], sit.day, sit.day_text, sit.rules.sha256)
        statuses.append(on_subset(st, lst, cs, sit.day))
    return combine(statuses, sit.day)
