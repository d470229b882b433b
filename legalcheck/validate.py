"""Cross-reference, date and coverage checks over a loaded rule set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .countries import ISO_ALPHA2
from .errors import Problem
from .models.rules import Exemption, Predicate, Prohibition

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
            check_fact(p.id, c.fact, c.equals)
            check_kinds(p.id, c.kinds)
        for u in p.unsettled:
            check_kinds(p.id, u.kinds)
        for lr in p.licence_routes:
            check_kinds(p.id, lr.kinds)
        _common_checks(p, today, err)

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
        _common_checks(e, today, err)

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
                err(item.id, f"supersedes {old.id!r}, which has no end date: both would be in force on "
                    f"{item.in_force.from_}")
            elif old.in_force.to > item.in_force.from_:
                err(item.id, f"overlaps {old.id!r}: both in force from {item.in_force.from_} to "
                    f"{old.in_force.to - dt.timedelta(days=1)}")
            elif old.in_force.to < item.in_force.from_:
                err(item.id, f"gap after {old.id!r}: no version in force from {old.in_force.to} to "
                    f"{item.in_force.from_ - dt.timedelta(days=1)}", severity="warning")
    return out


def _instrument(rs: RuleSet, instrument_id: str) -> object | None:
    try:
        return rs.instrument(instrument_id)
    except KeyError:
        return None


def _common_checks(item: Prohibition | Exemption, today: dt.date, err: object) -> None:
    report = err  # callable(item_id, message, severity=...)
    if item.last_reviewed > today:
        report(item.id, f"last_reviewed {item.last_reviewed} is in the future")  # type: ignore[operator]
    if item.review_by is not None and item.review_by < today:
        report(item.id, f"review was due on {item.review_by}", severity="warning")  # type: ignore[operator]
    if item.in_force.from_ > dt.date(2100, 1, 1):
        report(item.id, "in_force.from is implausibly far in the future")  # type: ignore[operator]
