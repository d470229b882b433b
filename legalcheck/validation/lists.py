"""Designation lists: file name and id, duplicate entries, the asserted size, dates and freshness."""

from __future__ import annotations

import datetime as dt

from ..errors import Problem
from ..models.designations import Designation, DesignationList
from ..yamlio import LineMap
from .citations import placeholder
from .dates import LATEST_PLAUSIBLE
from .report import Report

EARLIEST_LISTING = dt.date(1945, 1, 1)


def list_file_problems(dl: DesignationList, stem: str, file: str, lines: LineMap) -> list[Problem]:
    """Problems found while loading one list file: its id, duplicate entries, the asserted entry count."""
    out: list[Problem] = []
    if dl.id != stem:
        out.append(
            Problem(file=file, line=lines.line(("id",)), field="id", message="list id must equal the file name",
                    expected=stem, found=dl.id)
        )
    seen: set[str] = set()
    for i, e in enumerate(dl.entries):
        if e.id in seen:
            out.append(
                Problem(file=file, line=lines.line(("entries", i)), field=f"entries[{i}].id",
                        message=f"duplicate entry id {e.id!r}")
            )
        seen.add(e.id)
        out += _unscreenable(e, i, file, lines)
    n = len(dl.entries)
    if not (dl.assertions.min_entries <= n <= dl.assertions.max_entries):
        out.append(
            Problem(
                file=file,
                line=lines.line(("assertions",)),
                field="assertions",
                message="entry count outside the asserted range (truncated or garbled list?)",
                expected=f"{dl.assertions.min_entries}..{dl.assertions.max_entries}",
                found=str(n),
            )
        )
    return out


PartOf = tuple[str, str, str, int | None]
"""An entry's ``(entity, part_of, file, line)``."""


def part_of_links(dl: DesignationList, file: str, lines: LineMap) -> list[PartOf]:
    """The entries of a list that name both their group (``entity``) and the whole it is part of (``part_of``)."""
    return [(e.entity, e.part_of, file, lines.line(("entries", i))) for i, e in enumerate(dl.entries)
            if e.entity and e.part_of]


def part_of_cycle_problems(links: list[PartOf]) -> list[Problem]:
    """A group that is part of its own part (``part_of`` links that come back to where they start, on one list or
    across lists, an entry's own entity included): one error per cycle, naming the file and line of every entry
    that makes it. Read as data, a cycle would make the part the whole and the whole the part."""
    from ..cycles import cycles

    out = []
    for members in cycles((entity, whole) for entity, whole, _, _ in links):
        at = [(e, w, f, n) for e, w, f, n in links if e in members and w in members]
        where = "; ".join(f"{e} part_of {w} ({f}:{n if n is not None else '?'})" for e, w, f, n in at)
        out.append(Problem(file=at[0][2], line=at[0][3], field="part_of",
                           message=f"part_of cycle: {where}: a group cannot be part of its own part",
                           expected="part_of naming the whole group, which is part of nothing in the cycle",
                           found="a cycle of " + ", ".join(members)))
    return out


def _unscreenable(e: Designation, i: int, file: str, lines: LineMap) -> list[Problem]:
    """Names no query can ever match: nothing but spaces, punctuation or invisible characters."""
    from ..screening.normalise import normalise_name

    out = []
    for key, names in (("name", [e.name]), ("aliases", e.aliases), ("weak_aliases", e.weak_aliases)):
        for j, name in enumerate(names):
            if not normalise_name(name):
                path = ("entries", i, key) if key == "name" else ("entries", i, key, j)
                out.append(Problem(file=file, line=lines.line(path), field=".".join(str(x) for x in path),
                                   message="a name with no letters or digits can never be matched by screening",
                                   expected="the name as the list prints it", found=ascii(name)))
    return out


def check(report: Report) -> None:
    entities = {d.entity for lst in report.rs.lists.values() for d in lst.entries if d.entity}
    for lst in report.rs.lists.values():
        file, _ = report.rs.locations.get(lst.id, ("?", None))
        _freshness(report, lst, file)
        if lst.covers_from is None:
            report.at(file, 1, f"{lst.id}: no coverage window (covers_from): 'not listed' is taken as an answer on any "
                      "day, even before the earliest listing or delisting the data holds", severity="warning",
                      field="covers_from", expected="the first day from which the list data holds every listing and "
                      "delisting")
        if placeholder(lst.url):
            report.at(file, 1, f"{lst.id}: list URL {lst.url!r} is a placeholder", field="url")
        _entries(report, lst, file, entities)


def _freshness(report: Report, lst: DesignationList, file: str) -> None:
    today = report.today
    if lst.as_of > today:
        report.at(file, 1, f"{lst.id}: as_of {lst.as_of} is in the future", field="as_of")
    elif (today - lst.as_of).days > lst.review_days:
        # a note, not a warning: the engine answers needs_review for any activity after as_of + review_days
        # (docs/rules-format.md, "encoded horizon"), so old list data cannot give a confident answer for a later day
        until = lst.as_of + dt.timedelta(days=lst.review_days)
        report.at(
            file,
            1,
            f"{lst.id}: list data last checked on {lst.as_of} ({(today - lst.as_of).days} days ago); activities "
            f"after {until} get needs_review until it is re-checked against the official list",
            severity="note",
            field="as_of",
            expected=f"checked within {lst.review_days} days",
        )


def _entries(report: Report, lst: DesignationList, file: str, entities: set[str]) -> None:
    for d in lst.entries:
        if d.listed_from < EARLIEST_LISTING:
            report.at(
                file,
                1,
                f"{lst.id}: entry {d.id!r} listed_from {d.listed_from} is implausibly early",
                field="entries",
                expected=f"on or after {EARLIEST_LISTING}",
            )
        if d.listed_from > LATEST_PLAUSIBLE:
            report.at(file, 1, f"{lst.id}: entry {d.id!r} listed_from {d.listed_from} is implausibly late",
                      field="entries")
        if d.part_of and d.part_of not in entities:
            report.at(
                file,
                1,
                f"{lst.id}: entry {d.id!r} is part_of {d.part_of!r}, an entity no list names",
                severity="warning",
                field="entries",
            )
        for s in d.sources:
            if placeholder(s.url):
                report.at(file, 1, f"{lst.id}: entry {d.id!r} has a placeholder source URL {s.url!r}", field="entries")
