"""Coverage is decided, never defaulted: every jurisdiction × activity kind is engaged by a prohibition or has a
cited coverage decision; a decision names known kinds only and never contradicts an encoded prohibition."""

from __future__ import annotations

from ..coverage import undecided
from .report import Report


def check(report: Report) -> None:
    rs = report.rs
    for code, jur in rs.jurisdictions.items():
        key = f"coverage:{code}"
        if jur.meta.encoded_from is None:
            f = jur.files[0] if jur.files else "?"
            report.at(f, None, f"{code}: no encoded horizon (jurisdiction.encoded_from): activities on any date get "
                      "answers, even before the encoded law begins", severity="warning", field="encoded_from",
                      expected="the first day from which this jurisdiction's law is encoded")
        covered = {k for p in jur.prohibitions for k in p.activity_kinds}
        seen: set[str] = set()
        for d in jur.coverage:
            if d.settled_by is not None and d.settled_by not in rs.facts:
                report.err(key, f"coverage decision settled_by names unknown fact {d.settled_by!r}",
                           expected="a fact from _common/vocabulary.yaml")
            for k in d.activity_kinds:
                if k not in rs.activity_kinds:
                    report.err(key, f"coverage decision names unknown activity kind {k!r}",
                               expected="a kind from _common/vocabulary.yaml")
                elif k in covered:
                    report.err(key, f"coverage decision for {k!r}, which an encoded prohibition covers")
                elif k in seen:
                    report.err(key, f"two coverage decisions for {k!r}")
                seen.add(k)
    for cell in undecided(rs):
        jur = rs.jurisdictions[cell.jurisdiction]
        f, line = rs.locations.get(f"coverage:{cell.jurisdiction}", (jur.files[0] if jur.files else "?", None))
        report.at(f, line, f"{cell.jurisdiction} × {cell.activity_kind}: undecided coverage — no prohibition covers "
                  "this activity kind and no coverage decision says why (the engine answers needs_review, "
                  "'not encoded')", severity="warning",
                  expected="a prohibition listing the kind, or a coverage_decisions entry with reason and sources")
