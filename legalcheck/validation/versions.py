"""Rule versions: a rule that ends either names its successor (the successor's ``supersedes``) or says why it lapses
(``lapsed:`` with a reason and sources). Successive versions form a chain in one jurisdiction: the successor starts
on the day the earlier version's ``to`` names (the day after its last day), with neither gap nor overlap."""

from __future__ import annotations

import datetime as dt
import re

from .report import Report, Rule

# An id that names a version instead of a provision: ``-2001``, ``-pre2023``, ``-post2019``, ``-continued``...
VERSION_SUFFIX = re.compile(r"-(?:(?:pre|post|from|until)?(?:19|20)\d\d|continued|original|amended|old|new)$")


def check(report: Report) -> None:
    for store in (report.prohibitions, report.exemptions):
        successors: dict[str, list[Rule]] = {}
        for item in store.values():
            for old_id in item.superseded_ids:
                _link(report, item, old_id, store)
                successors.setdefault(old_id, []).append(item)
        for old_id, new in successors.items():
            _one_successor(report, old_id, new)
        for item in store.values():
            _ending(report, item, successors.get(item.id, []))
        _silent_lapses(report, store, set(successors))
        for item in store.values():
            if VERSION_SUFFIX.search(item.id) and (item.superseded_ids or item.id in successors):
                report.err(item.id, "a version of a rule is named by its provision, not its date: the dates are in "
                           "'in_force' (rename it and keep the old id in 'formerly:')",
                           found=VERSION_SUFFIX.search(item.id).group(0),  # type: ignore[union-attr]
                           severity="warning")  # a warning, so older rule data (legalcheck diff) still loads
    _former_ids(report)


def _former_ids(report: Report) -> None:
    """A former id (``formerly:``) belongs to one rule and is no rule's or instrument's id today."""
    current = {*report.prohibitions, *report.exemptions,
               *(i for j in report.rs.jurisdictions.values() for i in j.instruments)}
    seen: dict[str, str] = {}
    for item in [*report.prohibitions.values(), *report.exemptions.values()]:
        for old in item.formerly:
            if old in current:
                report.err(item.id, f"formerly names {old!r}, which is still the id of a rule or instrument")
            elif old in seen:
                report.err(item.id, f"formerly names {old!r}, which {seen[old]!r} also names")
            seen[old] = item.id


def _link(report: Report, item: Rule, old_id: str, store: dict[str, Rule]) -> None:
    """The link from a version to one it replaces: it exists, in the same jurisdiction, and meets it exactly."""
    if old_id == item.id:
        report.err(item.id, "supersedes itself")
        return
    old = store.get(old_id)
    if old is None:
        renamed = report.rs.renamed().get(old_id)
        hint = f" (it was renamed to {renamed!r})" if renamed else ""
        report.err(item.id, f"supersedes {old_id!r}, which does not exist{hint}")
        return
    old_jur, new_jur = report.jurisdiction_of(old.id), report.jurisdiction_of(item.id)
    if old_jur != new_jur:
        report.err(item.id, f"supersedes {old.id!r}, a rule of {old_jur}: a version must stay in its jurisdiction",
                   expected=str(new_jur), found=str(old_jur))
    if old.in_force.to is None:
        report.err(
            item.id, f"supersedes {old.id!r}, which has no end date: both would be in force on {item.in_force.from_}"
        )
    elif old.in_force.to > item.in_force.from_:
        report.err(
            item.id,
            f"overlaps {old.id!r}: both in force from {item.in_force.from_} to "
            f"{old.in_force.to - dt.timedelta(days=1)}",
        )
    elif old.in_force.to < item.in_force.from_:
        report.err(
            item.id,
            f"gap after {old.id!r}: no version in force from {old.in_force.to} to "
            f"{item.in_force.from_ - dt.timedelta(days=1)}",
            expected=f"in_force.from {old.in_force.to} (the day {old.id!r} ends)",
        )


def _one_successor(report: Report, old_id: str, new: list[Rule]) -> None:
    """Several rules may replace one only when it was split (they all start on the same day)."""
    if len({n.in_force.from_ for n in new}) > 1:
        first, *others = new
        for other in others:
            report.err(
                other.id,
                f"supersedes {old_id!r}, which {first.id!r} already supersedes: a rule can have only one successor",
            )


def _ending(report: Report, item: Rule, successors: list[Rule]) -> None:
    """A rule with an end date names its successor or says why it lapses, never both or neither."""
    end = item.in_force.to
    if end is None:
        return
    if item.lapsed is not None and successors:
        report.err(item.id, f"says it lapses, but {successors[0].id!r} supersedes it: a rule lapses or is replaced")
    elif item.lapsed is None and not successors:
        report.err(
            item.id,
            f"ends on {end} but nothing replaces it: give the rule that replaces it 'supersedes: {item.id}', "
            "or state 'lapsed:' with the reason and a source",
        )


def _silent_lapses(report: Report, store: dict[str, Rule], claimed: set[str]) -> None:
    """A rule lapses and a later rule of the same instrument covering the same kinds starts only after a gap: a
    replacement that may have been missed."""
    for item in store.values():
        end = item.in_force.to
        if end is None or item.id in claimed:
            continue
        related = [o for o in store.values() if o.instrument == item.instrument and _shares_kinds(item, o)]
        later = [o for o in related if o.in_force.from_ > end]
        if later and not any(o.in_force.contains(end) for o in related):
            nxt = min(later, key=lambda o: o.in_force.from_)
            report.err(
                item.id,
                f"lapses on {end}; the next rule of the same instrument ({nxt.id!r}) starts only on "
                f"{nxt.in_force.from_}: nothing is in force in between (if {nxt.id!r} replaces it, say "
                "'supersedes' and close the gap)",
                severity="warning",
            )


def _shares_kinds(a: Rule, b: Rule) -> bool:
    kinds = set(a.activity_kinds or [])
    return not kinds or not b.activity_kinds or bool(kinds & set(b.activity_kinds))
