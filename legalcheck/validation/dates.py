"""Dates and coverage: implausible, reversed or future dates, overdue reviews, and periods that never meet
(a rule and its instrument, a licence route and its prohibition, an exemption and the prohibitions it switches off)."""

from __future__ import annotations

import datetime as dt

from ..models.common import Period
from ..models.rules import Exemption, Prohibition
from .report import Report, Rule, overlap

EARLIEST_LAW = dt.date(1800, 1, 1)
LATEST_PLAUSIBLE = dt.date(2100, 1, 1)


def check(report: Report) -> None:
    for j in report.rs.jurisdictions.values():
        for inst in j.instruments.values():
            if inst.last_reviewed > report.today:
                report.err(inst.id, f"last_reviewed {inst.last_reviewed} is in the future")
            _dates(report, inst.id, inst.in_force, inst.last_reviewed, inst.review_by)
    prohibitions = report.prohibitions
    for p in prohibitions.values():
        _rule(report, p)
        _licence_routes(report, p)
        _lists_in_force(report, p)
    for e in report.exemptions.values():
        _rule(report, e)
        _targets(report, e, prohibitions)


def _rule(report: Report, item: Rule) -> None:
    """Dates every prohibition and exemption gets: plausible, reviews, its instrument's period."""
    _dates(report, item.id, item.in_force, item.last_reviewed, item.review_by)
    if item.last_reviewed > report.today:
        report.err(item.id, f"last_reviewed {item.last_reviewed} is in the future")
    if item.review_by is not None and item.review_by < report.today:
        report.err(item.id, f"review was due on {item.review_by}", severity="warning")
    inst = report.instrument(item.instrument)
    if inst is not None and not overlap(inst.in_force, item.in_force):
        report.err(
            item.id,
            f"in force {item.in_force.label()}, but its instrument {inst.id!r} is in force "
            f"{inst.in_force.label()}: the two periods never meet",
        )


def _dates(report: Report, item_id: str, period: Period, last_reviewed: dt.date, review_by: dt.date | None) -> None:
    if period.from_ < EARLIEST_LAW:
        report.err(
            item_id, f"in_force.from {period.from_} is implausibly early", expected=f"on or after {EARLIEST_LAW}"
        )
    if period.from_ > LATEST_PLAUSIBLE:
        report.err(item_id, f"in_force.from {period.from_} is implausibly far in the future")
    if period.to is not None and period.to > LATEST_PLAUSIBLE:
        report.err(item_id, f"in_force.to {period.to} is implausibly late (omit 'to' while in force)")
    if review_by is not None and review_by <= last_reviewed:
        report.err(item_id, f"review_by {review_by} is not after last_reviewed {last_reviewed} (reversed dates?)")


def _licence_routes(report: Report, p: Prohibition) -> None:
    for lr in p.licence_routes:
        if not overlap(lr.in_force, p.in_force):
            report.err(
                p.id,
                f"licence route {lr.id!r} ({lr.in_force.label()}) is never in force while the "
                f"prohibition is ({p.in_force.label()})",
                severity="warning",
            )


def _lists_in_force(report: Report, p: Prohibition) -> None:
    for lid in [*p.designation_lists, *p.area_lists]:
        lst = report.rs.lists.get(lid)
        if lst is not None and lst.entries and p.in_force.to is None and all(e.listed_to for e in lst.entries):
            report.err(
                p.id,
                f"designation list {lid!r} has no entry in force today: the prohibition can never be engaged",
                severity="warning",
            )


def _targets(report: Report, e: Exemption, prohibitions: dict[str, Prohibition]) -> None:
    for target in e.applies_to:
        p = prohibitions.get(target)
        if p is None:
            continue  # reported as dangling by the reference checks
        if not overlap(e.in_force, p.in_force):
            report.err(
                e.id,
                f"applies_to {target!r}, which is out of force whenever the exemption is in force "
                f"(exemption {e.in_force.label()}; prohibition {p.in_force.label()}): it can never apply",
            )
        elif e.activity_kinds is not None and not set(e.activity_kinds) & set(p.activity_kinds):
            report.err(
                e.id,
                f"applies_to {target!r}, but none of its activity_kinds is one the prohibition covers: "
                "it can never apply to it",
                severity="warning",
            )
