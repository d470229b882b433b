"""Cross-reference, date and coverage checks over a loaded rule set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from .countries import ISO_ALPHA2
from .errors import Problem
from .models.common import Period, Source
from .models.rules import Exemption, Instrument, Predicate, Prohibition

if TYPE_CHECKING:
    from .ruleset import RuleSet


def _predicates(p: Predicate) -> Iterator[Predicate]:
    yield p
    for group in (p.any, p.all, p.none):
        for child in group or []:
            yield from _predicates(child)


def cross_reference_problems(rs: RuleSet, today: dt.date | None = None) -> list[Problem]:
    """Dangling references, unknown vocabulary, bad country codes, date sanity, temporal coverage."""
    today = today or dt.date.today()
    out: list[Problem] = []
    prohibitions = {p.id: p for j in rs.jurisdictions.values() for p in j.prohibitions}
    exemptions = {e.id: e for j in rs.jurisdictions.values() for e in j.exemptions}

    def where(item_id: str) -> tuple[str, int | None]:
        return rs.locations.get(item_id, ("?", None))

    def err(item_id: str, message: str, severity: str = "error", **kw: str) -> None:
        f, line = where(item_id)
        out.append(Problem(file=f, line=line, message=f"{item_id}: {message}", severity=severity, **kw))

    def check_countries(item_id: str, codes: list[str]) -> None:
        for c in codes:
            if c.startswith("@"):
                if c not in rs.groups:
                    err(item_id, f"unknown country group {c!r}", expected="a group from _common/vocabulary.yaml")
            elif c not in ISO_ALPHA2:
                err(item_id, f"unknown country code {c!r}", expected="ISO 3166-1 alpha-2")

    def check_kinds(item_id: str, kinds: list[str] | None) -> None:
        for k in kinds or []:
            if k not in rs.activity_kinds:
                err(item_id, f"unknown activity kind {k!r}", expected="a kind from _common/vocabulary.yaml")

    def check_fact(item_id: str, name: str, value: object) -> None:
        fd = rs.facts.get(name)
        if fd is None:
            err(item_id, f"unknown fact {name!r}", expected="a fact from _common/vocabulary.yaml")
            return
        want = {"bool": bool, "int": int, "str": str}[fd.type]
        if not isinstance(value, want) or (fd.type == "int" and isinstance(value, bool)):
            err(item_id, f"fact {name!r} is compared with {value!r}", expected=fd.type)

    def check_lists(item_id: str, lists: list[str]) -> None:
        for lid in lists:
            if lid not in rs.lists:
                err(item_id, f"unknown designation list {lid!r}", expected="a file designations/<id>.yaml")

    for code, j in rs.jurisdictions.items():
        check_countries(code, j.meta.countries)
        for c in j.meta.connections:
            check_countries(code, c.countries)
            check_lists(code, c.lists)
        for inst in j.instruments.values():
            if inst.last_reviewed > today:
                err(inst.id, f"last_reviewed {inst.last_reviewed} is in the future")

    for p in prohibitions.values():
        inst = _instrument(rs, p.instrument)
        if inst is None:
            err(p.id, f"instrument {p.instrument!r} does not exist")
        elif inst.layer != p.layer:
            err(p.id, f"layer {p.layer.value!r} differs from its instrument's layer {inst.layer.value!r}")
        check_kinds(p.id, p.activity_kinds)
        check_lists(p.id, p.designation_lists + p.area_lists)
        for r in p.reach:
            check_countries(p.id, r.countries)
        for c in p.conditions:
            check_fact(p.id, c.fact, c.equals if c.equals is not None else c.at_least)
            check_kinds(p.id, c.kinds)
        for u in p.unsettled:
            check_kinds(p.id, u.kinds)
        for lr in p.licence_routes:
            check_kinds(p.id, lr.kinds)

    for e in exemptions.values():
        if _instrument(rs, e.instrument) is None:
            err(e.id, f"instrument {e.instrument!r} does not exist")
        for target in e.applies_to:
            if target not in prohibitions:
                err(e.id, f"applies_to names prohibition {target!r}, which does not exist")
        check_kinds(e.id, e.activity_kinds)
        for u in e.unsettled:
            check_kinds(e.id, u.kinds)
        for pred in _predicates(e.qualifies):
            check_kinds(e.id, pred.activity_kind)
            if pred.fact is not None:
                check_fact(e.id, pred.fact.name, pred.fact.equals)
            if pred.funded_by is not None:
                check_countries(e.id, [c for c in pred.funded_by.countries if c not in {"EU", "INT"}])

    # temporal coverage: successive versions must neither overlap nor leave a gap
    for store in (prohibitions, exemptions):
        for item in store.values():
            if item.supersedes is None:
                continue
            old = store.get(item.supersedes)
            if old is None:
                err(item.id, f"supersedes {item.supersedes!r}, which does not exist")
                continue
            if old.in_force.to is None:
                err(
                    item.id,
                    f"supersedes {old.id!r}, which has no end date: both would be in force on {item.in_force.from_}",
                )
            elif old.in_force.to > item.in_force.from_:
                err(
                    item.id,
                    f"overlaps {old.id!r}: both in force from {item.in_force.from_} to "
                    f"{old.in_force.to - dt.timedelta(days=1)}",
                )
            elif old.in_force.to < item.in_force.from_:
                err(
                    item.id,
                    f"gap after {old.id!r}: no version in force from {old.in_force.to} to "
                    f"{item.in_force.from_ - dt.timedelta(days=1)}",
                    severity="warning",
                )
    out.extend(_more_problems(rs, today, prohibitions, exemptions, err))
    return out


def _instrument(rs: RuleSet, instrument_id: str) -> object | None:
    try:
        return rs.instrument(instrument_id)
    except KeyError:
        return None


# --------------------------------------------------------------------------- maintainers' checks
EARLIEST_LAW = dt.date(1800, 1, 1)
EARLIEST_LISTING = dt.date(1945, 1, 1)
LATEST_PLAUSIBLE = dt.date(2100, 1, 1)
LIST_STALE_DAYS = 365
PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net", "localhost", "127.0.0.1", "0.0.0.0")
Report = Callable[..., None]


def _overlap(a: Period, b: Period) -> bool:
    """Whether two periods share at least one day (``to`` is exclusive)."""
    return (b.to is None or a.from_ < b.to) and (a.to is None or b.from_ < a.to)


def _placeholder(url: str) -> bool:
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    return host in PLACEHOLDER_HOSTS or host.endswith((".example", ".invalid", ".test", ".localhost"))


def _check_sources(item_id: str, sources: list[Source], report: Report, what: str = "source") -> None:
    seen: set[str] = set()
    for i, s in enumerate(sources):
        if _placeholder(s.url):
            report(
                item_id,
                f"{what} {i + 1} ({s.title!r}) has a placeholder URL {s.url!r}",
                expected="the address of the text that was read",
            )
        if s.url in seen:
            report(item_id, f"{what} {i + 1} repeats the URL {s.url!r}", severity="warning")
        seen.add(s.url)


def _more_problems(
    rs: RuleSet, today: dt.date, prohibitions: dict[str, Prohibition], exemptions: dict[str, Exemption], err: Report
) -> list[Problem]:
    """Citations, implausible or reversed dates, references to rules out of force, reviews, list freshness."""
    out: list[Problem] = []

    def at(file: str, line: int | None, message: str, severity: str = "error", **kw: str) -> None:
        out.append(Problem(file=file, line=line, message=message, severity=severity, **kw))

    # instruments: citation, URL, dates, review
    for j in rs.jurisdictions.values():
        for inst in j.instruments.values():
            if _placeholder(inst.url):
                err(inst.id, f"instrument URL {inst.url!r} is a placeholder", expected="the official text's address")
            if not inst.citation.strip():
                err(inst.id, "instrument has an empty citation")
            _check_sources(inst.id, inst.sources, err)
            _dates(inst.id, inst.in_force, inst.last_reviewed, inst.review_by, today, err)

    for p in prohibitions.values():
        _rule_checks(rs, p, [*p.sources, *p.interpretation], today, err)
        for lr in p.licence_routes:
            if _placeholder(lr.url):
                err(p.id, f"licence route {lr.id!r} has a placeholder URL {lr.url!r}")
            if not _overlap(lr.in_force, p.in_force):
                err(
                    p.id,
                    f"licence route {lr.id!r} ({lr.in_force.label()}) is never in force while the "
                    f"prohibition is ({p.in_force.label()})",
                    severity="warning",
                )
            if not lr.match:
                err(
                    p.id,
                    f"licence route {lr.id!r} has no 'match' words: a declared licence can never be "
                    "recognised as this route",
                    severity="warning",
                )
        for lid in [*p.designation_lists, *p.area_lists]:
            lst = rs.lists.get(lid)
            if (
                lst is not None
                and lst.entries
                and p.in_force.to is None
                and not any(e.listed_to is None for e in lst.entries)
            ):
                err(
                    p.id,
                    f"designation list {lid!r} has no entry in force today: the prohibition can never be engaged",
                    severity="warning",
                )

    claimed: dict[str, str] = {}
    for store in (prohibitions, exemptions):
        for item in store.values():
            if item.supersedes is None:
                continue
            if item.supersedes == item.id:
                err(item.id, "supersedes itself")
            elif item.supersedes in claimed:
                err(
                    item.id,
                    f"supersedes {item.supersedes!r}, which {claimed[item.supersedes]!r} already "
                    "supersedes: a rule can have only one successor",
                )
            claimed.setdefault(item.supersedes, item.id)

    # silent lapses: a rule ends, and a later rule of the same instrument covering the same kinds starts only
    # after a gap, without a 'supersedes' link (a linked pair is checked above)
    for store in (prohibitions, exemptions):
        for item in store.values():
            end = item.in_force.to
            if end is None or item.id in claimed:
                continue
            kinds = set(item.activity_kinds or [])
            later = [
                o
                for o in store.values()
                if o.instrument == item.instrument
                and o.in_force.from_ > end
                and (not kinds or not o.activity_kinds or kinds & set(o.activity_kinds))
            ]
            covered = any(
                o.in_force.contains(end)
                for o in store.values()
                if o.instrument == item.instrument
                and (not kinds or not o.activity_kinds or kinds & set(o.activity_kinds))
            )
            if later and not covered:
                nxt = min(later, key=lambda o: o.in_force.from_)
                err(
                    item.id,
                    f"lapses on {end}; the next rule of the same instrument ({nxt.id!r}) starts only on "
                    f"{nxt.in_force.from_}: nothing is in force in between (if {nxt.id!r} replaces it, say "
                    "'supersedes' and close the gap)",
                    severity="warning",
                )

    for e in exemptions.values():
        _rule_checks(rs, e, e.sources, today, err)
        for target in e.applies_to:
            p = prohibitions.get(target)
            if p is None:
                continue  # reported above as dangling
            if not _overlap(e.in_force, p.in_force):
                err(
                    e.id,
                    f"applies_to {target!r}, which is out of force whenever the exemption is in force "
                    f"(exemption {e.in_force.label()}; prohibition {p.in_force.label()}): it can never apply",
                )
            elif e.activity_kinds is not None and not set(e.activity_kinds) & set(p.activity_kinds):
                err(
                    e.id,
                    f"applies_to {target!r}, but none of its activity_kinds is one the prohibition covers: "
                    "it can never apply to it",
                    severity="warning",
                )

    # designation lists: dates and freshness
    entities = {d.entity for lst in rs.lists.values() for d in lst.entries if d.entity}
    for lst in rs.lists.values():
        file, _ = rs.locations.get(lst.id, ("?", None))
        if lst.as_of > today:
            at(file, 1, f"{lst.id}: as_of {lst.as_of} is in the future", field="as_of")
        elif (today - lst.as_of).days > LIST_STALE_DAYS:
            at(
                file,
                1,
                f"{lst.id}: list data last checked on {lst.as_of} ({(today - lst.as_of).days} days ago)",
                severity="warning",
                field="as_of",
                expected=f"checked within {LIST_STALE_DAYS} days",
            )
        if _placeholder(lst.url):
            at(file, 1, f"{lst.id}: list URL {lst.url!r} is a placeholder", field="url")
        for d in lst.entries:
            if d.listed_from < EARLIEST_LISTING:
                at(
                    file,
                    1,
                    f"{lst.id}: entry {d.id!r} listed_from {d.listed_from} is implausibly early",
                    field="entries",
                    expected=f"on or after {EARLIEST_LISTING}",
                )
            if d.listed_from > LATEST_PLAUSIBLE:
                at(
                    file,
                    1,
                    f"{lst.id}: entry {d.id!r} listed_from {d.listed_from} is implausibly late",
                    field="entries",
                )
            if d.part_of and d.part_of not in entities:
                at(
                    file,
                    1,
                    f"{lst.id}: entry {d.id!r} is part_of {d.part_of!r}, an entity no list names",
                    severity="warning",
                    field="entries",
                )
            for s in d.sources:
                if _placeholder(s.url):
                    at(file, 1, f"{lst.id}: entry {d.id!r} has a placeholder source URL {s.url!r}", field="entries")
    return out


def _rule_checks(
    rs: RuleSet, item: Prohibition | Exemption, sources: list[Source], today: dt.date, report: Report
) -> None:
    """Checks every prohibition and exemption gets: citations, dates, review, verified state, instrument period."""
    _check_sources(item.id, sources, report)
    _dates(item.id, item.in_force, item.last_reviewed, item.review_by, today, report)
    if item.last_reviewed > today:
        report(item.id, f"last_reviewed {item.last_reviewed} is in the future")
    if item.review_by is not None and item.review_by < today:
        report(item.id, f"review was due on {item.review_by}", severity="warning")
    _unverified_points(item, report)
    inst = _instrument(rs, item.instrument)
    if isinstance(inst, Instrument) and not _overlap(inst.in_force, item.in_force):
        report(
            item.id,
            f"in force {item.in_force.label()}, but its instrument {inst.id!r} is in force "
            f"{inst.in_force.label()}: the two periods never meet",
        )


def _dates(
    item_id: str, period: Period, last_reviewed: dt.date, review_by: dt.date | None, today: dt.date, report: Report
) -> None:
    if period.from_ < EARLIEST_LAW:
        report(item_id, f"in_force.from {period.from_} is implausibly early", expected=f"on or after {EARLIEST_LAW}")
    if period.from_ > LATEST_PLAUSIBLE:
        report(item_id, f"in_force.from {period.from_} is implausibly far in the future")
    if period.to is not None and period.to > LATEST_PLAUSIBLE:
        report(item_id, f"in_force.to {period.to} is implausibly late (omit 'to' while in force)")
    if review_by is not None and review_by <= last_reviewed:
        report(item_id, f"review_by {review_by} is not after last_reviewed {last_reviewed} (reversed dates?)")


def _unverified_points(item: Prohibition | Exemption, report: Report) -> None:
    if not item.verified and not item.unverified_points:
        report(item.id, "verified: false but no unverified_points say what is still open", severity="warning")
