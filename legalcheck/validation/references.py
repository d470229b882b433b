"""Cross-references: every instrument, prohibition, activity kind, fact, country, group, list and jurisdiction named
exists and fits."""

from __future__ import annotations

from ..countries import ISO_ALPHA2
from ..designation_status import absence_fact
from ..errors import Problem
from ..models.rules import Exemption, JurisdictionMeta, Prohibition, Vocabulary
from ..models.ruleset import Jurisdiction
from ..vocabulary import VOCABULARY, VOCABULARY_FILE
from .report import Report, predicates


def folder_problems(folder: str, rel: str, meta: JurisdictionMeta | None, has_files: bool) -> list[Problem]:
    """A jurisdiction folder is listed in the vocabulary, holds one 'jurisdiction:' block and is named by its code."""
    out: list[Problem] = []
    if folder not in VOCABULARY.jurisdiction_codes:
        out.append(
            Problem(
                file=rel,
                message="jurisdiction folder is not listed under 'jurisdictions:' in "
                f"{VOCABULARY_FILE}: its rules would never be evaluated",
                expected=", ".join(VOCABULARY.jurisdiction_codes),
                found=folder,
            )
        )
    if meta is None:
        if has_files:
            out.append(Problem(file=rel, message="no file in this folder has a 'jurisdiction:' block"))
    elif meta.code != folder:
        out.append(
            Problem(file=rel, message="folder name must equal jurisdiction code", expected=meta.code, found=folder)
        )
    return out


def vocabulary_drift(vocab: Vocabulary, rel: str) -> list[Problem]:
    """A rule set whose vocabulary file lists other jurisdictions, outcomes, organisation types or flags than the
    one legalcheck runs with (``LEGALCHECK_DATA``) would be checked against the wrong lists."""
    out: list[Problem] = []
    for key, theirs, ours in (
        ("jurisdictions", [j.code for j in vocab.jurisdictions], VOCABULARY.jurisdiction_codes),
        ("outcomes", [o.id for o in vocab.outcomes], VOCABULARY.outcome_order),
        ("organisation_types", [t.id for t in vocab.organisation_types], VOCABULARY.organisation_types),
        ("organisation_flags", [f.id for f in vocab.organisation_flags], VOCABULARY.flag_ids),
        ("layers", [x.id for x in vocab.layers], tuple(x.id for x in VOCABULARY.layers)),
    ):
        if theirs and tuple(theirs) != tuple(ours):
            out.append(
                Problem(
                    file=rel,
                    field=key,
                    message="differs from the vocabulary legalcheck runs with (point LEGALCHECK_DATA at this "
                    "rule set to use it)",
                    expected=", ".join(ours),
                    found=", ".join(theirs),
                    severity="warning",
                )
            )
    return out


def check(report: Report) -> None:
    for code, j in report.rs.jurisdictions.items():
        _countries(report, code, j.meta.countries)
        for c in j.meta.connections:
            _countries(report, code, c.countries)
            _lists(report, code, c.lists)
            if c.inside_funders is not None:  # funders[].country codes: ISO codes or the pseudo-codes EU and INT
                _countries(report, code, [x for x in c.inside_funders.countries if x not in {"EU", "INT"}])
            if c.basis == "counterpart_listed" and not (c.holds and c.holds_possibly):
                file, line = report.rs.locations.get(f"jurisdiction:{code}", ("?", None))
                report.at(file, line, f"{code}: a counterpart_listed connection without 'holds' and "
                          "'holds_possibly': the memo then says only that the counterpart 'is on a list this "
                          "jurisdiction names'", severity="warning")
        _business_defined(report, code, j)
    prohibitions = report.prohibitions
    for p in prohibitions.values():
        _prohibition(report, p)
    for e in report.exemptions.values():
        _exemption(report, e, prohibitions)


def _business_defined(report: Report, code: str, j: Jurisdiction) -> None:
    """Which grants are business done in the jurisdiction is its ``business_in_union`` connection's data: a rule
    with that reach in a jurisdiction without the connection counts only ``paid_from``."""
    if any(c.basis == "business_in_union" for c in j.meta.connections):
        return
    for p in j.prohibitions:
        if any(r.basis == "business_in_union" for r in p.reach):
            report.err(p.id, "reach basis 'business_in_union' but the jurisdiction has no business_in_union "
                       "connection: no funder's grant counts, only activities[].paid_from", severity="warning",
                       expected=f"a business_in_union connection with funder_kinds in {code}'s jurisdiction.yaml")


def _prohibition(report: Report, p: Prohibition) -> None:
    inst = report.instrument(p.instrument)
    if inst is None:
        report.err(p.id, f"instrument {p.instrument!r} does not exist")
    elif inst.layer != p.layer:
        report.err(p.id, f"layer {p.layer.value!r} differs from its instrument's layer {inst.layer.value!r}")
    _kinds(report, p.id, p.activity_kinds)
    _lists(report, p.id, p.designation_lists + p.area_lists)
    for r in p.reach:
        _countries(report, p.id, r.countries)
    for c in p.conditions:
        _fact(report, p.id, c.fact, c.equals if c.equals is not None else c.at_least)
        _kinds(report, p.id, c.kinds)
    for u in p.unsettled:
        _kinds(report, p.id, u.kinds)
    for lr in p.licence_routes:
        _kinds(report, p.id, lr.kinds)


def _exemption(report: Report, e: Exemption, prohibitions: dict[str, Prohibition]) -> None:
    if report.instrument(e.instrument) is None:
        report.err(e.id, f"instrument {e.instrument!r} does not exist")
    for target in e.applies_to:
        if target not in prohibitions:
            renamed = report.rs.renamed().get(target)
            hint = f" (it was renamed to {renamed!r})" if renamed else ""
            report.err(e.id, f"applies_to names prohibition {target!r}, which does not exist{hint}")
    _kinds(report, e.id, e.activity_kinds)
    for u in e.unsettled:
        _kinds(report, e.id, u.kinds)
    for pred in predicates(e.qualifies):
        _kinds(report, e.id, pred.activity_kind)
        if pred.fact is not None:
            _fact(report, e.id, pred.fact.name, pred.fact.equals)
        if pred.funded_by is not None:
            _countries(report, e.id, [c for c in pred.funded_by.countries if c not in {"EU", "INT"}])


def _countries(report: Report, item_id: str, codes: list[str]) -> None:
    for c in codes:
        if c.startswith("@"):
            if c not in report.rs.groups:
                report.err(item_id, f"unknown country group {c!r}", expected="a group from _common/vocabulary.yaml")
        elif c not in ISO_ALPHA2:
            report.err(item_id, f"unknown country code {c!r}", expected="ISO 3166-1 alpha-2")


def _kinds(report: Report, item_id: str, kinds: list[str] | None) -> None:
    for k in kinds or []:
        if k not in report.rs.activity_kinds:
            report.err(item_id, f"unknown activity kind {k!r}", expected="a kind from _common/vocabulary.yaml")


def _fact(report: Report, item_id: str, name: str, value: object) -> None:
    fd = report.rs.facts.get(name)
    if fd is None:
        report.err(item_id, f"unknown fact {name!r}", expected="a fact from _common/vocabulary.yaml")
        return
    want = {"bool": bool, "int": int, "str": str}[fd.type]
    if not isinstance(value, want) or (fd.type == "int" and isinstance(value, bool)):
        report.err(item_id, f"fact {name!r} is compared with {value!r}", expected=fd.type)


def _lists(report: Report, item_id: str, lists: list[str]) -> None:
    for lid in lists:
        lst = report.rs.lists.get(lid)
        if lst is None:
            report.err(item_id, f"unknown designation list {lid!r}", expected="a file designations/<id>.yaml")
        elif (not lst.complete and lst.kind != "designated_areas" and absence_fact(lid) not in report.rs.facts
              and (not lst.groups_complete or lst.groups_complete_to is not None)):
            report.err(item_id, f"curated list {lid!r} (complete: false) can leave a group's absence open, but the "
                       f"vocabulary has no fact {absence_fact(lid)!r} for the file to answer it", severity="warning",
                       expected=f"a counterpart fact {absence_fact(lid)} (type bool) in _common/vocabulary.yaml, or "
                       "groups_complete: true on the list")
