"""Citations: every source, instrument and licence route points at the text that was read."""

from __future__ import annotations

from ..models.common import Source
from .report import Report

PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net", "localhost", "127.0.0.1", "0.0.0.0")


def placeholder(url: str) -> bool:
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    return host in PLACEHOLDER_HOSTS or host.endswith((".example", ".invalid", ".test", ".localhost"))


def check(report: Report) -> None:
    for j in report.rs.jurisdictions.values():
        for inst in j.instruments.values():
            if placeholder(inst.url):
                report.err(
                    inst.id, f"instrument URL {inst.url!r} is a placeholder", expected="the official text's address"
                )
            if not inst.citation.strip():
                report.err(inst.id, "instrument has an empty citation")
            check_sources(report, inst.id, inst.sources)
    for p in report.prohibitions.values():
        check_sources(report, p.id, [*p.sources, *p.interpretation])
        if p.lapsed is not None:
            check_sources(report, p.id, p.lapsed.sources, "lapse source")
        for lr in p.licence_routes:
            if placeholder(lr.url):
                report.err(p.id, f"licence route {lr.id!r} has a placeholder URL {lr.url!r}")
            if not lr.match:
                report.err(
                    p.id,
                    f"licence route {lr.id!r} has no 'match' words: a declared licence can never be "
                    "recognised as this route",
                    severity="warning",
                )
        _unverified_points(report, p.id, p.verified, p.unverified_points)
    for e in report.exemptions.values():
        check_sources(report, e.id, e.sources)
        if e.lapsed is not None:
            check_sources(report, e.id, e.lapsed.sources, "lapse source")
        _unverified_points(report, e.id, e.verified, e.unverified_points)


def check_sources(report: Report, item_id: str, sources: list[Source], what: str = "source") -> None:
    seen: set[str] = set()
    for i, s in enumerate(sources):
        if placeholder(s.url):
            report.err(
                item_id,
                f"{what} {i + 1} ({s.title!r}) has a placeholder URL {s.url!r}",
                expected="the address of the text that was read",
            )
        if s.url in seen:
            report.err(item_id, f"{what} {i + 1} repeats the URL {s.url!r}", severity="warning")
        seen.add(s.url)


def _unverified_points(report: Report, item_id: str, verified: bool, points: list[str]) -> None:
    if not verified and not points:
        report.err(item_id, "verified: false but no unverified_points say what is still open", severity="warning")
